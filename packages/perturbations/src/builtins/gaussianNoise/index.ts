import type { PerturbationDefinition } from '../../types'

/**
 * ImageNet-C "gaussian_noise": out = clamp(c + σ·n), n ~ N(0, 1) independently per pixel and
 * channel. n comes from the header's integer hash (pcg3d + Box–Muller) at the image pixel, so
 * a seed gives the same noise on every GPU and in the CPU reference.
 */
export const gaussianNoise: PerturbationDefinition<'sigma' | 'seed'> = {
  id: 'gaussian-noise',
  label: 'Gaussian Noise',
  group: 'noise',
  description: 'Adds zero-mean Gaussian noise of standard deviation σ to every channel.',
  params: [
    { name: 'sigma', label: 'Sigma', min: 0, max: 0.5, step: 0.005, default: 0 },
    { name: 'seed', label: 'Seed', min: 0, max: 999, step: 1, default: 0 },
  ],
  passes: [
    {
      fragmentShader: /* glsl */ `
        uniform float sigma;
        uniform float seed;
        void main() {
          ivec2 p = imageCoord();
          vec3 c = fetchImage(tInput, p).rgb;
          vec3 n = vec3(gaussian(p, seed, 0), gaussian(p, seed, 1), gaussian(p, seed, 2));
          gl_FragColor = vec4(clamp(c + sigma * n, 0.0, 1.0), 1.0);
        }`,
      uniforms: (p) => ({ sigma: p.sigma, seed: Math.round(p.seed) }),
    },
  ],
}
