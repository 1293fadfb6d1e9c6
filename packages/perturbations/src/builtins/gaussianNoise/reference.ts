import { fromPlanes, gaussian, mapPlanes, toPlanes, type BuiltinReference, type ImageF32 } from '../../reference'

function gaussianNoise(img: ImageF32, p: { sigma: number; seed: number }): ImageF32 {
  const seed = Math.round(p.seed)
  return fromPlanes(mapPlanes(toPlanes(img), (rgb, x, y) => rgb.map((v, c) => v + p.sigma * gaussian(x, y, seed, c)) as [number, number, number]))
}

export const reference: BuiltinReference = {
  id: 'gaussian-noise',
  // Box–Muller's log/cos run in float32 on the GPU, float64 on the CPU; errors grow in the tails (measured mean 1e-5, max 1.4e-4).
  tolerance: { mean: 3e-5, max: 5e-4 },
  compute: (img, p) => gaussianNoise(img, { sigma: p.sigma, seed: p.seed }),
}
