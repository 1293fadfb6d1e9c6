import { blurFunctionGlsl, blurUniforms, blurUniformsGlsl, gaussianTaps, type Axis } from '../../glsl/blur'
import type { ParamValues, PassSpec, PerturbationDefinition, UniformValue } from '../../types'
import { IMAGENET_C_LEVELS, imagenetCOutput, levelAt, seedParam, severityParam } from '../imagenetC'

/** Seeds 8000.. are this effect's own stream, independent of the other noise effects' in one chain. */
export const SPATTER_SEED_OFFSET = 8000
/** skimage's `gaussian` (truncate 4): radius int(4σ + 0.5) */
export const skimageRadius = (sigma: number): number => Math.floor(4 * sigma + 0.5)
/** σ whose ⌈3σ⌉-sized weight array holds the liquid blur's radius 16 at σ = 4 */
const LIQUID_MAX_SIGMA = 16 / 3
const MUD_SIGMA = 1.5

/**
 * Our stand-in for the water's Canny → distance → equalizeHist → emboss → blur layer (0–255 in the
 * reference), a least-squares fit over the reference's drops at levels 2–3 (eight seeds each) on
 * features of the smooth liquid field: 1, d, t, d·t, e^−s, e^−s·d, t², with s the first-order
 * distance (px) from the drop's edge, (liquid − threshold)/|∇liquid| capped to [0, 8], t = s/8,
 * and d = the gradient's direction against the emboss's diagonal, (∂x + ∂y)/(√2·|∇|).
 */
export const WATER_FIT = [46.86291491405205, 85.72085370662971, 133.3639333162961, -51.90713156336291, 30.238625647976647, -155.90153946386764, -82.32518371262668]
/** per water level 1–3: exponent and gain that give the fitted layer the reference's in-drop mean, spread and spectrum */
export const WATER_GAMMA = [3, 2.75, 2.5]
export const WATER_GAIN = [3, 4.5, 5.25]
/** the reference normalises by the layer's maximum; a fixed 8-bit liquid level stands in for it */
export const WATER_NORM = 200

export interface SpatterSettings {
  loc: number
  scale: number
  sigma: number
  threshold: number
  /** the water's weight (fades in below level 1, out between 3 and 4) and intensity, γ, gain */
  water: number
  intensity: number
  gamma: number
  gain: number
  /** the mud's weight: 0 up to level 3, 1 from level 4 */
  mud: number
  seed: number
}

const column = (k: number) => IMAGENET_C_LEVELS.spatter.map((level) => level[k])

export function spatterSettings(p: ParamValues<'severity' | 'seed'>): SpatterSettings {
  const s = Math.min(5, Math.max(0, p.severity))
  const at = (levels: readonly number[]) => levelAt(levels, Math.max(1, s))
  const waterLevel = Math.min(3, Math.max(1, s))
  return {
    loc: at(column(0)),
    scale: at(column(1)),
    sigma: at(column(2)),
    threshold: at(column(3)),
    water: Math.min(1, s) * Math.min(1, Math.max(0, 4 - s)),
    intensity: levelAt(column(4).slice(0, 3), waterLevel),
    gamma: levelAt(WATER_GAMMA, waterLevel),
    gain: levelAt(WATER_GAIN, waterLevel),
    mud: Math.min(1, Math.max(0, s - 3)),
    seed: Math.round(p.seed) + SPATTER_SEED_OFFSET,
  }
}

type K = 'severity' | 'seed'

/** One direction of a skimage-style Gaussian (radius int(4σ + ½), edges clamped) of whatever `fetch(q)` gives. */
function blurStage(o: { name: string; axis: Axis; prefix: string; maxSigma: number; sigma: (s: SpatterSettings) => number; fetch: (q: string) => string; samplers?: Record<string, string>; uniforms?: (s: SpatterSettings) => Record<string, UniformValue> }): PassSpec<K> {
  const taps = gaussianTaps(o.maxSigma)
  return {
    name: o.name,
    samplers: o.samplers,
    fragmentShader: /* glsl */ `
      ${Object.keys(o.samplers ?? {}).map((s) => `uniform sampler2D ${s};`).join('\n')}
      ${blurUniformsGlsl(o.prefix, taps)}
      ${blurFunctionGlsl('blur1d', o.prefix, o.axis, o.fetch)}
      void main() { gl_FragColor = vec4(blur1d(imageCoord()).rgb, 1.0); }`,
    uniforms: (p, ctx) => {
      const s = spatterSettings(p)
      const sigma = o.sigma(s)
      return { ...o.uniforms?.(s), ...blurUniforms(o.prefix, sigma, taps, ctx.cache, skimageRadius(sigma)) }
    },
  }
}

/**
 * ImageNet-C "spatter". The reference blurs N(loc, scale) noise with a Gaussian (σ 4 … 1) into a
 * "liquid" field and keeps it where it exceeds a threshold: the drops. Levels 1–3 are water: it
 * runs Canny on the drops, a distance transform (capped at 20 px), histogram equalisation, a 3×3
 * emboss and a box blur, multiplies that layer with the drops, divides by the maximum, scales by
 * the level's intensity and adds pale turquoise (R 175, G 238, B 238 — the array is RGB, so the
 * "BGR" colour lands as written). Levels 4–5 are mud: the drop mask blurred (σ 1.5), kept where
 * ≥ 0.8, blends the image towards brown (R 63, G 42, B 20).
 *
 * The mud is the reference's algorithm, on hashed noise. The water's edge layer is not: Canny,
 * distance transforms and histogram equalisation are whole-image, sequential operations. We
 * replace that layer by a fitted function of the liquid's local level and gradient (`WATER_FIT`:
 * bright towards the drops' centres on their upper-left sides and along their lower-right rims,
 * like the emboss makes it), raised to a per-level power, box-blurred like the reference's, and
 * normalised by a fixed constant instead of the image's maximum. So the drops sit where the
 * reference would put them for that noise and have its colour, coverage and in-drop brightness
 * distribution (difference-image mean, spread and spectrum within the reference's seed-to-seed
 * range); their internal highlights are smoother and more regular than Canny's. Between
 * severity 3 and 4, where the reference switches from water to mud, the two are cross-faded on
 * one liquid field whose constants interpolate; below 1 the water fades in at level 1's shape.
 */
