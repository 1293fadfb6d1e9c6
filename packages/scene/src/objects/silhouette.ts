/**
 * CPU silhouettes for checks and tests: orthographic side view (projection onto the x-y
 * plane) rasterised into a boolean mask, and the intersection-over-union of two masks.
 */

/** Rasterises all triangles projected onto x-y; pixel (i, j) covers x, y in [-extent, extent]. */
export function sideSilhouette(positions: Float32Array, indices: Uint32Array, size = 64, extent = 1.05): Uint8Array {
  const mask = new Uint8Array(size * size)
  const toPx = (x: number) => ((x + extent) / (2 * extent)) * size
  for (let t = 0; t < indices.length; t += 3) {
    const a = indices[t] * 3, b = indices[t + 1] * 3, c = indices[t + 2] * 3
    const ax = toPx(positions[a]), ay = toPx(positions[a + 1])
    const bx = toPx(positions[b]), by = toPx(positions[b + 1])
    const cx = toPx(positions[c]), cy = toPx(positions[c + 1])
    const area = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
    if (area === 0) continue
    const x0 = Math.max(0, Math.floor(Math.min(ax, bx, cx))), x1 = Math.min(size - 1, Math.ceil(Math.max(ax, bx, cx)))
    const y0 = Math.max(0, Math.floor(Math.min(ay, by, cy))), y1 = Math.min(size - 1, Math.ceil(Math.max(ay, by, cy)))
    for (let j = y0; j <= y1; j++) {
      const py = j + 0.5
      for (let i = x0; i <= x1; i++) {
        const px = i + 0.5
        const w0 = ((bx - px) * (cy - py) - (by - py) * (cx - px)) / area
        const w1 = ((cx - px) * (ay - py) - (cy - py) * (ax - px)) / area
        const w2 = 1 - w0 - w1
        if (w0 >= 0 && w1 >= 0 && w2 >= 0) mask[(size - 1 - j) * size + i] = 1 // row 0 = top
      }
    }
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
