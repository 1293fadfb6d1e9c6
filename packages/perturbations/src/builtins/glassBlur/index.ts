import { blurPass } from '../../glsl/blur'
import type { PerturbationDefinition } from '../../types'
import { IMAGENET_C_LEVELS, imagenetCOutput, levelAt, seedParam, severityParam } from '../imagenetC'

/** Seeds 4000.. are this effect's own stream, independent of the other noise effects' in one chain. */
export const GLASS_BLUR_SEED_OFFSET = 4000

/** The severity's constants: σ, swap distance and sweep count (the last two rounded between levels). */
export function glassLevels(severity: number): { sigma: number; delta: number; sweeps: number } {
  return {
    sigma: levelAt(IMAGENET_C_LEVELS.glassSigma, severity),
    delta: Math.round(levelAt(IMAGENET_C_LEVELS.glassMaxDelta, severity)),
    sweeps: Math.round(levelAt(IMAGENET_C_LEVELS.glassIterations, severity)),
  }
}

/** the hash stream of one sweep: 16 per seed leaves room for every level's sweep count */
export const sweepSeed = (seed: number, sweep: number) => (Math.round(seed) + GLASS_BLUR_SEED_OFFSET) * 16 + sweep

const sigma = (p: { severity: number }) => glassLevels(p.severity).sigma
/** scikit-image's `gaussian` (scipy, truncate 4, mode 'nearest' = our edge clamp) */
const radius = (p: { severity: number }) => Math.floor(4 * sigma(p) + 0.5)
const imagenetC = (p: { severity: number }) => ({ uImagenetC: p.severity > 0 ? 1 : 0 })

/**
 * ImageNet-C "glass_blur": a Gaussian (σ = 0.7 … 1.5 px), truncation to 8 bits, `iterations`
 * sweeps of local pixel moves, the Gaussian again, clip and truncation.
 *
 * The reference's sweep visits rows h and columns w (both from size − δ down to δ + 1) one after
 * the other and "swaps" each pixel with the one at a random offset in [−δ, δ − 1]²; as numba
 * evaluates `x[a], x[b] = x[b], x[a]` on pixel views, the second write puts back what the first
 * wrote, so each step is a pull, x[h, w] ← x[h + dy, w + dx] (measured: about half the pixels
 * survive a sweep). A pull from a pixel visited earlier in the same sweep (a later row, or the
 * same row further right) takes that pixel's new value, so values travel down chains of pulls.
 * That chain is what makes the sweep sequential, and it can be followed in parallel: each pixel
 * walks its own pulls (offsets from a hash of position and sweep) until it reaches a pixel not yet
 * visited at that point and reads that one's value from before the sweep. Up to 64 links are
 * followed; a longer chain (probability below 0.42⁶⁴) stops short. So each sweep, one pass, is
 * the reference's process exactly; only the random numbers differ (our hash, not numpy's
 * Mersenne Twister), i.e. the output matches in distribution, not per pixel.
 * One more small difference: where the first blur of a flat region gives exactly k/255, scipy's
 * float64 sum lands a hair above or below it and truncates to k or k − 1, a sign fixed per k; our
 * float32 truncation (with `imagenetCOutput`'s 1e-4 guard) keeps k. That moves the mean of the
 * difference image by under 0.0005 (measured at level 1 over six seeds: −0.0067 vs −0.0071).
 * Between levels σ is interpolated and δ and the sweep count are rounded.
 */
export const glassBlur: PerturbationDefinition<'severity' | 'seed'> = {
  id: 'glass-blur',
  label: 'Glass Blur',
  group: 'blur',
  description: 'Blur, local pixel scrambling, blur again: frosted glass (ImageNet-C levels 1–5).',
  params: [severityParam, seedParam],
  passes: [
    blurPass({ name: 'blurX', axis: 'x', sigma, radius, maxSigma: 2, prefix: 'uBlur' }),
    blurPass({
      name: 'blurred',
      axis: 'y',
      source: 'blurX',
      sigma,
      radius,
      maxSigma: 2,
      prefix: 'uBlur',
      declarations: `uniform float uImagenetC;\n${imagenetCOutput}`,
      finish: 'if (uImagenetC > 0.0) c = imagenetCOutput(c);',
      extraUniforms: imagenetC,
    }),
    {
      name: 'sweeps',
      iterateFrom: 'blurred',
      samplers: { tSweeps: 'sweeps' },
      iterations: (p) => glassLevels(p.severity).sweeps,
      fragmentShader: /* glsl */ `
        uniform sampler2D tSweeps;
        uniform float seed;
        uniform int delta;
        ivec2 offsetAt(ivec2 q) {
          vec2 h = hash3(q, seed).xy;
          // np.random.randint(-δ, δ): [−δ, δ − 1]; a hash of exactly 1.0 (float rounding) stays inside
          return min(ivec2(floor(h * float(2 * delta))), ivec2(2 * delta - 1)) - delta;
        }
        bool visited(ivec2 q) { return all(greaterThan(q, ivec2(delta))) && all(lessThanEqual(q, ivec2(uResolution) - delta)); }
        void main() {
          ivec2 p = imageCoord();
          ivec2 q = p;
          if (delta > 0 && visited(p)) {
            for (int k = 0; k < 64; k++) {
              ivec2 t = q + offsetAt(q);
              // already visited in this sweep (descending rows, then columns): its new value
              bool earlier = visited(t) && (t.y > q.y || (t.y == q.y && t.x > q.x));
              q = t;
              if (!earlier) break;
            }
          }
          gl_FragColor = vec4(fetchImage(tSweeps, q).rgb, 1.0);
        }`,
      uniforms: (p, ctx) => {
        const { delta, sweeps } = glassLevels(p.severity)
        // one pass always runs: a copy when there is no sweep
        return { seed: sweepSeed(p.seed, ctx.iteration), delta: sweeps > 0 ? delta : 0 }
      },
    },
    blurPass({ name: 'blurX2', axis: 'x', source: 'sweeps', sigma, radius, maxSigma: 2, prefix: 'uBlur' }),
    blurPass({
      axis: 'y',
      source: 'blurX2',
      sigma,
      radius,
      maxSigma: 2,
      prefix: 'uBlur',
      clampOutput: true,
      declarations: `uniform float uImagenetC;\n${imagenetCOutput}`,
      finish: 'if (uImagenetC > 0.0) c = imagenetCOutput(c);',
      extraUniforms: imagenetC,
    }),
  ],
}
