import { blurPass } from '../glsl/blur'
import type { PerturbationDefinition } from '../types'

type Param = 'sigma' | 'grayscale'
const sigma = (p: { sigma: number }) => p.sigma

/**
 * model-vs-human's "low-pass" (Geirhos et al.): a Gaussian-filtered grayscale image. Grayscale is
 * a slider here (0 keeps colour) so the effect is the identity at its defaults. Blur and the
 * luma mix are both linear, so mixing after the blur equals the reference's gray-then-blur.
 */
export const lowPass: PerturbationDefinition<Param> = {
  id: 'low-pass',
  label: 'Low-pass',
  group: 'frequency',
  description: 'Gaussian low-pass filter of a (optionally) grayscale image, as in model-vs-human.',
  params: [
    { name: 'sigma', label: 'Sigma (px)', min: 0, max: 8, step: 0.05, default: 0 },
    { name: 'grayscale', label: 'Grayscale', min: 0, max: 1, step: 0.01, default: 0 },
  ],
  passes: [
    blurPass<Param>({ name: 'blurX', axis: 'x', sigma, maxSigma: 8, prefix: 'uBlur' }),
    blurPass<Param>({
      axis: 'y',
      source: 'blurX',
      sigma,
      maxSigma: 8,
      prefix: 'uBlur',
      clampOutput: true,
      declarations: 'uniform float grayscale;',
      finish: 'c = mix(c, vec3(luma(c)), grayscale);',
      extraUniforms: (p) => ({ grayscale: p.grayscale }),
    }),
  ],
}
