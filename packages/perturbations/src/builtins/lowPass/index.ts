import type { PerturbationDefinition } from '../../types'
import { gaussianFilterParams, gaussianFilterPasses, type GaussianFilterParam } from '../gaussianFilter'

/**
 * model-vs-human's "low-pass" (Geirhos et al.): a Gaussian-filtered grayscale image. Grayscale is
 * a slider here (0 keeps colour) so the effect is the identity at its defaults. Blur and the
 * luma mix are both linear, so mixing after the blur equals the reference's gray-then-blur.
 */
export const lowPass: PerturbationDefinition<GaussianFilterParam> = {
  id: 'low-pass',
  label: 'Low-pass',
  group: 'frequency',
  description: 'Gaussian low-pass filter of a (optionally) grayscale image, as in model-vs-human.',
  params: gaussianFilterParams,
  passes: gaussianFilterPasses({
    declarations: 'uniform float grayscale;',
    finish: 'c = mix(c, vec3(luma(c)), grayscale);',
    extraUniforms: (p) => ({ grayscale: p.grayscale }),
  }),
}
