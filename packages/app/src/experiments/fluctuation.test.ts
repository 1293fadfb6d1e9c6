import { describe, expect, test } from 'vitest'
import { sceneParamSpecs } from '@perturber/scene'
import { sampleValuesAt } from '../sweep/samples'
import { YAW_FLUCTUATION, fluctuationScore, fluctuationSummary, logitStd, topClasses } from './fluctuation'

/*
 * A 12-class prototype whose logits are, sorted, −7 −4 −1 1 2 3 4 5 6 7 9 11:
 * sum 36, mean 3; deviations −10 −7 −4 −2 −1 0 1 2 3 4 6 8, squares 100+49+16+4+1+0+1+4+9+16+36+64
 * = 300, population variance 300/12 = 25, std 5 (the sample std, ddof 1, would be √(300/11) ≈ 5.22).
 * Its top 10 are every class but 1 (−7) and 8 (−4).
 */
const prototype = new Float32Array([4, -7, 11, 2, 6, -1, 9, 1, -4, 7, 3, 5])

function changed(changes: Record<number, number>): Float32Array {
  const view = prototype.slice()
  for (const [c, delta] of Object.entries(changes)) view[Number(c)] += delta
  return view
}

// view 1: class 2 −3, class 6 +4 → |d| = √(9 + 16) = 5 (class 1 +12 is outside the top 10: with it, √(9 + 16 + 144) = 13)
// view 2: class 0 +1, class 5 −2, class 11 +2 → |d| = √(1 + 4 + 4) = 3
// view 3: class 3 −2, class 4 +3, class 10 −6 → |d| = √(4 + 9 + 36) = 7 (class 8 −30 is outside the top 10)
const views = [changed({ 2: -3, 6: 4, 1: 12 }), changed({ 0: 1, 5: -2, 11: 2 }), changed({ 3: -2, 4: 3, 10: -6, 8: -30 })]

describe('fluctuationScore (thesis eqs 7.1–7.2)', () => {
  test('sums the top-10 logit distances of the views and divides by the population std of the prototype', () => {
    // (5 + 3 + 7) / 5 = 3
    expect(fluctuationScore(prototype, views)).toBeCloseTo(3, 12)
    expect(fluctuationScore(Array.from(prototype), views.map((v) => Array.from(v)), 10)).toBeCloseTo(3, 12)
  })

  test('the prototype view itself contributes 0', () => {
    expect(fluctuationScore(prototype, [prototype, ...views])).toBeCloseTo(3, 12)
    expect(fluctuationScore(prototype, [prototype])).toBe(0)
  })

  test('topK counts only the prototype\'s k highest classes; above n it takes them all', () => {
    // top 1 is class 2 (11): view 1 moves it by 3, the others not → 3 / 5
    expect(fluctuationScore(prototype, views, 1)).toBeCloseTo(0.6, 12)
    // all 12 classes: view 1 √(9 + 16 + 144) = 13, view 2 3, view 3 √(4 + 9 + 36 + 900) = √949 → (16 + √949) / 5
    const all = (16 + Math.sqrt(949)) / 5
    expect(fluctuationScore(prototype, views, 12)).toBeCloseTo(all, 12)
    expect(fluctuationScore(prototype, views, 1000)).toBeCloseTo(all, 12)
  })

  test('is unchanged by an offset or a scale common to all logits (softmax-equivalent shift, logit scale)', () => {
    const shift = (v: Float32Array) => v.map((x) => x + 100)
    const scale = (v: Float32Array) => v.map((x) => x * 4)
    expect(fluctuationScore(shift(prototype), views.map(shift))).toBeCloseTo(3, 12)
    expect(fluctuationScore(scale(prototype), views.map(scale))).toBeCloseTo(3, 12)
  })

  test('refuses inputs it cannot score, saying why', () => {
    expect(() => fluctuationScore([], [[]])).toThrow(/no logits/)
    expect(() => fluctuationScore(prototype, [prototype.slice(0, 11)])).toThrow(/view 0 has 11 logits, the prototype 12/)
    expect(() => fluctuationScore(prototype, [])).toThrow(/no views/)
    expect(() => fluctuationScore([1, NaN, 2], [[1, 2, 3]])).toThrow(/prototype: logit 1 is NaN/)
    expect(() => fluctuationScore([1, 2, 3], [[1, 2, 3], [1, Infinity, 3]])).toThrow(/view 1: logit 1 is Infinity/)
    expect(() => fluctuationScore([2, 2, 2], [[1, 2, 3]])).toThrow(/standard deviation 0/)
    expect(() => fluctuationScore(prototype, views, 0)).toThrow(/topK/)
    expect(() => fluctuationScore(prototype, views, 2.5)).toThrow(RangeError)
  })
})

