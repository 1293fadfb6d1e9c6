import { fromPlanes, gaussianBlur2d, toPlanes, type BuiltinReference } from '../../reference'

export const reference: BuiltinReference = {
  id: 'gaussian-blur',
  // Weighted sums of texels with float64-built weights: only float32 accumulation differs (measured max ≤ 5e-7).
  tolerance: { mean: 1e-6, max: 1e-5 },
  compute: (img, p) => fromPlanes(gaussianBlur2d(toPlanes(img), p.sigma)),
}
