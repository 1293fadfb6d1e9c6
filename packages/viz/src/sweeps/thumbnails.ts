/** RGBA pixels, row-major, 4 bytes a pixel. */
export interface RgbaImage {
  width: number
  height: number
  data: Uint8ClampedArray
}

/** What a weight of 0 fades to: the widgets' page background (#fff). */
export const THUMBNAIL_BACKGROUND = 255

/**
 * An input image weighted by how strongly it drives a channel, as OpenAI Microscope shows
 * dataset examples: the stronger |weight| / maxAbs, the more of the image shows; a negative
 * weight shows the image colour-inverted (255 − rgb), so inputs that suppress the channel read
 * as "the opposite" at a glance.
 *
 * The image is blended towards white, not mid-grey: white is the page the grid sits on, so a weak
 * input fades into the page and reads as absent, whereas a grey blend reads as a grey, low-contrast
 * picture (and would look the same as a genuinely grey input). Inversion happens first, so weak
 * inputs of either sign fade to the same white. Alpha is kept as it is.
 */
export function weightedThumbnail(image: RgbaImage, weight: number, maxAbs: number): Uint8ClampedArray {
  const { data } = image
  const out = new Uint8ClampedArray(data.length)
  // NaN weights and an all-zero set of weights show nothing rather than everything
  const amount = maxAbs > 0 && Number.isFinite(weight) ? Math.min(1, Math.abs(weight) / maxAbs) : 0
  const invert = weight < 0
  const bg = THUMBNAIL_BACKGROUND
  for (let i = 0; i < data.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const v = invert ? 255 - data[i + c] : data[i + c]
      out[i + c] = Math.round(bg + (v - bg) * amount)
    }
    out[i + 3] = data[i + 3]
  }
  return out
}

/** The largest |weight| of a set (0 for none), the reference `weightedThumbnail` scales by. */
export function maxAbsWeight(weights: Iterable<number>): number {
  let max = 0
  for (const w of weights) if (Math.abs(w) > max) max = Math.abs(w)
  return max
}