export const spatter: PerturbationDefinition<K> = {
  id: 'spatter',
  label: 'Spatter',
  group: 'noise',
  description: 'Water drops (levels 1–3) or mud (4–5) spattered over the image (ImageNet-C levels 1–5).',
  params: [severityParam, seedParam],
  passes: [
    {
      // one hash per pixel, read by the blur's taps (drawing inside the taps would hash 33 times)
      name: 'noise',
      fragmentShader: /* glsl */ `
        uniform float loc, scale, seed;
        void main() { gl_FragColor = vec4(loc + scale * gaussian(imageCoord(), seed, 0), 0.0, 0.0, 1.0); }`,
      uniforms: (p) => {
        const s = spatterSettings(p)
        return { loc: s.loc, scale: s.scale, seed: s.seed }
      },
    },
    blurStage({ name: 'noiseX', axis: 'x', prefix: 'liquid', maxSigma: LIQUID_MAX_SIGMA, sigma: (s) => s.sigma, samplers: { tNoise: 'noise' }, fetch: (q) => `fetchImage(tNoise, ${q})` }),
    blurStage({ name: 'liquid', axis: 'y', prefix: 'liquid', maxSigma: LIQUID_MAX_SIGMA, sigma: (s) => s.sigma, samplers: { tNoiseX: 'noiseX' }, fetch: (q) => `fetchImage(tNoiseX, ${q})` }),
    {
      name: 'shape',
      samplers: { tLiquid: 'liquid' },
      fragmentShader: /* glsl */ `
        uniform sampler2D tLiquid;
        uniform float threshold, gamma;
        uniform float fit[7];
        float liquidAt(ivec2 q) { return fetchImage(tLiquid, q).r; }
        void main() {
          ivec2 p = imageCoord();
          float v = liquidAt(p);
          vec2 g = 0.5 * vec2(liquidAt(p + ivec2(1, 0)) - liquidAt(p - ivec2(1, 0)), liquidAt(p + ivec2(0, 1)) - liquidAt(p - ivec2(0, 1)));
          float n = length(g) + 1.0e-9;
          float s = clamp((v - threshold) / n, 0.0, 8.0);
          float d = (g.x + g.y) / (n * 1.4142135623730951);
          float t = s / 8.0, rim = exp(-s);
          float layer = fit[0] + fit[1] * d + fit[2] * t + fit[3] * d * t + fit[4] * rim + fit[5] * rim * d + fit[6] * t * t;
          // r: the water's edge layer; g: the mud's drop mask (liquid > threshold, strictly, as the reference)
          gl_FragColor = vec4(pow(clamp(layer / 255.0, 0.0, 1.0), gamma), v > threshold ? 1.0 : 0.0, 0.0, 1.0);
        }`,
      uniforms: (p) => {
        const s = spatterSettings(p)
        return { threshold: s.threshold, gamma: s.gamma, fit: WATER_FIT }
      },
    },
    blurStage({ name: 'mudX', axis: 'x', prefix: 'mud', maxSigma: MUD_SIGMA, sigma: () => MUD_SIGMA, samplers: { tShape: 'shape' }, fetch: (q) => `vec4(fetchImage(tShape, ${q}).g)` }),
    blurStage({ name: 'mudY', axis: 'y', prefix: 'mud', maxSigma: MUD_SIGMA, sigma: () => MUD_SIGMA, samplers: { tMudX: 'mudX' }, fetch: (q) => `fetchImage(tMudX, ${q})` }),
    {
      samplers: { tLiquid: 'liquid', tShape: 'shape', tMud: 'mudY' },
      fragmentShader: /* glsl */ `
        uniform sampler2D tLiquid, tShape, tMud;
        uniform float threshold, water, intensity, gain, mud, norm;
        ${imagenetCOutput}
        void main() {
          ivec2 p = imageCoord();
          vec3 x = fetchImage(tInput, p).rgb;
          if (water <= 0.0 && mud <= 0.0) { gl_FragColor = vec4(x, 1.0); return; }
          // cv2.blur's 3×3 box over the edge layer, then times the 8-bit liquid (0 outside the drops)
          float edge = 0.0;
          for (int j = -1; j <= 1; j++) for (int i = -1; i <= 1; i++) edge += fetchImage(tShape, p + ivec2(i, j)).r;
          float v = fetchImage(tLiquid, p).r;
          float liquid8 = v < threshold ? 0.0 : floor(v * 255.0);
          float m = min(liquid8 / norm * edge / 9.0 * gain, 1.0) * intensity;
          vec3 wet = x + m * vec3(175.0, 238.0, 238.0) / 255.0;
          float mm = fetchImage(tMud, p).r;
          mm = mm < 0.8 ? 0.0 : mm;
          vec3 muddy = x * (1.0 - mm) + mm * vec3(63.0, 42.0, 20.0) / 255.0;
          vec3 outv = mix(mix(x, wet, water), muddy, mud);
          gl_FragColor = vec4(imagenetCOutput(outv), 1.0);
        }`,
      uniforms: (p) => {
        const s = spatterSettings(p)
        return { threshold: s.threshold, water: s.water, intensity: s.intensity, gain: s.gain, mud: s.mud, norm: WATER_NORM }
      },
    },
  ],
}
