/**
 * CPU silhouettes for checks and tests: orthographic side view (projection onto the x-y
 * plane) rasterised into a boolean mask, and the intersection-over-union of two masks.
 */
import { rasterizeTriangle } from './geometry'

/** Rasterises all triangles projected onto x-y; pixel (i, j) covers x, y in [-extent, extent]. */
export function sideSilhouette(positions: Float32Array, indices: Uint32Array, size = 64, extent = 1.05): Uint8Array {
  const mask = new Uint8Array(size * size)
  const toPx = (x: number) => ((x + extent) / (2 * extent)) * size
  const corner = (i: number): [number, number] => [toPx(positions[i]), toPx(positions[i + 1])]
  for (let t = 0; t < indices.length; t += 3) {
    const a = indices[t] * 3, b = indices[t + 1] * 3, c = indices[t + 2] * 3
    rasterizeTriangle(corner(a), corner(b), corner(c), size, (i, j) => {
      mask[(size - 1 - j) * size + i] = 1 // row 0 = top
    })
  }
  return mask
}

/** Intersection over union of two equally sized masks (1 for two empty masks). */
export function maskIoU(a: Uint8Array, b: Uint8Array): number {
  let inter = 0, union = 0
  for (let i = 0; i < a.length; i++) {
    if (a[i] && b[i]) inter++
    if (a[i] || b[i]) union++
  }
  return union ? inter / union : 1
}

/** Linear interpolation of two position arrays (the morph). */
export function lerpPositions(a: Float32Array, b: Float32Array, t: number): Float32Array {
  const out = new Float32Array(a.length)
  for (let i = 0; i < a.length; i++) out[i] = a[i] + (b[i] - a[i]) * t
  return out
}
