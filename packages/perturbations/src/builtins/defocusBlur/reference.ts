import { createPlanes, fromPlanes, planeIndex, toPlanes, type BuiltinReference, type ImageF32 } from '../../reference'
import { imagenetCDefocusKernel, kernelTieBias, reflect101 } from '.'

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

/**
 * The reference's `cv2.filter2D(x, -1, disk(…))` per channel: correlation with the effect's
 * float32 kernel (`imagenetCDisk`, checked against the Python's output images by the ImageNet-C
 * browser test), reflect-101 border, float64 sums, then the 8-bit truncation.
 */
function imagenetCDefocusBlur(img: ImageF32, severity: number): ImageF32 {
  const { size, weights } = imagenetCDefocusKernel(severity)
  const bias = kernelTieBias(weights)
  const half = (size - 1) / 2
  const src = toPlanes(img)
  const { width: w, height: h } = src
  const out = createPlanes(w, h)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++) {
        let sum = 0
        for (let ky = 0; ky < size; ky++) {
          const row = reflect101(y + ky - half, h) * w
          for (let kx = 0; kx < size; kx++) {
            const k = weights[ky * size + kx]
            if (k !== 0) sum += k * src.data[(row + reflect101(x + kx - half, w)) * 3 + c]
          }
        }
        out.data[(y * w + x) * 3 + c] = Math.floor(Math.fround(Math.fround(Math.min(1, Math.max(0, sum))) * 255) + bias) / 255
      }
  return fromPlanes(out)
}

// Weighted sums of texels with float64-built weights: only float32 accumulation differs (measured max ≤ 5e-7);
// the ImageNet-C path truncates to 8 bits, where those sums can land one step apart
export const reference: BuiltinReference = {
  id: 'defocus-blur',
  tolerance: { mean: 1e-4, max: 1 / 255 + 1e-5 },
  compute: (img, p) => ((p.severity ?? 0) > 0 ? imagenetCDefocusBlur(img, p.severity) : defocusBlur(img, { radius: p.radius })),
}
