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
 * data textures). Pass `rowOrder: 'top-down'` for image order (e.g. a canvas). `gain` multiplies δ
 * (default 1, the attack as the model sees it; see {@link deltaDisplayGain} for a view of δ alone).
 */
export function encodeOverlayTexture(
  perturbation: Float32Array,
  width: number,
  height: number,
  options: { rowOrder?: 'bottom-up' | 'top-down'; target?: Float32Array; gain?: number } = {},
): OverlayTextureData {
  const count = width * height
  if (perturbation.length !== count * 3) {
    throw new Error(`Perturbation: expected ${width}×${height}×3 = ${count * 3} values, got ${perturbation.length}.`)
  }
  const data = options.target ?? new Float32Array(count * 4)
  if (data.length !== count * 4) throw new Error(`Texture target: expected ${count * 4} values, got ${data.length}.`)
  const flip = (options.rowOrder ?? 'bottom-up') === 'bottom-up'
  const gain = options.gain ?? 1
  for (let y = 0; y < height; y++) {
    const row = flip ? height - 1 - y : y
    for (let x = 0; x < width; x++) {
      const src = (y * width + x) * 3
      const dst = (row * width + x) * 4
      data[dst] = gain * perturbation[src]
      data[dst + 1] = gain * perturbation[src + 1]
      data[dst + 2] = gain * perturbation[src + 2]
      data[dst + 3] = 1
    }
  }
  return { width, height, data }
}

/** The factors {@link deltaDisplayGain} picks from: 1, 2, 5, 10, 20, 50, … */
const NICE_FACTORS = [1, 2, 5]
/** Largest display factor (δ of a hundredth of a grey level would otherwise be stretched without end). */
export const MAX_DELTA_GAIN = 1000

/**
 * How much to amplify δ to show it alone (the adversarial overlay's Original Alpha at 0: grey +
 * gain·δ): the largest of 1, 2, 5, 10, 20, 50, … (at most {@link MAX_DELTA_GAIN}) that keeps
 * gain·max|δ| within ±0.5, so the strongest change reaches from mid-grey towards black or white
 * without clipping. An L∞ attack at ε = 8/255 shows ×10; 1 when δ is 0.
 */
export function deltaDisplayGain(linf: number): number {
  if (!(linf > 0)) return 1
  let best = 1
  for (let decade = 1; decade <= MAX_DELTA_GAIN; decade *= 10) {
    for (const f of NICE_FACTORS) if (f * decade <= MAX_DELTA_GAIN && f * decade * linf <= 0.5) best = f * decade
  }
  return best
}
