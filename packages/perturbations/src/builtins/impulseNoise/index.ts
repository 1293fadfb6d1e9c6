import type { PerturbationDefinition } from '../../types'
import { IMAGENET_C_LEVELS, imagenetCOutput, levelAt, seedParam, severityParam } from '../imagenetC'

/** Seeds 2000.. are this effect's own stream, independent of the other noise effects' in one chain. */
export const IMPULSE_NOISE_SEED_OFFSET = 2000

/**
 * ImageNet-C "impulse_noise": salt-and-pepper noise as scikit-image's `random_noise(mode='s&p')`
 * makes it — every channel value independently, with probability `amount` (the severity's
 * constant), becomes 0 or 1 with equal odds — then the reference's clip and 8-bit truncation.
 * Severity 0 is the identity, 1–5 the reference's levels (3 % … 27 %).
 */
export const impulseNoise: PerturbationDefinition<'severity' | 'seed'> = {
  id: 'impulse-noise',
  label: 'Impulse Noise',
  group: 'noise',
  description: 'Salt-and-pepper noise: each channel value becomes 0 or 1 with the severity’s probability (ImageNet-C levels 1–5).',
  params: [severityParam, seedParam],
  passes: [
    {
      fragmentShader: /* glsl */ `
        uniform float amount;
        uniform float seed;
        ${imagenetCOutput}
        void main() {
          ivec2 p = imageCoord();
          vec3 c = fetchImage(tInput, p).rgb;
          vec3 flip = hash3(p, seed * 2.0);
          vec3 salt = hash3(p, seed * 2.0 + 1.0);
          vec3 noisy = mix(c, step(0.5, salt), step(flip, vec3(amount)));
          gl_FragColor = vec4(amount > 0.0 ? imagenetCOutput(noisy) : c, 1.0);
        }`,
      uniforms: (p) => ({ amount: levelAt(IMAGENET_C_LEVELS.impulseNoise, p.severity), seed: Math.round(p.seed) + IMPULSE_NOISE_SEED_OFFSET }),
    },
  ],
}
