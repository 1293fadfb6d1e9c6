import { createPlanes, fromPlanes, planeIndex, toPlanes, type BuiltinReference, type ImageF32 } from '../../reference'

/** Anti-aliased disk: weight clamp(r + ½ − distance, 0, 1), normalised, edge clamp. */
function defocusBlur(img: ImageF32, p: { radius: number }): ImageF32 {
  const src = toPlanes(img)
  const reach = Math.ceil(p.radius) + 1
  const taps: { dx: number; dy: number; w: number }[] = []
  for (let dy = -reach; dy <= reach; dy++) {
    for (let dx = -reach; dx <= reach; dx++) {
      const w = Math.min(1, Math.max(0, p.radius + 0.5 - Math.hypot(dx, dy)))
      if (w > 0) taps.push({ dx, dy, w })
    }
  }
  const total = taps.reduce((a, t) => a + t.w, 0)
  const out = createPlanes(src.width, src.height)
  for (let y = 0; y < src.height; y++) {
    for (let x = 0; x < src.width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0
        for (const t of taps) sum += t.w * src.data[planeIndex(src, x + t.dx, y + t.dy, c)]
        out.data[(y * src.width + x) * 3 + c] = sum / total
      }
    }
  }
  return fromPlanes(out)
}

// Weighted sums of texels with float64-built weights: only float32 accumulation differs (measured max ≤ 5e-7).
export const reference: BuiltinReference = { id: 'defocus-blur', tolerance: { mean: 1e-6, max: 1e-5 }, compute: (img, p) => defocusBlur(img, { radius: p.radius }) }
