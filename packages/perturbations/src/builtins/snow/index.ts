import { cachedBy } from '../../cache'
import type { ParamValues, PerturbationDefinition } from '../../types'
import { IMAGENET_C_LEVELS, imagenetCOutput, levelAt, seedParam, severityParam } from '../imagenetC'
import { imagenetCMotionKernel } from '../motionBlur'

/** Seeds 5000.. are this effect's own stream, independent of the other noise effects' in one chain. */
export const SNOW_SEED_OFFSET = 5000
/** 2·radius + 1 taps at the reference's largest radius (12) */
export const SNOW_MAX_TAPS = 25

/** The reference's constants at a continuous severity (see `snowSettings`). */
export interface SnowSettings {
  /** snow layer's amplitude: 1 from level 1 on, fading it in below */
  amount: number
  loc: number
  scale: number
  /** sides (x, y) of the noise crop and the zoomed sides scipy gives it (round(crop·zoom)) */
  crop: [number, number]
  zoomed: [number, number]
  threshold: number
  /** 2·radius + 1 one-sided Gaussian taps of σ px */
  taps: number
  sigma: number
  /** weight of the image against its brightened copy */
  imageWeight: number
  /** blur direction in degrees, drawn in [−135°, −45°] like the reference's */
  angle: number
  seed: number
}

const column = (k: number) => IMAGENET_C_LEVELS.snow.map((level) => level[k])

/**
 * Between severity 0 and 1 the layer's shape is level 1's (a zoom below 1 or a threshold ramp
 * has no meaning) and only its amplitude and the image's brightening fade in; above 1 every
 * constant interpolates linearly, the blur radius rounded to whole taps.
 */
export function snowSettings(p: ParamValues<'severity' | 'seed'>, width: number, height: number): SnowSettings {
  const s = p.severity
  const at = (k: number) => levelAt(column(k), Math.max(1, s))
  const zoom = at(2)
  const crop: [number, number] = [Math.ceil(width / zoom), Math.ceil(height / zoom)]
  const seed = Math.round(p.seed) + SNOW_SEED_OFFSET
  return {
    amount: Math.min(1, Math.max(0, s)),
    loc: at(0),
    scale: at(1),
    crop,
    zoomed: [Math.round(crop[0] * zoom), Math.round(crop[1] * zoom)],
    threshold: at(3),
    taps: 2 * Math.round(at(4)) + 1,
    sigma: at(5),
    imageWeight: levelAt(column(6), s, 1),
    // a golden-ratio sequence: one angle per seed, spread evenly over the reference's range
    angle: -135 + 90 * ((seed * 0.6180339887498949) % 1),
    seed,
  }
}

/**
 * The reference's `_motion_blur` taps at the snow's radius, σ and angle: motion blur's ImageNet-C
 * kernel (the same float64 tap positions and weights), cut to this effect's uniform arrays.
 */
export function snowBlurTaps(s: SnowSettings): { offsets: Float32Array; weights: Float32Array } {
  // the layer is the image's size and at most 25 taps long: no tap leaves it, so no size limits the taps
  const kernel = imagenetCMotionKernel((s.taps - 1) / 2, s.sigma, s.angle, Infinity, Infinity)
  return { offsets: kernel.offsets.slice(0, 2 * SNOW_MAX_TAPS), weights: kernel.weights.slice(0, SNOW_MAX_TAPS) }
}

const cachedTaps = (s: SnowSettings, cache: Map<string, unknown>) => cachedBy(cache, 'snow', `${s.taps}:${s.sigma}:${s.angle}`, () => snowBlurTaps(s))

/**
 * ImageNet-C "snow". The reference draws N(loc, scale) per pixel, zooms the centre crop of side
 * ⌈side/zoom⌉ back up with scipy's linear `zoom` (coarse flakes), zeroes values below the
 * threshold, clips, streaks the layer with its one-sided `_motion_blur` at an angle drawn in
 * [−135°, −45°] (falling snow), rounds it to 8 bits, then blends the image with a brightened copy
 * (max(x, 1.5·gray + 0.5)) and adds the layer and the layer turned 180°. We do the same steps on
 * the GPU: the noise comes from the pcg3d hash at the crop's pixels, the angle from the seed, and
 * the blur clamps at the image's edge where the reference clamps at the zoomed layer's (one pixel
 * larger at some levels) — so the snow has the reference's distribution, not its pixels.
 */
