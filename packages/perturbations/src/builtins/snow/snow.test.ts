import { describe, expect, test } from 'vitest'
import { IMAGENET_C_LEVELS } from '../imagenetC'
import { snowBlurTaps, snowSettings } from '.'

describe('snow', () => {
  test('whole severities are the reference levels; the zoom crops as clipped_zoom does', () => {
    IMAGENET_C_LEVELS.snow.forEach(([loc, scale, zoom, threshold, radius, sigma, imageWeight], i) => {
      const s = snowSettings({ severity: i + 1, seed: 0 }, 224, 224)
      expect(s).toMatchObject({ amount: 1, loc, scale, threshold, taps: 2 * radius + 1, sigma, imageWeight })
      expect(s.crop[0]).toBe(Math.ceil(224 / zoom))
      expect(s.zoomed[0]).toBe(Math.round(Math.ceil(224 / zoom) * zoom))
    })
    expect(snowSettings({ severity: 1, seed: 0 }, 224, 224).zoomed).toEqual([225, 225])
    expect(snowSettings({ severity: 0, seed: 0 }, 224, 224)).toMatchObject({ amount: 0, imageWeight: 1 })
  })

  test('every seed draws its angle in the reference range [−135°, −45°]', () => {
    for (let seed = 0; seed < 1000; seed++) {
      const { angle } = snowSettings({ severity: 3, seed }, 224, 224)
      expect(angle).toBeGreaterThanOrEqual(-135)
      expect(angle).toBeLessThan(-45)
    }
  })

  // −(dx, dy) of the reference's shift per tap, from imagecorruptions' `_motion_blur` at this angle
  test('taps read where the reference shifts, with normalised one-sided Gaussian weights', () => {
    const s = snowSettings({ severity: 1, seed: 1 }, 224, 224)
    expect(s.angle).toBeCloseTo(-64.08200355979261, 10)
    const python = [[0, 0], [0, -1], [1, -2], [1, -3], [2, -4], [2, -4], [3, -5], [3, -6], [3, -7], [4, -8], [4, -9], [5, -10], [5, -11], [6, -12], [6, -13], [7, -13], [7, -14], [7, -15], [8, -16], [8, -17], [9, -18]]
    const { offsets, weights } = snowBlurTaps(s)
    expect(Array.from({ length: 21 }, (_, i) => [offsets[2 * i], offsets[2 * i + 1]])).toEqual(python)
    expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6)
    expect(weights[1] / weights[0]).toBeCloseTo(Math.exp(-1 / 32), 6)
  })
})