describe('the score\'s parts', () => {
  test('topClasses is c*: the k largest, largest first, ties in class order, all when k > n', () => {
    expect(topClasses(prototype, 3)).toEqual([2, 6, 9])
    expect(topClasses(prototype, 10).sort((a, b) => a - b)).toEqual([0, 2, 3, 4, 5, 6, 7, 9, 10, 11])
    expect(topClasses(prototype, 99)).toEqual([2, 6, 9, 4, 11, 0, 10, 3, 7, 5, 8, 1])
    expect(topClasses([1, 3, 3, 2, 3], 2)).toEqual([1, 2])
    expect(() => topClasses(prototype, 0)).toThrow(RangeError)
  })

  test('logitStd is the population std (5 for the prototype above, not the sample std ≈ 5.22)', () => {
    expect(logitStd(prototype)).toBeCloseTo(5, 12)
    expect(logitStd([2, 2, 2])).toBe(0)
    expect(() => logitStd([])).toThrow(/no logits/)
    expect(() => logitStd([1, NaN])).toThrow(/logit 1 is NaN/)
  })
})

describe('fluctuationSummary', () => {
  test('mean and population std of the prototypes\' scores', () => {
    // mean 40 / 8 = 5; squared deviations 9+1+1+1+0+0+4+16 = 32, /8 = 4, std 2 (ddof 1 would give √(32/7) ≈ 2.14)
    const s = fluctuationSummary([2, 4, 4, 4, 5, 5, 7, 9])
    expect(s.n).toBe(8)
    expect(s.mean).toBeCloseTo(5, 12)
    expect(s.std).toBeCloseTo(2, 12)
    expect(fluctuationSummary([1.5])).toEqual({ mean: 1.5, std: 0, n: 1 })
  })

  test('refuses no scores or a non-finite one', () => {
    expect(() => fluctuationSummary([])).toThrow(RangeError)
    expect(() => fluctuationSummary([1, NaN])).toThrow(/score 1 is NaN/)
  })
})

describe('YAW_FLUCTUATION', () => {
  test('is the thesis design: 7 yaws from −70° to 70°, prototype −23.3°, 2 pitches × 2 distances, top 10', () => {
    const d = YAW_FLUCTUATION
    expect(d.yaws).toHaveLength(7)
    expect(d.yaws[0]).toBe(-70)
    expect(d.yaws[3]).toBe(0)
    expect(d.yaws[6]).toBe(70)
    expect(d.yaws.map((y) => Math.round(y * 10) / 10)).toEqual([-70, -46.7, -23.3, 0, 23.3, 46.7, 70])
    expect(d.yaws[d.prototypeYawIndex]).toBeCloseTo(-23.33, 2)
    expect(d.pitches).toEqual([0, 16.7])
    expect(d.distances).toEqual([3.2, 4.0])
    expect(d.topK).toBe(10)
    expect(Object.isFrozen(d) && Object.isFrozen(d.yaws)).toBe(true)
  })

  test('its yaws are exactly the values of a 7-step sweep grid axis, so a sweep renders the same views', () => {
    const axis = { target: { kind: 'scene' as const, param: 'yaw' as const }, from: -70, to: 70, steps: 7 }
    const grid = Array.from({ length: 7 }, (_, i) => sampleValuesAt({ kind: 'grid', axes: [axis] }, i)[0])
    expect([...YAW_FLUCTUATION.yaws]).toEqual(grid)
  })

  test('every view lies inside the scene\'s camera ranges', () => {
    const range = (name: string) => sceneParamSpecs.find((s) => s.name === name)!
    for (const [name, values] of [['yaw', YAW_FLUCTUATION.yaws], ['pitch', YAW_FLUCTUATION.pitches], ['distance', YAW_FLUCTUATION.distances]] as const) {
      const { min, max } = range(name)
      for (const v of values) expect(v >= min && v <= max, `${name} ${v} in [${min}, ${max}]`).toBe(true)
    }
  })
})