export const snow: PerturbationDefinition<'severity' | 'seed'> = {
  id: 'snow',
  label: 'Snow',
  group: 'noise',
  description: 'Falling snow: zoomed, thresholded noise streaked by a directional blur over a brightened image (ImageNet-C levels 1–5).',
  params: [severityParam, seedParam],
  passes: [
    {
      name: 'flakes',
      fragmentShader: /* glsl */ `
        uniform float loc, scale, threshold, seed;
        uniform vec2 crop, ratio;
        float flake(ivec2 q) { return loc + scale * gaussian(q, seed, 0); }
        void main() {
          // scipy's zoom (grid_mode off): output pixel k reads input k·(crop − 1)/(zoomed − 1)
          vec2 t = vec2(imageCoord()) * ratio;
          ivec2 i0 = ivec2(floor(t));
          ivec2 i1 = min(i0 + 1, ivec2(crop) - 1);
          vec2 f = t - vec2(i0);
          float top = mix(flake(i0), flake(ivec2(i1.x, i0.y)), f.x);
          float bottom = mix(flake(ivec2(i0.x, i1.y)), flake(i1), f.x);
          float v = mix(top, bottom, f.y);
          v = v < threshold ? 0.0 : clamp(v, 0.0, 1.0);
          gl_FragColor = vec4(v, 0.0, 0.0, 1.0);
        }`,
      uniforms: (p, ctx) => {
        const s = snowSettings(p, ctx.width, ctx.height)
        return { loc: s.loc, scale: s.scale, threshold: s.threshold, seed: s.seed, crop: { x: s.crop[0], y: s.crop[1] }, ratio: { x: (s.crop[0] - 1) / (s.zoomed[0] - 1), y: (s.crop[1] - 1) / (s.zoomed[1] - 1) } }
      },
    },
    {
      name: 'streaks',
      samplers: { tFlakes: 'flakes' },
      fragmentShader: /* glsl */ `
        uniform sampler2D tFlakes;
        uniform int taps;
        uniform vec2 offsets[${SNOW_MAX_TAPS}];
        uniform float weights[${SNOW_MAX_TAPS}];
        void main() {
          ivec2 p = imageCoord();
          float sum = 0.0;
          for (int i = 0; i < taps; i++) sum += weights[i] * fetchImage(tFlakes, p + ivec2(offsets[i])).r;
          gl_FragColor = vec4(floor(sum * 255.0 + 0.5) / 255.0, 0.0, 0.0, 1.0);
        }`,
      uniforms: (p, ctx) => {
        const s = snowSettings(p, ctx.width, ctx.height)
        return { taps: s.taps, ...cachedTaps(s, ctx.cache) }
      },
    },
    {
      samplers: { tStreaks: 'streaks' },
      fragmentShader: /* glsl */ `
        uniform sampler2D tStreaks;
        uniform float amount, imageWeight;
        ${imagenetCOutput}
        void main() {
          ivec2 p = imageCoord();
          vec3 x = fetchImage(tInput, p).rgb;
          if (amount <= 0.0) { gl_FragColor = vec4(x, 1.0); return; }
          // cv2's RGB2GRAY weights, not the header's Rec. 709 luma
          float gray = dot(x, vec3(0.299, 0.587, 0.114));
          vec3 lit = imageWeight * x + (1.0 - imageWeight) * max(x, vec3(gray * 1.5 + 0.5));
          ivec2 size = ivec2(uResolution);
          float layer = fetchImage(tStreaks, p).r + fetchImage(tStreaks, size - 1 - p).r;
          gl_FragColor = vec4(imagenetCOutput(lit + amount * layer), 1.0);
        }`,
      uniforms: (p, ctx) => {
        const s = snowSettings(p, ctx.width, ctx.height)
        return { amount: s.amount, imageWeight: s.imageWeight }
      },
    },
  ],
}
