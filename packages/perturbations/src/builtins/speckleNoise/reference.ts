import { fromPlanes, gaussian, mapPlanes, toPlanes, type BuiltinReference, type ImageF32 } from '../../reference'
import { IMAGENET_C_LEVELS, imagenetCOutputCpu, levelAt } from '../imagenetC'

/** c + c·σ·n with the shader's Gaussian hash (seed 3000 + seed), then 8-bit truncation. */
function speckleNoise(img: ImageF32, p: { severity: number; seed: number }): ImageF32 {
  const sigma = Math.fround(levelAt(IMAGENET_C_LEVELS.speckleNoise, p.severity))
  if (sigma <= 0) return img
  const seed = Math.round(p.seed) + 3000
  return fromPlanes(mapPlanes(toPlanes(img), (rgb, x, y) => rgb.map((v, c) => imagenetCOutputCpu(v + v * sigma * gaussian(x, y, seed, c))) as [number, number, number]))
}

// Box–Muller in float32 on the GPU; the truncation can then land one 8-bit step apart
export const reference: BuiltinReference = { id: 'speckle-noise', tolerance: { mean: 2e-4, max: 1 / 255 + 1e-4 }, compute: (img, p) => speckleNoise(img, { severity: p.severity, seed: p.seed }) }
