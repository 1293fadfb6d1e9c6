import { fromPlanes, gaussianBlur2d, grayPlanes, mapPlanes, toPlanes, type BuiltinReference, type ImageF32 } from '../../reference'

/** model-vs-human high-pass: x − G_σ * x + 0.5 of the (grayscaled) image; σ = 0 passes x through. */
function highPass(img: ImageF32, p: { sigma: number; grayscale: number }): ImageF32 {
  const x = grayPlanes(toPlanes(img), p.grayscale)
  if (!(p.sigma > 0)) return fromPlanes(x)
  const blurred = gaussianBlur2d(x, p.sigma)
  return fromPlanes(mapPlanes(x, (c, px, py) => c.map((v, k) => v - blurred.data[(py * x.width + px) * 3 + k] + 0.5) as [number, number, number]))
}

// Weighted sums of texels with float64-built weights: only float32 accumulation differs (measured max ≤ 5e-7).
export const reference: BuiltinReference = { id: 'high-pass', tolerance: { mean: 1e-6, max: 1e-5 }, compute: (img, p) => highPass(img, { sigma: p.sigma, grayscale: p.grayscale }) }
