import { describe, expect, it } from 'vitest'
import { cssGradient, divergingColors, effectiveDomain, interpolateStops, relativeLuminance, sequentialColors, valuesToRgba } from './colorScale'

const pixels = (rgba: Uint8ClampedArray) => Array.from({ length: rgba.length / 4 }, (_, i) => Array.from(rgba.subarray(i * 4, i * 4 + 4)))

describe('colour maps', () => {
  it('has viridis ends and centre, clamped outside [0, 1]', () => {
    expect(sequentialColors(0)).toEqual([68, 1, 84])
    expect(sequentialColors(0.5)).toEqual([33, 145, 140])
    expect(sequentialColors(1)).toEqual([253, 231, 37])
    expect(sequentialColors(-3)).toEqual([68, 1, 84])
    expect(sequentialColors(7)).toEqual([253, 231, 37])
    expect(sequentialColors(Number.NaN)).toEqual([68, 1, 84])
  })

  it('interpolates linearly between neighbouring stops', () => {
    const map = interpolateStops([[0, 0, 0], [100, 200, 50], [200, 200, 250]])
    expect(map(0.25)).toEqual([50, 100, 25])
    expect(map(0.75)).toEqual([150, 200, 150])
    // 0.125 of the way: 12.5 → 13, 25, 6.25 → 6
    expect(map(0.0625)).toEqual([13, 25, 6])
  })

  it('gets lighter all the way along the sequential map', () => {
    const luminance = Array.from({ length: 101 }, (_, i) => relativeLuminance(sequentialColors(i / 100)))
    for (let i = 1; i < luminance.length; i++) expect(luminance[i], `t = ${i / 100}`).toBeGreaterThan(luminance[i - 1])
    expect(luminance[0]).toBeLessThan(0.03)
    expect(luminance[100]).toBeGreaterThan(0.7)
  })

  it('goes blue, white at the centre, red', () => {
    expect(divergingColors(0)).toEqual([5, 113, 176])
    expect(divergingColors(0.25)).toEqual([146, 197, 222])
    expect(divergingColors(0.5)).toEqual([255, 255, 255])
    expect(divergingColors(1)).toEqual([202, 0, 32])
    // lightest in the middle, darker towards both ends
    expect(relativeLuminance(divergingColors(0.4))).toBeGreaterThan(relativeLuminance(divergingColors(0.1)))
    expect(relativeLuminance(divergingColors(0.6))).toBeGreaterThan(relativeLuminance(divergingColors(0.9)))
  })
})

describe('valuesToRgba', () => {
  it('colours values on their domain, clamps outside it and makes NaN transparent', () => {
    expect(pixels(valuesToRgba([0, 5, 10, -1, 11, Number.NaN], [0, 10], 'sequential'))).toEqual([
      [68, 1, 84, 255],
      [33, 145, 140, 255],
      [253, 231, 37, 255],
      [68, 1, 84, 255],
      [253, 231, 37, 255],
      [0, 0, 0, 0],
    ])
  })

  it('centres a diverging scale on 0, symmetric to the larger end', () => {
    expect(effectiveDomain([-1, 3], 'diverging')).toEqual([-3, 3])
    expect(effectiveDomain([-1, 3], 'sequential')).toEqual([-1, 3])
    // on [−1, 3]: 0 is white, 3 full red, −1 a third of the way to blue (t = 1/3)
    expect(pixels(valuesToRgba([0, 3, -1.5], [-1, 3], 'diverging'))).toEqual([
      [255, 255, 255, 255],
      [202, 0, 32, 255],
      [146, 197, 222, 255],
    ])
  })

  it('writes the last row first when flipped, into a given buffer', () => {
    const out = new Uint8ClampedArray(6 * 4)
    // 3×2: row 0 = 0, 0, 0 (dark), row 1 = 1, NaN, 1 (yellow)
    const result = valuesToRgba([0, 0, 0, 1, Number.NaN, 1], [0, 1], 'sequential', { out, width: 3, flipY: true })
    expect(result).toBe(out)
    expect(pixels(out)).toEqual([
      [253, 231, 37, 255],
      [0, 0, 0, 0],
      [253, 231, 37, 255],
      [68, 1, 84, 255],
      [68, 1, 84, 255],
      [68, 1, 84, 255],
    ])
  })

  it('samples a map into a CSS gradient', () => {
    expect(cssGradient(sequentialColors, 'to right', 4)).toBe(
      'linear-gradient(to right, rgb(68, 1, 84) 0%, rgb(59, 82, 139) 25%, rgb(33, 145, 140) 50%, rgb(94, 201, 98) 75%, rgb(253, 231, 37) 100%)',
    )
  })
})
