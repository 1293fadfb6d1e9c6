import { blurPass, type BlurPassOptions } from '../glsl/blur'
import type { ParamSpec, PassSpec } from '../types'

/** The parameters of model-vs-human's Gaussian filters (low-pass and high-pass). */
export type GaussianFilterParam = 'sigma' | 'grayscale'

export const gaussianFilterParams: readonly ParamSpec<GaussianFilterParam>[] = [
  { name: 'sigma', label: 'Sigma (px)', min: 0, max: 8, step: 0.05, default: 0 },
  { name: 'grayscale', label: 'Grayscale', min: 0, max: 1, step: 0.01, default: 0 },
]

const sigma = (p: { sigma: number }) => p.sigma

/**
 * The passes of low-pass and high-pass: a separable Gaussian of σ = `sigma` px (horizontal, then
 * vertical), whose vertical pass then runs `last.finish` on the blurred `vec3 c` and clamps.
 */
export function gaussianFilterPasses(
  last: Pick<BlurPassOptions<GaussianFilterParam>, 'declarations' | 'finish' | 'extraUniforms'>,
): PassSpec<GaussianFilterParam>[] {
  return [
    blurPass<GaussianFilterParam>({ name: 'blurX', axis: 'x', sigma, maxSigma: 8, prefix: 'uBlur' }),
    blurPass<GaussianFilterParam>({ axis: 'y', source: 'blurX', sigma, maxSigma: 8, prefix: 'uBlur', clampOutput: true, ...last }),
  ]
}
