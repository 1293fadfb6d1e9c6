import { fromPlanes, gaussian, mapPlanes, toPlanes, type BuiltinReference, type ImageF32 } from '../../reference'

/**
 * Poisson(λc)/λ with λ = 3/severity², by its normal approximation N(c, c/λ) (the effect's
 * documented choice): c + severity·sqrt(c/3)·n. The effect draws from seeds 1000 + seed.
 */
function shotNoise(img: ImageF32, p: { severity: number; seed: number }): ImageF32 {
  const seed = Math.round(p.seed) + 1000
  return fromPlanes(
    mapPlanes(toPlanes(img), (rgb, x, y) => rgb.map((v, c) => v + p.severity * Math.sqrt(Math.max(v, 0) / 3) * gaussian(x, y, seed, c)) as [number, number, number]),
  )
}

// Box–Muller's log/cos run in float32 on the GPU, float64 on the CPU; errors grow in the tails (measured mean 1e-5, max 1.4e-4).
export const reference: BuiltinReference = { id: 'shot-noise', tolerance: { mean: 3e-5, max: 5e-4 }, compute: (img, p) => shotNoise(img, { severity: p.severity, seed: p.seed }) }
