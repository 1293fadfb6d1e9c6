/** RGBA float data for a texture, ready for `new DataTexture(data, width, height, RGBAFormat, FloatType)`. */
export interface OverlayTextureData {
  width: number
  height: number
  /** RGBA, signed RGB = δ, alpha 1. */
  data: Float32Array
}

/**
 * Encodes a PGD perturbation δ ([h, w, 3] RGB, row 0 at the top, signed pixel units) as the
 * RGBA float texture the perturbations package's `adversarial-overlay` samples: it adds the texel's
 * rgb unchanged (`out = clamp(mix(0.5, c, originalAlpha) + attackAlpha·δ)`), so δ stays signed and
 * unscaled, and the texture must be float (8-bit textures cannot hold negative values).
 *
 * Rows are written bottom-up by default: the overlay reads image row y from texel row h−1−y
 * (`fetchImage`), which is where three.js puts data row h−1−y of a `DataTexture` (flipY is off for
 * data textures). Pass `rowOrder: 'top-down'` for image order (e.g. a canvas).
 */
export function encodeOverlayTexture(
  perturbation: Float32Array,
  width: number,
  height: number,
  options: { rowOrder?: 'bottom-up' | 'top-down'; target?: Float32Array } = {},
): OverlayTextureData {
  const count = width * height
  if (perturbation.length !== count * 3) {
    throw new Error(`Perturbation: expected ${width}×${height}×3 = ${count * 3} values, got ${perturbation.length}.`)
  }
  const data = options.target ?? new Float32Array(count * 4)
  if (data.length !== count * 4) throw new Error(`Texture target: expected ${count * 4} values, got ${data.length}.`)
  const flip = (options.rowOrder ?? 'bottom-up') === 'bottom-up'
  for (let y = 0; y < height; y++) {
    const row = flip ? height - 1 - y : y
    for (let x = 0; x < width; x++) {
      const src = (y * width + x) * 3
      const dst = (row * width + x) * 4
      data[dst] = perturbation[src]
      data[dst + 1] = perturbation[src + 1]
      data[dst + 2] = perturbation[src + 2]
      data[dst + 3] = 1
    }
  }
  return { width, height, data }
}
