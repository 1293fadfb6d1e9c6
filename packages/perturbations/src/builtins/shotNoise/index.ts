import type { PerturbationDefinition } from '../../types'
import { IMAGENET_C_LEVELS, imagenetCOutput, levelAt, seedParam, severityParam } from '../imagenetC'

/**
 * Seeds 1000.. are this effect's own noise stream, so shot and Gaussian noise with the same
 * seed slider value in one chain stay independent (the hash's seed input is seed·3).
 */
export const SHOT_NOISE_SEED_OFFSET = 1000

/** Where the inversion search gives up: far beyond any count λ·x ≤ 60 photons can reach (P < 1e-30). */
export const POISSON_MAX_COUNT = 200

/**
 * The photon count λ and the share of the noise kept, at a continuous severity. At levels 1–5, λ
 * is the reference's (60, 25, 12, 5, 3) and all of the noise is kept; between levels 1/λ (the
 * noise's variance per unit intensity) interpolates linearly. Below level 1 the draw stays at
 * λ = 60 and only √severity of its deviation from the clean value is kept: the variance is then
 * severity·x/60, what 1/λ interpolated to 0 at severity 0 would give, while every draw stays in
 * the bounded range the exact sampler handles.
 */
export function shotNoiseLevel(severity: number): { lambda: number; keep: number } {
  if (severity >= 1) return { lambda: 1 / levelAt(IMAGENET_C_LEVELS.shotNoise.map((c) => 1 / c), severity), keep: 1 }
  return { lambda: IMAGENET_C_LEVELS.shotNoise[0], keep: Math.sqrt(Math.max(0, severity)) }
}

/**
 * ImageNet-C "shot_noise": out = Poisson(λ·x)/λ per channel value, λ = 60, 25, 12, 5, 3 photons
 * per unit intensity at levels 1–5 (see `shotNoiseLevel` in between), then the reference's clip
 * and 8-bit truncation. The Poisson count is drawn exactly, by inversion of its CDF: one hash
 * uniform u per channel, k the first count whose CDF reaches u (pmf and CDF built up in float32;
 * e^−μ ≥ e^−60 ≈ 9e-27 is a normal float32, so nothing underflows). The search stops once it is
 * past the mean and the pmf has dropped below 1e-7, where float32 CDF sums stop growing. The CPU
 * reference draws the same counts from the same hash.
 */
export const shotNoise: PerturbationDefinition<'severity' | 'seed'> = {
  id: 'shot-noise',
  label: 'Shot Noise',
  group: 'noise',
  description: 'Photon (Poisson) noise whose variance grows with brightness (ImageNet-C levels 1–5: 60 … 3 photons per unit).',
  params: [severityParam, seedParam],
  passes: [
    {
      fragmentShader: /* glsl */ `
        uniform float lambda;
        uniform float keep;
        uniform float seed;
        ${imagenetCOutput}
        float poisson(float mu, float u) {
          float p = exp(-mu);
          float cdf = p;
          float k = 0.0;
          for (int i = 1; i < ${POISSON_MAX_COUNT}; i++) {
            if (u <= cdf) break;
            k = float(i);
            p *= mu / k;
            cdf += p;
            if (k > mu && p < 1.0e-7) break;
          }
          return k;
        }
        void main() {
          ivec2 p = imageCoord();
          vec3 c = fetchImage(tInput, p).rgb;
          if (keep <= 0.0) {
            gl_FragColor = vec4(c, 1.0);
            return;
          }
          vec3 u = hash3(p, seed * 3.0);
          vec3 mu = lambda * clamp(c, 0.0, 1.0);
          vec3 noisy = vec3(poisson(mu.r, u.r), poisson(mu.g, u.g), poisson(mu.b, u.b)) / lambda;
          gl_FragColor = vec4(imagenetCOutput(c + keep * (noisy - c)), 1.0);
        }`,
      uniforms: (p) => ({ ...shotNoiseLevel(p.severity), seed: Math.round(p.seed) + SHOT_NOISE_SEED_OFFSET }),
    },
  ],
}
