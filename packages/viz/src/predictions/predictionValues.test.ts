import { describe, expect, it } from 'vitest'
import { formatPredictionValue, predictionBars } from './predictionValues'

const p = (logit: number, probability: number, labelIndex = 0) => ({ labelIndex, label: `c${labelIndex}`, logit, probability })

describe('prediction bars', () => {
  it('normalises to the largest shown magnitude and shows only the top k', () => {
    const bars = predictionBars([p(4, 0.6), p(-8, 0.3), p(2, 0.05), p(1, 0.03), p(0, 0.01), p(-20, 0.01)], 'logits')
    expect(bars.map((b) => b.fraction)).toEqual([0.5, 1, 0.25, 0.125, 0])
    expect(bars.map((b) => b.value)).toEqual([4, -8, 2, 1, 0])
    expect(predictionBars([p(1, 0.6), p(1, 0.3)], 'probabilities', 1).map((b) => b.fraction)).toEqual([1])
    expect(predictionBars([p(0, 0)], 'logits')[0].fraction).toBe(0)
  })

  it('formats probabilities as percentages and logits with three significant digits', () => {
    expect(formatPredictionValue(0.87314, 'probabilities')).toBe('87.3%')
    expect(formatPredictionValue(12.3456, 'logits')).toBe('12.3')
    expect(formatPredictionValue(-0.5, 'logits')).toBe('-0.500')
    expect(formatPredictionValue(0.041234, 'logits')).toBe('0.0412')
    expect(formatPredictionValue(12345, 'logits')).toBe('1.23e+4')
  })
})
