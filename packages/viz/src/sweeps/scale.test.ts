import { describe, expect, it } from 'vitest'
import { bandPath, finiteRuns, linePath } from './paths'
import { finiteExtent, formatNumber, fractionalIndex, linearScale, nearestIndex, niceTicks, padDomain } from './scale'

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 × 10ᵏ, inside the interval, without float noise', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
    expect(niceTicks(-70, 70, 5)).toEqual([-60, -40, -20, 0, 20, 40, 60])
    expect(niceTicks(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3])
    expect(niceTicks(0.1, 0.7, 6)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7])
    expect(niceTicks(3, 97, 10)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90])
    expect(niceTicks(0, 1000, 3)).toEqual([0, 500, 1000])
    expect(niceTicks(0, 1e-7, 4)).toEqual([0, 2e-8, 4e-8, 6e-8, 8e-8, 1e-7])
    // a padded probability axis keeps its round ticks
    expect(niceTicks(-0.05, 1.05, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1])
  })

  it('follows a reversed interval, and has one tick for a point and none for non-finite ends', () => {
    expect(niceTicks(1, 0, 5)).toEqual([1, 0.8, 0.6, 0.4, 0.2, 0])
    expect(niceTicks(-1, -1, 5)).toEqual([-1])
    expect(niceTicks(0, Number.NaN, 5)).toEqual([])
    expect(niceTicks(0, Infinity, 5)).toEqual([])
  })
})

describe('scales and domains', () => {
  it('maps linearly and back, and maps a zero-width domain onto the middle', () => {
    const s = linearScale([-70, 70], [48, 348])
    expect([s(-70), s(0), s(70)]).toEqual([48, 198, 348])
    expect(s.invert(123)).toBe(-35)
    const flat = linearScale([2, 2], [0, 100])
    expect(flat(2)).toBe(50)
    expect(flat.invert(10)).toBe(2)
  })

  it('finds the finite extent over several arrays, ignoring NaN and ±∞', () => {
    expect(finiteExtent([3, Number.NaN, -1], undefined, new Float32Array([7, Infinity]))).toEqual([-1, 7])
    expect(finiteExtent([Number.NaN])).toBeUndefined()
    expect(finiteExtent()).toBeUndefined()
  })

  it('pads a domain by a fraction of its span, and gives a constant one a non-zero span', () => {
    expect(padDomain([0, 1])).toEqual([-0.05, 1.05])
    expect(padDomain([10, 30], 0.1)).toEqual([8, 32])
    expect(padDomain([0.5, 0.5])).toEqual([0.45, 0.55])
    expect(padDomain([-2, -2])).toEqual([-2.2, -1.8])
    expect(padDomain([0, 0])).toEqual([-1, 1])
  })

  it('finds the nearest sample, the lower one on a tie', () => {
    const xs = [-70, -50, -20, 0, 40]
    expect([-100, -61, -60, -59, -21, 19, 21, 40, 99].map((v) => nearestIndex(xs, v))).toEqual([0, 0, 0, 1, 2, 3, 4, 4, 4])
    expect(nearestIndex([5], 100)).toBe(0)
    expect(nearestIndex([], 1)).toBe(-1)
    expect(nearestIndex(xs, Number.NaN)).toBe(-1)
  })

  it('places a value among uneven samples in fractional indices', () => {
    const xs = [-70, -50, -20]
    expect([-70, -60, -50, -30, -20].map((v) => fractionalIndex(xs, v))).toEqual([0, 0.5, 1, 1 + 2 / 3, 2])
    expect(fractionalIndex(xs, -71)).toBeUndefined()
    expect(fractionalIndex(xs, -19)).toBeUndefined()
    expect(fractionalIndex([4], 4)).toBe(0)
  })

  it('formats integers as they are and others to 3 significant digits', () => {
    expect([0.1 + 0.2, 12345, -54.4444, 1.23456e-7, 0.5, Number.NaN, -Infinity].map(formatNumber)).toEqual(['0.3', '12345', '-54.4', '1.23e-7', '0.5', '–', '-Infinity'])
  })
})

describe('paths', () => {
  const sx = linearScale([0, 4], [0, 40])
  const sy = linearScale([0, 1], [100, 0])

  it('splits runs at non-finite values', () => {
    expect(finiteRuns(6, [0, 1, Number.NaN, 3, 4, Infinity])).toEqual([[0, 1], [3, 4]])
    expect(finiteRuns(3, [1, 2, 3], [0, Number.NaN, 0])).toEqual([[0, 0], [2, 2]])
    expect(finiteRuns(2, [Number.NaN, Number.NaN])).toEqual([])
  })

  it('draws a line as one subpath per run, a lone point as a dot', () => {
    expect(linePath([0, 1, 2, 3, 4], [0, 0.5, 1, 0.25, 0.5], sx, sy)).toBe('M0,100L10,50L20,0L30,75L40,50')
    expect(linePath([0, 1, 2, 3, 4], [0, 0.5, Number.NaN, 0.25, 0.5], sx, sy)).toBe('M0,100L10,50M30,75L40,50')
    expect(linePath([0, 1, 2, 3, 4], [Number.NaN, 0.5, Number.NaN, 0.25, 0.5], sx, sy)).toBe('M10,50h0M30,75L40,50')
  })

  it('draws a band as the high edge forwards and the low edge back, closed', () => {
    expect(bandPath([0, 1, 2], [0, 0.25, 0.5], [0.5, 0.75, 1], sx, sy)).toBe('M0,50L10,25L20,0L20,50L10,75L0,100Z')
    expect(bandPath([0, 1, 2, 3], [0, Number.NaN, 0, 0], [1, 1, 1, 1], sx, sy)).toBe('M0,0L0,100ZM20,0L30,0L30,100L20,100Z')
  })
})
