/** A float RGBA image, row 0 at the top: the currency of the CPU references. */
export interface ImageF32 {
  width: number
  height: number
  data: Float32Array
}

export function createImage(width: number, height: number): ImageF32 {
  return { width, height, data: new Float32Array(width * height * 4) }
}

export function cloneImage(img: ImageF32): ImageF32 {
  return { width: img.width, height: img.height, data: img.data.slice() }
}

/** Pixel with edge clamping, like the GPU's `fetchImage`. */
export function getPixel(img: ImageF32, x: number, y: number): [number, number, number, number] {
  const xi = Math.min(img.width - 1, Math.max(0, x))
  const yi = Math.min(img.height - 1, Math.max(0, y))
  const i = (yi * img.width + xi) * 4
  const d = img.data
  return [d[i], d[i + 1], d[i + 2], d[i + 3]]
}

/** Applies `fn` to every pixel's rgb; alpha is set to 1 like the GPU passes do. */
export function mapPixels(img: ImageF32, fn: (r: number, g: number, b: number, x: number, y: number) => [number, number, number]): ImageF32 {
  const out = createImage(img.width, img.height)
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 4
      const [r, g, b] = fn(img.data[i], img.data[i + 1], img.data[i + 2], x, y)
      out.data[i] = clamp01(r)
      out.data[i + 1] = clamp01(g)
      out.data[i + 2] = clamp01(b)
      out.data[i + 3] = 1
    }
  }
  return out
}

export const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v)

/** Mean and max absolute difference over rgb. */
export function compareImages(a: ImageF32, b: ImageF32): { mean: number; max: number } {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`size mismatch ${a.width}x${a.height} vs ${b.width}x${b.height}`)
  let sum = 0
  let max = 0
  let n = 0
  for (let i = 0; i < a.data.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const d = Math.abs(a.data[i + c] - b.data[i + c])
      sum += d
      if (d > max) max = d
      n++
    }
  }
  return { mean: sum / n, max }
}

/**
 * Float64 RGB planes (3 values per pixel, row 0 at the top) for the references' intermediate
 * results, which may be signed or out of range (e.g. a high-frequency band) like the GPU's
 * float render targets.
 */
export interface Planes {
  width: number
  height: number
  data: Float64Array
}

export function toPlanes(img: ImageF32): Planes {
  const data = new Float64Array(img.width * img.height * 3)
  for (let i = 0, j = 0; j < data.length; i += 4, j += 3) {
    data[j] = img.data[i]
    data[j + 1] = img.data[i + 1]
    data[j + 2] = img.data[i + 2]
  }
  return { width: img.width, height: img.height, data }
}

export function createPlanes(width: number, height: number): Planes {
  return { width, height, data: new Float64Array(width * height * 3) }
}

/** Back to a displayable image: clamped to [0, 1], alpha 1, like the last GPU pass writes. */
export function fromPlanes(p: Planes): ImageF32 {
  const out = createImage(p.width, p.height)
  for (let i = 0, j = 0; j < p.data.length; i += 4, j += 3) {
    out.data[i] = clamp01(p.data[j])
    out.data[i + 1] = clamp01(p.data[j + 1])
    out.data[i + 2] = clamp01(p.data[j + 2])
    out.data[i + 3] = 1
  }
  return out
}

/** Index of channel c of pixel (x, y) with edge clamping, like `fetchImage`. */
export function planeIndex(p: Planes, x: number, y: number, c: number): number {
  const xi = x < 0 ? 0 : x >= p.width ? p.width - 1 : x
  const yi = y < 0 ? 0 : y >= p.height ? p.height - 1 : y
  return (yi * p.width + xi) * 3 + c
}

/** Applies `fn` to every pixel's rgb, unclamped. */
export function mapPlanes(p: Planes, fn: (rgb: [number, number, number], x: number, y: number) => [number, number, number]): Planes {
  const out = createPlanes(p.width, p.height)
  for (let y = 0; y < p.height; y++) {
    for (let x = 0; x < p.width; x++) {
      const i = (y * p.width + x) * 3
      const v = fn([p.data[i], p.data[i + 1], p.data[i + 2]], x, y)
      out.data[i] = v[0]
      out.data[i + 1] = v[1]
      out.data[i + 2] = v[2]
    }
  }
  return out
}
