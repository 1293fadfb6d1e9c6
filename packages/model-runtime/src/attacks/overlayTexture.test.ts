import { describe, expect, it } from 'vitest'
import { MAX_DELTA_GAIN, deltaDisplayGain, encodeOverlayTexture } from './overlayTexture'

/** Issue 13, item 5: the "δ only" view amplifies δ by a named factor instead of showing a grey square. */
describe('deltaDisplayGain', () => {
  it('picks the largest of 1, 2, 5, 10, 20, 50, … that keeps gain·max|δ| within ±0.5', () => {
    expect(deltaDisplayGain(8 / 255)).toBe(10) // L∞ at ε = 8/255: ±0.31 around grey
    expect(deltaDisplayGain(1 / 255)).toBe(100) // one step of ε/8
    expect(deltaDisplayGain(0.05)).toBe(10)
    expect(deltaDisplayGain(0.051)).toBe(5)
    expect(deltaDisplayGain(0.3)).toBe(1)
    expect(deltaDisplayGain(0.9)).toBe(1) // never shrinks
    expect(deltaDisplayGain(1e-7)).toBe(MAX_DELTA_GAIN)
    expect(deltaDisplayGain(0)).toBe(1)
    for (const linf of [0.001, 0.004, 0.02, 0.1]) expect(deltaDisplayGain(linf) * linf).toBeLessThanOrEqual(0.5)
  })
})

describe('encodeOverlayTexture', () => {
  it('multiplies δ by gain (rgb only; alpha stays 1), unscaled by default', () => {
    const delta = Float32Array.from([0.01, -0.02, 0.03, 0.04, 0, -0.01]) // 2×1 pixels
    expect(Array.from(encodeOverlayTexture(delta, 2, 1).data)).toEqual(Array.from(Float32Array.from([0.01, -0.02, 0.03, 1, 0.04, 0, -0.01, 1])))
    const amplified = encodeOverlayTexture(delta, 2, 1, { gain: 10 }).data
    expect(Array.from(amplified)).toEqual(Array.from(Float32Array.from([0.1, -0.2, 0.3, 1, 0.4, 0, -0.1, 1].map((v, i) => (i % 4 === 3 ? 1 : Math.fround(10 * delta[Math.floor(i / 4) * 3 + (i % 4)]))))))
  })
})
