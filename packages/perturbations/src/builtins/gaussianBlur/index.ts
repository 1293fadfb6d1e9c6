import { blurPass } from '../../glsl/blur'
import type { PerturbationDefinition } from '../../types'
import { IMAGENET_C_LEVELS, imagenetCOutput, levelAt, severityParam } from '../imagenetC'

const imagenetC = (p: { severity: number }) => p.severity > 0
/** the ImageNet-C severity's σ replaces the slider's */
const sigma = (p: { sigma: number; severity: number }) => (imagenetC(p) ? levelAt(IMAGENET_C_LEVELS.gaussianBlur, p.severity) : p.sigma)
/** scikit-image (scipy's `gaussian_filter`, truncate 4) for ImageNet-C; ⌈3σ⌉ otherwise */
const radius = (p: { sigma: number; severity: number }) => (imagenetC(p) ? Math.floor(4 * sigma(p) + 0.5) : Math.ceil(3 * p.sigma))

/**
 * Separable Gaussian (normalised, edge clamp): horizontal pass, then vertical. `sigma` uses radius
 * ⌈3σ⌉; an ImageNet-C `severity` above 0 replaces it with the reference's "gaussian_blur" (σ = 1,
 * 2, 3, 4, 6 at levels 1–5, radius int(4σ + 0.5) as scikit-image's, then the 8-bit truncation).
 */
export const gaussianBlur: PerturbationDefinition<'sigma' | 'severity'> = {
  id: 'gaussian-blur',
  label: 'Gaussian Blur',
  group: 'blur',
  description: 'Blurs with a Gaussian of standard deviation σ pixels; the ImageNet-C severity (1–5) blurs as the reference does.',
  params: [{ name: 'sigma', label: 'Sigma (px)', min: 0, max: 8, step: 0.05, default: 0 }, { ...severityParam, label: 'ImageNet-C severity' }],
  passes: [
    blurPass({ name: 'blurX', axis: 'x', sigma, radius, maxSigma: 8, prefix: 'uBlur' }),
    blurPass({
      axis: 'y',
      source: 'blurX',
      sigma,
      radius,
      maxSigma: 8,
      prefix: 'uBlur',
      clampOutput: true,
      declarations: `uniform float uImagenetC;\n${imagenetCOutput}`,
      finish: 'if (uImagenetC > 0.0) c = imagenetCOutput(c);',
      extraUniforms: (p) => ({ uImagenetC: imagenetC(p) ? 1 : 0 }),
    }),
  ],
}
