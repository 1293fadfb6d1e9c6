/**
 * Fitting an image to the model's input: the largest centred crop of the input's aspect ratio,
 * resized with an antialiased (triangle) filter. Pure arithmetic, no canvas, so the same file
 * gives the same pixels in every browser.
 */
import type { RgbaImage } from '@perturber/viz/sweeps'

/** Pixels to resample: RGBA, row 0 at the top; bytes (0–255) or floats in [0, 1]. */
export interface RgbaPixels {
  width: number
  height: number
  data: Uint8ClampedArray | Float32Array
}

/** A rectangle of source pixels. */
export interface CropRect {
  x: number
  y: number
  width: number
  height: number
}

/**
 * The largest rectangle of `width`:`height` centred in the image (its whole width or its whole
 * height), in whole pixels. Why a crop: squashing the image to a square would distort the shapes
 * a CNN relies on, and padding would add borders it never saw in training; the centre is where
 * photos put their subject, which is also why ImageNet evaluation crops there.
 */
export function centreCrop(imageWidth: number, imageHeight: number, width: number, height: number): CropRect {
  if (imageWidth * height > imageHeight * width) {
    const w = Math.max(1, Math.round((imageHeight * width) / height))
    return { x: Math.floor((imageWidth - w) / 2), y: 0, width: w, height: imageHeight }
  }
  const h = Math.max(1, Math.round((imageWidth * height) / width))
  return { x: 0, y: Math.floor((imageHeight - h) / 2), width: imageWidth, height: h }
}

/** Per output sample of one axis: the first source index and the normalised weights from there on. */
interface AxisWeights {
  first: Int32Array
  count: Int32Array
  weights: Float64Array
  /** taps per output sample (the stride of `weights`) */
  taps: number
}

/**
 * Triangle-filter weights along one axis (Pillow's antialiased bilinear resize): the filter is
 * stretched over `scale` source pixels when shrinking, so every source pixel counts and nothing
 * aliases; at scale 1 each output sample is exactly its source pixel. Taps outside the image are
 * dropped and the rest renormalised.
 */
function axisWeights(start: number, length: number, out: number, size: number): AxisWeights {
  const scale = length / out
  const stretch = Math.max(1, scale)
  const support = stretch
  const taps = Math.ceil(support) * 2 + 1
  const first = new Int32Array(out)
  const count = new Int32Array(out)
  const weights = new Float64Array(out * taps)
  for (let i = 0; i < out; i++) {
    const centre = start + (i + 0.5) * scale
    const lo = Math.max(0, Math.floor(centre - support + 0.5))
    const hi = Math.min(size, Math.floor(centre + support + 0.5))
    let sum = 0
    for (let x = lo; x < hi && x - lo < taps; x++) {
      const w = Math.max(0, 1 - Math.abs((x - centre + 0.5) / stretch))
      weights[i * taps + x - lo] = w
      sum += w
    }
    first[i] = lo
    count[i] = Math.min(hi - lo, taps)
    if (sum > 0) for (let k = 0; k < count[i]; k++) weights[i * taps + k] /= sum
  }
  return { first, count, weights, taps }
}

/**
 * Resamples `crop` of `image` to `width`×`height` (defaults: the whole image), as RGBA floats in
 * [0, 1], row 0 at the top, alpha 1. Transparency is dropped and the colour under it kept, as
 * PIL's `convert('RGB')` does when a training set is read. Bytes are divided by 255; at the same
 * size the pixels come through exactly.
 */
export function resampleRgba(image: RgbaPixels, width: number, height: number, crop: CropRect = { x: 0, y: 0, width: image.width, height: image.height }): Float32Array {
  const { data } = image
  // a division, not a product with 1/255: a byte then becomes exactly the float `byte / 255` gives
  const unit = data instanceof Float32Array ? 1 : 255
  const xs = axisWeights(crop.x, crop.width, width, image.width)
  const ys = axisWeights(crop.y, crop.height, height, image.height)
  const rowFrom = ys.first[0]
  const rowTo = ys.first[height - 1] + ys.count[height - 1]
  // horizontal pass over the rows the vertical pass reads
  const rows = new Float64Array((rowTo - rowFrom) * width * 3)
  for (let y = rowFrom; y < rowTo; y++) {
    const src = y * image.width * 4
    const dst = (y - rowFrom) * width * 3
    for (let i = 0; i < width; i++) {
      let r = 0, g = 0, b = 0
      const w0 = i * xs.taps
      for (let k = 0, x = xs.first[i]; k < xs.count[i]; k++, x++) {
        const w = xs.weights[w0 + k]
        const p = src + x * 4
        r += w * data[p]
        g += w * data[p + 1]
        b += w * data[p + 2]
      }
      rows[dst + i * 3] = r
      rows[dst + i * 3 + 1] = g
      rows[dst + i * 3 + 2] = b
    }
  }
  const out = new Float32Array(width * height * 4)
  for (let j = 0; j < height; j++) {
    const w0 = j * ys.taps
    for (let i = 0; i < width; i++) {
      let r = 0, g = 0, b = 0
      for (let k = 0, y = ys.first[j]; k < ys.count[j]; k++, y++) {
        const w = ys.weights[w0 + k]
        const p = ((y - rowFrom) * width + i) * 3
        r += w * rows[p]
        g += w * rows[p + 1]
        b += w * rows[p + 2]
      }
      const o = (j * width + i) * 4
      out[o] = Math.min(1, Math.max(0, r / unit))
      out[o + 1] = Math.min(1, Math.max(0, g / unit))
      out[o + 2] = Math.min(1, Math.max(0, b / unit))
      out[o + 3] = 1
    }
  }
  return out
}

/** An image fitted to `width`×`height` (the model's input): centre crop ({@link centreCrop}), then {@link resampleRgba}. */
export function fitImage(image: RgbaPixels, width: number, height: number): Float32Array {
  return resampleRgba(image, width, height, centreCrop(image.width, image.height, width, height))
}

/** A small copy of a frame for browsing: at most `size` pixels on its longer side, sRGB bytes. */
export function thumbnailOf(frame: RgbaPixels, size: number): RgbaImage {
  const scale = Math.min(1, size / Math.max(frame.width, frame.height))
  const width = Math.max(1, Math.round(frame.width * scale))
  const height = Math.max(1, Math.round(frame.height * scale))
  const floats = resampleRgba(frame, width, height)
  const data = new Uint8ClampedArray(floats.length)
  for (let i = 0; i < floats.length; i++) data[i] = Math.round(floats[i] * 255)
  return { width, height, data }
}
