import { describe, expect, test } from 'vitest'
import { IMAGENET_C_LEVELS } from '../imagenetC'
import { reference } from './reference'
import { spatterSettings } from '.'

const gray = (size: number) => ({ width: size, height: size, data: new Float32Array(size * size * 4).fill(0.5) })

describe('spatter', () => {
  test('levels 1–3 are water, 4–5 mud, cross-faded in between; 0 is the identity', () => {
    IMAGENET_C_LEVELS.spatter.forEach(([loc, scale, sigma, threshold, c4, mud], i) => {
      const s = spatterSettings({ severity: i + 1, seed: 0 })
      expect(s).toMatchObject({ loc, scale, sigma, threshold, water: mud ? 0 : 1, mud })
      if (!mud) expect(s.intensity).toBe(c4)
    })
    expect(spatterSettings({ severity: 3.25, seed: 0 })).toMatchObject({ water: 0.75, mud: 0.25 })
    expect(spatterSettings({ severity: 0, seed: 0 })).toMatchObject({ water: 0, mud: 0 })
  })

  test.each([
    // wet share of the image: the reference's drop coverage at levels 2 and 3 (about 15 % and 24 %)
    [2, 0.1, 0.2],
    [3, 0.19, 0.3],
  ])('level %s: pale turquoise water (R 175, G 238, B 238) over %s–%s of the image', (severity, lo, hi) => {
    const size = 128
    const out = reference.compute(gray(size), { severity, seed: 5 })
    let wet = 0
    for (let i = 0; i < out.data.length; i += 4) {
      const [dr, dg, db] = [out.data[i] - 0.5, out.data[i + 1] - 0.5, out.data[i + 2] - 0.5]
      if (dg <= 1 / 255) continue
      wet++
      expect(dr).toBeGreaterThanOrEqual(0)
      expect(Math.abs(dg - db)).toBeLessThan(1.5 / 255)
      expect(dr).toBeLessThanOrEqual(dg * (175 / 238) + 1.5 / 255)
    }
    expect(wet / (size * size)).toBeGreaterThan(lo)
    expect(wet / (size * size)).toBeLessThan(hi)
  })

  test('level 5: brown mud (R 63, G 42, B 20) replaces the image where it lies', () => {
    const out = reference.compute(gray(128), { severity: 5, seed: 5 })
    let muddy = 0
    for (let i = 0; i < out.data.length; i += 4) {
      if (out.data[i] > 0.4) continue
      muddy++
      expect(out.data[i]).toBeGreaterThan(out.data[i + 1])
      expect(out.data[i + 1]).toBeGreaterThan(out.data[i + 2])
    }
    expect(muddy).toBeGreaterThan(0.05 * 128 * 128)
  })
})
