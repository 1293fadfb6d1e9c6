import type { PerturbationDefinition } from '../../types'
import { gaussianFilterParams, gaussianFilterPasses, type GaussianFilterParam } from '../gaussianFilter'

/**
 * model-vs-human's "high-pass" (Geirhos et al.): image − Gaussian(image, σ) + 0.5 gray, clamped.
 * (model-vs-human shifts the result to its dataset's mean gray; a fixed 0.5 keeps this dataset-free.)
 * σ = 0 would give flat gray, so by convention σ = 0 passes the image through: the slider's
 * default is then the identity, and any σ > 0 jumps to the filtered image.
 */
export const highPass: PerturbationDefinition<GaussianFilterParam> = {
  id: 'high-pass',
  label: 'High-pass',
  group: 'frequency',
  description: 'Image minus its Gaussian blur, on mid-gray, of a (optionally) grayscale image; σ = 0 is off.',
  params: gaussianFilterParams,
  passes: gaussianFilterPasses({
    declarations: 'uniform float sigma;\nuniform float grayscale;',
    // luma weights sum to 1, so graying after the subtraction equals graying first
    finish: /* glsl */ `
        vec3 x = fetchImage(tInput, p).rgb;
        c = sigma > 0.0 ? x - c + 0.5 : x;
        c = mix(c, vec3(luma(c)), grayscale);`,
    extraUniforms: (p) => ({ sigma: p.sigma, grayscale: p.grayscale }),
  }),
}
