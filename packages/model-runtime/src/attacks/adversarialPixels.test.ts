import { describe, expect, it } from 'vitest'
import { adversarialPixels } from './adversarialPixels'

describe('adversarialPixels', () => {
  const delta = new Float32Array([0.25, -0.25, 0.5, -1, 1, 0])

  it('adds δ to a float frame, clamps to [0, 1] and keeps the alpha', () => {
    const data = new Float32Array([0.5, 0.5, 0.75, 1, 0.5, 0.1, 0.9, 0.5])
    const out = adversarialPixels({ frameId: 0, width: 2, height: 1, data }, delta)
    expect(Array.from(out)).toEqual([0.75, 0.25, 1, 1, 0, 1, Math.fround(0.9), 0.5])
    expect(Array.from(data)).toEqual(Array.from(new Float32Array([0.5, 0.5, 0.75, 1, 0.5, 0.1, 0.9, 0.5]))) // untouched
  })

  it('reads bytes as 0..255', () => {
    const data = new Uint8ClampedArray([255, 0, 51, 255, 102, 204, 0, 255])
    const out = adversarialPixels({ frameId: 0, width: 2, height: 1, data }, delta)
    expect(Array.from(out)).toEqual(Array.from(new Float32Array([1, 0, 0.2 + 0.5, 1, 0, 1, 0, 1])))
  })

  it('refuses a δ of another size, naming both', () => {
    expect(() => adversarialPixels({ frameId: 0, width: 2, height: 2, data: new Float32Array(16) }, delta)).toThrow(
      'Adversarial pixels: a 2×2 frame needs 16 RGBA values and 12 δ values, got 16 and 6.',
    )
  })
})
