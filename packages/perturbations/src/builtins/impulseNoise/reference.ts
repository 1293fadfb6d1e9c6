import { fromPlanes, hash3, mapPlanes, toPlanes, type BuiltinReference, type ImageF32 } from '../../reference'
import { IMAGENET_C_LEVELS, imagenetCOutputCpu, levelAt } from '../imagenetC'

/** Each channel value flips with probability `amount` to 0 or 1 (hash3 at seed·2 and seed·2 + 1, as the shader), then 8-bit truncation. */
function impulseNoise(img: ImageF32, p: { severity: number; seed: number }): ImageF32 {
  const amount = Math.fround(levelAt(IMAGENET_C_LEVELS.impulseNoise, p.severity))
  if (amount <= 0) return img
  const seed = Math.round(p.seed) + 2000
  return fromPlanes(
    mapPlanes(toPlanes(img), (rgb, x, y) => {
      const flip = hash3(x, y, seed * 2)
      const salt = hash3(x, y, seed * 2 + 1)
      return rgb.map((v, c) => imagenetCOutputCpu(flip[c] <= amount ? (salt[c] >= 0.5 ? 1 : 0) : v)) as [number, number, number]
    }),
  )
}

// the truncation can land one 8-bit step apart where float32 rounding differs at a boundary
export const reference: BuiltinReference = { id: 'impulse-noise', tolerance: { mean: 1e-4, max: 1 / 255 + 1e-5 }, compute: (img, p) => impulseNoise(img, { severity: p.severity, seed: p.seed }) }
