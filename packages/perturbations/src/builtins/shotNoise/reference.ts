import { fromPlanes, hash3, mapPlanes, toPlanes, type BuiltinReference, type ImageF32 } from '../../reference'
import { imagenetCOutputCpu } from '../imagenetC'
import { POISSON_MAX_COUNT, SHOT_NOISE_SEED_OFFSET, shotNoiseLevel } from '.'

const f = Math.fround

/** The shader's Poisson inversion, step for step in float32. */
function poisson(mu: number, u: number): number {
  let p = f(Math.exp(-mu))
  let cdf = p
  let k = 0
  for (let i = 1; i < POISSON_MAX_COUNT; i++) {
    if (u <= cdf) break
    k = i
    p = f(p * f(mu / k))
    cdf = f(cdf + p)
    if (k > mu && p < 1e-7) break
  }
  return k
}

/** Poisson(λ·x)/λ from hash3(pixel, seed·3), a channel per component, mixed and truncated as the shader does. */
function shotNoise(img: ImageF32, p: { severity: number; seed: number }): ImageF32 {
  if (!(p.severity > 0)) return img
  const level = shotNoiseLevel(p.severity)
  const lambda = f(level.lambda)
  const keep = f(level.keep)
  const seed = Math.round(p.seed) + SHOT_NOISE_SEED_OFFSET
  return fromPlanes(
    mapPlanes(toPlanes(img), (rgb, x, y) => {
      const u = hash3(x, y, seed * 3)
      return rgb.map((v, c) => {
        const noisy = poisson(f(lambda * Math.min(1, Math.max(0, v))), u[c]) / lambda
        return imagenetCOutputCpu(v + keep * (noisy - v))
      }) as [number, number, number]
    }),
  )
}

// GPU exp and division may be an ulp off float32's: a hash uniform within that of a CDF step then
// lands on the neighbouring count, one photon (1/λ, 1/29 at the tested severity) apart
export const reference: BuiltinReference = { id: 'shot-noise', tolerance: { mean: 1e-4, max: 0.04 }, compute: (img, p) => shotNoise(img, { severity: p.severity, seed: p.seed }) }
