import { fromPlanes, gaussianBlur2d, grayPlanes, toPlanes, type BuiltinReference } from '../../reference'

/** model-vs-human low-pass: grayscale (mixed in by `grayscale`) first, then the Gaussian. */
export const reference: BuiltinReference = {
  id: 'low-pass',
  // Weighted sums of texels with float64-built weights: only float32 accumulation differs (measured max ≤ 5e-7).
  tolerance: { mean: 1e-6, max: 1e-5 },
  compute: (img, p) => fromPlanes(gaussianBlur2d(grayPlanes(toPlanes(img), p.grayscale), p.sigma)),
}
