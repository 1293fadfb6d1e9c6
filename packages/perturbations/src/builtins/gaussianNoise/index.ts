import type { PerturbationDefinition } from '../../types'
import { IMAGENET_C_LEVELS, imagenetCOutput, levelAt, seedParam, severityParam } from '../imagenetC'

/**
 * ImageNet-C "gaussian_noise": out = clamp(c + σ·n), n ~ N(0, 1) independently per pixel and
 * channel. n comes from the header's integer hash (pcg3d + Box–Muller) at the image pixel, so
 * a seed gives the same noise on every GPU and in the CPU reference. An ImageNet-C `severity`
 * above 0 replaces σ with the reference's level (0.08 … 0.38) and adds its 8-bit truncation.
 */
export const gaussianNoise: PerturbationDefinition<'sigma' | 'seed' | 'severity'> = {
  id: 'gaussian-noise',
  label: 'Gaussian Noise',
  group: 'noise',
  description: 'Adds zero-mean Gaussian noise of standard deviation σ to every channel; the ImageNet-C severity (1–5) uses the reference’s σ.',
  params: [
    { name: 'sigma', label: 'Sigma', min: 0, max: 0.5, step: 0.005, default: 0 },
    seedParam,
    { ...severityParam, label: 'ImageNet-C severity' },
  ],
  passes: [
    {
      fragmentShader: /* glsl */ `
        uniform float sigma;
        uniform float seed;
        uniform float imagenetC;
        ${imagenetCOutput}
        void main() {
          ivec2 p = imageCoord();
          vec3 c = fetchImage(tInput, p).rgb;
          vec3 n = vec3(gaussian(p, seed, 0), gaussian(p, seed, 1), gaussian(p, seed, 2));
          vec3 noisy = clamp(c + sigma * n, 0.0, 1.0);
          gl_FragColor = vec4(imagenetC > 0.0 ? imagenetCOutput(noisy) : noisy, 1.0);
        }`,
      uniforms: (p) => ({
        sigma: p.severity > 0 ? levelAt(IMAGENET_C_LEVELS.gaussianNoise, p.severity) : p.sigma,
        seed: Math.round(p.seed),
        imagenetC: p.severity > 0 ? 1 : 0,
      }),
    },
  ],
}
