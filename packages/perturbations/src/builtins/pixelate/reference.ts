import { createPlanes, fromPlanes, toPlanes, type BuiltinReference, type ImageF32 } from '../../reference'

/** Mean colour of every top-left-aligned block (edge blocks: only their pixels inside the image). */
function pixelate(img: ImageF32, p: { blockSize: number }): ImageF32 {
  const b = Math.max(1, Math.round(p.blockSize))
  const src = toPlanes(img)
  const out = createPlanes(img.width, img.height)
  for (let by = 0; by < img.height; by += b) {
    for (let bx = 0; bx < img.width; bx += b) {
      const x1 = Math.min(bx + b, img.width)
      const y1 = Math.min(by + b, img.height)
      const mean = [0, 0, 0]
      for (let y = by; y < y1; y++) for (let x = bx; x < x1; x++) for (let c = 0; c < 3; c++) mean[c] += src.data[(y * img.width + x) * 3 + c]
      const n = (x1 - bx) * (y1 - by)
      for (let y = by; y < y1; y++) for (let x = bx; x < x1; x++) for (let c = 0; c < 3; c++) out.data[(y * img.width + x) * 3 + c] = mean[c] / n
    }
  }
  return fromPlanes(out)
}

// Weighted sums of texels with float64-built weights: only float32 accumulation differs (measured max ≤ 5e-7).
export const reference: BuiltinReference = { id: 'pixelate', tolerance: { mean: 1e-6, max: 1e-5 }, compute: (img, p) => pixelate(img, { blockSize: p.blockSize }) }
