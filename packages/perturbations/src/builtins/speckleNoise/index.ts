import type { PerturbationDefinition } from '../../types'
import { IMAGENET_C_LEVELS, imagenetCOutput, levelAt, seedParam, severityParam } from '../imagenetC'

/** Seeds 3000.. are this effect's own stream, independent of the other noise effects' in one chain. */
export const SPECKLE_NOISE_SEED_OFFSET = 3000

/**
 * ImageNet-C "speckle_noise": multiplicative noise, out = c + c·σ·n with n ~ N(0, 1) per pixel and
 * channel (σ the severity's constant, 0.15 … 0.6), then the reference's clip and 8-bit truncation.
 * Bright regions get the most noise, black stays black. Severity 0 is the identity.
 */
export const speckleNoise: PerturbationDefinition<'severity' | 'seed'> = {
  id: 'speckle-noise',
  label: 'Speckle Noise',
  group: 'noise',
  description: 'Multiplicative Gaussian noise, c + c·σ·n (ImageNet-C levels 1–5: σ = 0.15 … 0.6).',
  params: [severityParam, seedParam],
  passes: [
    {
      fragmentShader: /* glsl */ `
        uniform float sigma;
        uniform float seed;
        ${imagenetCOutput}
        void main() {
          ivec2 p = imageCoord();
          vec3 c = fetchImage(tInput, p).rgb;
          vec3 n = vec3(gaussian(p, seed, 0), gaussian(p, seed, 1), gaussian(p, seed, 2));
          gl_FragColor = vec4(sigma > 0.0 ? imagenetCOutput(c + c * sigma * n) : c, 1.0);
        }`,
      uniforms: (p) => ({ sigma: levelAt(IMAGENET_C_LEVELS.speckleNoise, p.severity), seed: Math.round(p.seed) + SPECKLE_NOISE_SEED_OFFSET }),
    },
  ],
}
