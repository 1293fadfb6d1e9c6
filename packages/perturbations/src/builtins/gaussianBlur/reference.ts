import { fromPlanes, gaussianBlur2d, mapPixels, toPlanes, type BuiltinReference } from '../../reference'
import { IMAGENET_C_LEVELS, imagenetCOutputCpu, levelAt } from '../imagenetC'

export const reference: BuiltinReference = {
  id: 'gaussian-blur',
  // Weighted sums of texels with float64-built weights: only float32 accumulation differs (measured max ≤ 5e-7);
  // the ImageNet-C path truncates to 8 bits, where those sums can land one step apart
  tolerance: { mean: 1e-4, max: 1 / 255 + 1e-5 },
  compute: (img, p) => {
    if (!((p.severity ?? 0) > 0)) return fromPlanes(gaussianBlur2d(toPlanes(img), p.sigma))
    const sigma = levelAt(IMAGENET_C_LEVELS.gaussianBlur, p.severity)
    const blurred = fromPlanes(gaussianBlur2d(toPlanes(img), sigma, Math.floor(4 * sigma + 0.5)))
    return mapPixels(blurred, (r, g, b) => [imagenetCOutputCpu(r), imagenetCOutputCpu(g), imagenetCOutputCpu(b)])
  },
}
