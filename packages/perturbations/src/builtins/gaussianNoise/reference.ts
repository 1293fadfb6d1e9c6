import { fromPlanes, gaussian, mapPlanes, toPlanes, type BuiltinReference, type ImageF32 } from '../../reference'
import { IMAGENET_C_LEVELS, imagenetCOutputCpu, levelAt } from '../imagenetC'

function gaussianNoise(img: ImageF32, p: { sigma: number; seed: number; severity: number }): ImageF32 {
  const seed = Math.round(p.seed)
  const imagenetC = p.severity > 0
  const sigma = imagenetC ? Math.fround(levelAt(IMAGENET_C_LEVELS.gaussianNoise, p.severity)) : p.sigma
  const out = (v: number) => (imagenetC ? imagenetCOutputCpu(v) : v)
  return fromPlanes(mapPlanes(toPlanes(img), (rgb, x, y) => rgb.map((v, c) => out(v + sigma * gaussian(x, y, seed, c))) as [number, number, number]))
}

export const reference: BuiltinReference = {
  id: 'gaussian-noise',
  // Box–Muller's log/cos run in float32 on the GPU, float64 on the CPU; errors grow in the tails (measured mean 1e-5, max 1.4e-4);
  // with the ImageNet-C truncation such an error can move a value one 8-bit step
  tolerance: { mean: 2e-4, max: 1 / 255 + 5e-4 },
  compute: (img, p) => gaussianNoise(img, { sigma: p.sigma, seed: p.seed, severity: p.severity ?? 0 }),
}
