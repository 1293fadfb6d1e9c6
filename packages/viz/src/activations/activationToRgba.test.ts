import { describe, expect, it } from 'vitest'
import { activationColor, activationToRgba } from './activationToRgba'

const pixels = (rgba: Uint8ClampedArray) => Array.from({ length: rgba.length / 4 }, (_, i) => Array.from(rgba.subarray(i * 4, i * 4 + 4)))

describe('activationToRgba', () => {
  it('colours positive red, negative blue, 0 black, with intensity |value| / divisor', () => {
    const sigma = 0.5
    const divisor = 4 * sigma
    // 0, 2σ, −2σ, 4σ, 6σ (clamped), −σ/4 (1/16 → 255/16 = 15.94 → 16), NaN
    const data = new Float32Array([0, 2 * sigma, -2 * sigma, 4 * sigma, 6 * sigma, -sigma / 4, Number.NaN])
    expect(pixels(activationToRgba(data, divisor))).toEqual([
      [0, 0, 0, 255],
      [128, 0, 0, 255],
      [0, 0, 128, 255],
      [255, 0, 0, 255],
      [255, 0, 0, 255],
      [0, 0, 16, 255],
      [0, 0, 0, 255],
    ])
  })

  it('fades from white on the light scheme', () => {
    expect(activationColor(0, 'light')).toEqual([255, 255, 255])
    expect(activationColor(0.5, 'light')).toEqual([255, 127, 127])
    expect(activationColor(-0.5, 'light')).toEqual([127, 127, 255])
    expect(activationColor(-1, 'light')).toEqual([0, 0, 255])
    expect(activationColor(0.25, 'dark')).toEqual([64, 0, 0])
  })

  it('reads one map out of channel-major data and writes into a given buffer', () => {
    // 2 channels of 2×2: channel 1 is the second block of 4
    const data = new Float32Array([9, 9, 9, 9, 1, -1, 0.5, 0])
    const out = new Uint8ClampedArray(16)
    const result = activationToRgba(data, 1, { offset: 4, length: 4, out })
    expect(result).toBe(out)
    expect(pixels(out)).toEqual([
      [255, 0, 0, 255],
      [0, 0, 255, 255],
      [128, 0, 0, 255],
      [0, 0, 0, 255],
    ])
  })

  it('refuses a slice outside the data or a buffer too small', () => {
    expect(() => activationToRgba(new Float32Array(4), 1, { offset: 2, length: 4 })).toThrow(RangeError)
    expect(() => activationToRgba(new Float32Array(4), 1, { out: new Uint8ClampedArray(8) })).toThrow(RangeError)
  })
})
