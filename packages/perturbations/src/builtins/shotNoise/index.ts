import type { PerturbationDefinition } from '../../types'

/**
 * Seeds 1000.. are this effect's own noise stream, so shot and Gaussian noise with the same
 * seed slider value in one chain stay independent (hash inputs are seed·3 + channel).
 */
export const SHOT_NOISE_SEED_OFFSET = 1000

/**
 * ImageNet-C "shot_noise": out = Poisson(λc)/λ, with photon count λ = 3 / severity² per unit
 * intensity: severity 1 is λ = 3 (ImageNet-C's strongest level, 5), severity ≈ 0.22 is λ = 60
 * (its level 1), severity 0 is λ = ∞, the identity.
 *
 * The Poisson draw is replaced by its normal approximation N(λc, λc), i.e.
 *   out = clamp(c + sqrt(c/λ)·n) = clamp(c + severity·sqrt(c/3)·n),  n ~ N(0, 1),
 * which has the exact Poisson mean and variance and is accurate in the large-λc regime that most
 * of ImageNet-C's levels are in; at the strongest levels it loses only the discreteness of
 * low photon counts. The CPU reference uses the same approximation and the same hash.
 */
export const shotNoise: PerturbationDefinition<'severity' | 'seed'> = {
  id: 'shot-noise',
  label: 'Shot Noise',
  group: 'noise',
  description: 'Photon (Poisson) noise whose variance grows with brightness; severity 1 ≈ 3 photons per unit.',
  params: [
    { name: 'severity', label: 'Severity', min: 0, max: 1, step: 0.01, default: 0 },
    { name: 'seed', label: 'Seed', min: 0, max: 999, step: 1, default: 0 },
  ],
  passes: [
    {
      fragmentShader: /* glsl */ `
        uniform float severity;
        uniform float seed;
        void main() {
          ivec2 p = imageCoord();
          vec3 c = fetchImage(tInput, p).rgb;
          vec3 n = vec3(gaussian(p, seed, 0), gaussian(p, seed, 1), gaussian(p, seed, 2));
          vec3 sd = severity * sqrt(max(c, 0.0) / 3.0);
          gl_FragColor = vec4(clamp(c + sd * n, 0.0, 1.0), 1.0);
        }`,
      uniforms: (p) => ({ severity: p.severity, seed: Math.round(p.seed) + SHOT_NOISE_SEED_OFFSET }),
    },
  ],
}
