import { describe, expect, it } from 'vitest'
import { autoDivisor, divisorFromSlider, normalizeActivation, resolveDivisor, sliderFromDivisor } from './normalization'

describe('activation normalisation (thesis §5.3)', () => {
  it('divides by four standard deviations of the layer by default', () => {
    expect(autoDivisor(0.5)).toBe(2)
    expect(autoDivisor(3.25)).toBe(13)
    expect(resolveDivisor(0, 0.25)).toBe(1)
    expect(resolveDivisor(undefined, 7)).toBe(28)
  })

  it('a value of 2σ is half intensity, ±4σ and beyond saturate', () => {
    const sigma = 0.37
    const divisor = autoDivisor(sigma)
    expect(normalizeActivation(2 * sigma, divisor)).toBeCloseTo(0.5, 12)
    expect(normalizeActivation(-2 * sigma, divisor)).toBeCloseTo(-0.5, 12)
    expect(normalizeActivation(4 * sigma, divisor)).toBe(1)
    expect(normalizeActivation(9 * sigma, divisor)).toBe(1)
    expect(normalizeActivation(-9 * sigma, divisor)).toBe(-1)
    expect(normalizeActivation(0, divisor)).toBe(0)
    expect(normalizeActivation(Number.NaN, divisor)).toBe(0)
  })

  it('falls back to 1 for a layer without spread instead of dividing by zero', () => {
    expect(autoDivisor(0)).toBe(1)
    expect(autoDivisor(Number.NaN)).toBe(1)
  })

  it('maps the slider as log10 of the divisor, 0 meaning automatic', () => {
    expect(divisorFromSlider(0)).toBeNull()
    expect(divisorFromSlider(1)).toBe(10)
    expect(divisorFromSlider(2)).toBe(100)
    expect(divisorFromSlider(3)).toBe(1000)
    expect(divisorFromSlider(0.5)).toBeCloseTo(Math.sqrt(10), 12)
    // the thesis' Figure 5.16 example: divisor 144
    expect(divisorFromSlider(sliderFromDivisor(144))).toBeCloseTo(144, 10)
    expect(sliderFromDivisor(null)).toBe(0)
    expect(sliderFromDivisor(1000)).toBeCloseTo(3, 12)
    expect(() => sliderFromDivisor(0)).toThrow(RangeError)
    // a manual divisor ignores the layer statistics
    expect(resolveDivisor(2, 0.25)).toBe(100)
  })
})
