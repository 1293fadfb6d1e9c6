import { blurPass } from '../../glsl/blur'
import type { PerturbationDefinition } from '../../types'

const sigma = (p: { sigma: number }) => p.sigma

/** Separable Gaussian (radius ⌈3σ⌉, normalised, edge clamp): horizontal pass, then vertical. */
export const gaussianBlur: PerturbationDefinition<'sigma'> = {
  id: 'gaussian-blur',
  label: 'Gaussian Blur',
  group: 'blur',
  description: 'Blurs with a Gaussian of standard deviation σ pixels (ImageNet-C "gaussian_blur").',
  params: [{ name: 'sigma', label: 'Sigma (px)', min: 0, max: 8, step: 0.05, default: 0 }],
  passes: [
    blurPass({ name: 'blurX', axis: 'x', sigma, maxSigma: 8, prefix: 'uBlur' }),
    blurPass({ axis: 'y', source: 'blurX', sigma, maxSigma: 8, prefix: 'uBlur', clampOutput: true }),
  ],
}
