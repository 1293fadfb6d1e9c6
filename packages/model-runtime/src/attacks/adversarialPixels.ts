import type { FramePixels } from '../types'

/**
 * The pixels an attacked model sees: the clean frame plus a PGD step's δ (`perturbation`, [h, w, 3]
 * RGB in pixel units, as `PgdStepResult` gives it), clamped to [0, 1], as RGBA floats with the
 * frame's alpha. The frame holds bytes in 0..255 or floats in [0, 1].
 */
export function adversarialPixels(frame: FramePixels, perturbation: Float32Array): Float32Array {
  const { width, height, data } = frame
  const count = width * height
  if (data.length !== count * 4 || perturbation.length !== count * 3) {
    throw new Error(`Adversarial pixels: a ${width}×${height} frame needs ${count * 4} RGBA values and ${count * 3} δ values, got ${data.length} and ${perturbation.length}.`)
  }
  const scale = data instanceof Float32Array ? 1 : 1 / 255
  const out = new Float32Array(count * 4)
  for (let p = 0, q = 0; p < out.length; p += 4, q += 3) {
    for (let c = 0; c < 3; c++) out[p + c] = Math.min(1, Math.max(0, data[p + c] * scale + perturbation[q + c]))
    out[p + 3] = data[p + 3] * scale
  }
  return out
}
