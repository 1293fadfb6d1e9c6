import { cachedBy } from '../../cache'
import { mulberry32 } from '../../random'
import type { PerturbationDefinition } from '../../types'
import { IMAGENET_C_LEVELS, imagenetCOutput, levelAt, severityParam } from '../imagenetC'

export const MOTION_BLUR_MAX_TAPS = 24
/** The reference's widest kernel: 2·radius + 1 taps at radius 20 (level 5). */
export const IMAGENET_C_MOTION_TAPS = 41
const UNIFORM_TAPS = Math.max(MOTION_BLUR_MAX_TAPS, IMAGENET_C_MOTION_TAPS)

/** Taps as uniforms: integer image-pixel offsets (x, y interleaved) and weights, `count` of them used. */
export interface MotionKernel {
  count: number
  offsets: Float32Array
  weights: Float32Array
}

/**
 * Integer pixel offsets of the N = max(1, round(length)) taps, evenly spaced on a segment of
 * `length` px centred on the pixel, at `angle` degrees counter-clockwise from +x as seen on
 * screen (image y points down, hence −sin). Offsets are rounded to whole pixels (floor(v + ½))
 * in float64 here, so the shader does no trigonometry and the GPU matches the CPU exactly.
 */
export function motionBlurOffsets(length: number, angle: number): Float32Array {
  const n = Math.min(MOTION_BLUR_MAX_TAPS, Math.max(1, Math.round(length)))
  const a = (angle * Math.PI) / 180
  const out = new Float32Array(UNIFORM_TAPS * 2)
  for (let i = 0; i < n; i++) {
    const t = ((i + 0.5) / n - 0.5) * length
    out[2 * i] = Math.floor(t * Math.cos(a) + 0.5)
    out[2 * i + 1] = Math.floor(-t * Math.sin(a) + 0.5)
  }
  return out
}

/** Dekker's exact product: a·b = p + e. */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b
  const split = (v: number) => {
    const t = 134217729 * v
    const hi = t - (t - v)
    return [hi, v - hi]
  }
  const [ah, al] = split(a)
  const [bh, bl] = split(b)
  return [p, ah * bh - p + ah * bl + al * bh + al * bl]
}

/**
 * √(a² + b²) correctly rounded, like Python's `math.hypot`. V8's Math.hypot can be an ulp off, and
 * the reference's tap offsets are ceil(i·sin/hypot − ½) where exact ties are common (30°, 60°):
 * one ulp moves a whole tap by a pixel. One Newton step on the double-double sum fixes it.
 */
export function hypot(a: number, b: number): number {
  const [a2, a2e] = twoProduct(a, a)
  const [b2, b2e] = twoProduct(b, b)
  const s = a2 + b2
  const bb = s - a2
  const lo = a2 - (s - bb) + (b2 - bb) + a2e + b2e
  const h = Math.sqrt(s + lo)
  const [h2, h2e] = twoProduct(h, h)
  return h + (s - h2 + lo - h2e) / (2 * h)
}

/**
 * The reference's `_motion_blur(x, radius, sigma, angle)` as taps: tap i = 0 … 2·radius reads the
 * pixel at (ceil(i·cos a − ½), ceil(i·sin a − ½)) (x right, y down: `shift` by −that, whose edge
 * fill is an edge clamp), weighted by the one-sided Gaussian exp(−i²/2σ²) normalised over all
 * taps; the loop stops at the first tap whose shift reaches the image size, without
 * renormalising. Everything in float64 in the reference's operation order (np.deg2rad is
 * a·(π/180)); only the weights are rounded to float32 on upload.
 */
export function imagenetCMotionKernel(radius: number, sigma: number, referenceAngle: number, width: number, height: number): MotionKernel {
  const taps = 2 * radius + 1
  const gauss = Array.from({ length: taps }, (_, i) => Math.exp(-(i * i) / (2 * (sigma * sigma))) / (Math.sqrt(2 * Math.PI) * sigma))
  const total = gauss.reduce((a, b) => a + b, 0)
  const rad = referenceAngle * (Math.PI / 180)
  const py = taps * Math.sin(rad)
  const px = taps * Math.cos(rad)
  const length = hypot(py, px)
  const offsets = new Float32Array(UNIFORM_TAPS * 2)
  const weights = new Float32Array(UNIFORM_TAPS)
  let count = 0
  for (; count < taps; count++) {
    // + 0: no −0 offsets
    const dy = Math.ceil((count * py) / length - 0.5) + 0
    const dx = Math.ceil((count * px) / length - 0.5) + 0
    if (Math.abs(dy) >= height || Math.abs(dx) >= width) break
    offsets[2 * count] = dx
    offsets[2 * count + 1] = dy
    weights[count] = gauss[count] / total
  }
  return { count, offsets, weights }
}

/** The reference's radius and σ at a continuous severity (radius rounded: it counts taps). */
export function imagenetCMotionLevel(severity: number): { radius: number; sigma: number } {
  return { radius: Math.round(levelAt(IMAGENET_C_LEVELS.motionRadius, severity)), sigma: levelAt(IMAGENET_C_LEVELS.motionSigma, severity) }
}

/** Our `angle` (counter-clockwise on screen) as the reference's (clockwise, since its y points down). */
export const referenceAngle = (angle: number) => -angle

/** Seeds 10000.. are this effect's own stream (`mulberry32`), apart from the noise effects' hashes. */
export const MOTION_BLUR_SEED_OFFSET = 10000

/**
 * The ImageNet-C mode's angle: the slider's, plus, for a seed above 0, an offset drawn uniformly
 * in [−45°, 45°) from the seed, as the reference draws one per image (seed 0: the slider alone).
 */
export function imagenetCMotionAngle(p: { angle: number; seed: number }): number {
  const seed = Math.round(p.seed)
  return seed > 0 ? p.angle + mulberry32(seed + MOTION_BLUR_SEED_OFFSET)() * 90 - 45 : p.angle
}

export function motionKernel(p: { length: number; angle: number; severity: number; seed: number }, width: number, height: number): MotionKernel {
  if (p.severity > 0) {
    const { radius, sigma } = imagenetCMotionLevel(p.severity)
    return imagenetCMotionKernel(radius, sigma, referenceAngle(imagenetCMotionAngle(p)), width, height)
  }
  const count = Math.min(MOTION_BLUR_MAX_TAPS, Math.max(1, Math.round(p.length)))
  const weights = new Float32Array(UNIFORM_TAPS)
  weights.fill(1 / count, 0, count)
  return { count, offsets: motionBlurOffsets(p.length, p.angle), weights }
}

/**
 * Motion blur two ways. `length`/`angle`: the mean of N samples along a line of `length` px
 * centred on the pixel, edge clamp. An ImageNet-C `severity` above 0 replaces it with the
 * reference's "motion_blur" (`_motion_blur` with radius 10, 15, 15, 15, 20 and σ 3, 5, 8, 12, 15
 * at levels 1–5; see `imagenetCMotionKernel`), on the 8-bit values, then its clip and 8-bit
 * truncation. In between levels radius and σ interpolate linearly (radius rounded); towards
 * severity 0 σ shrinks to 0 and all weight goes to the pixel itself.
 *
 * The reference draws its angle uniformly in [−45°, 45°], measured clockwise on screen (its y axis
 * points down) and blurring one-sidedly towards that direction; here it is the `angle` slider,
 * counter-clockwise like the continuous mode's: our angle θ is the reference's −θ, so its whole
 * range is θ ∈ [−45°, 45°] too, and a reference run at 30° is our −30°. The slider spans
 * −180°…180° because the one-sided kernel, unlike the centred line, has a direction. A `seed`
 * above 0 draws the angle as the reference does, uniformly within ±45° of the slider's (the
 * corruption benchmark gives each image its own seed); seed 0 takes the slider's angle as it is.
 */
export const motionBlur: PerturbationDefinition<'length' | 'angle' | 'severity' | 'seed'> = {
  id: 'motion-blur',
  label: 'Motion Blur',
  group: 'blur',
  description: 'Averages the image along a line of the given length (px) and angle (degrees); the ImageNet-C severity (1–5) blurs as the reference does, at this angle.',
  params: [
    { name: 'length', label: 'Length (px)', min: 0, max: MOTION_BLUR_MAX_TAPS, step: 0.1, default: 0 },
    { name: 'angle', label: 'Angle (°)', min: -180, max: 180, step: 1, default: 0 },
    { ...severityParam, label: 'ImageNet-C severity' },
    { name: 'seed', label: 'Seed', min: 0, max: 999, step: 1, default: 0, description: 'ImageNet-C mode: above 0, draws the angle within ±45° of the slider’s, as the reference does per image' },
  ],
  passes: [
    {
      fragmentShader: /* glsl */ `
        uniform int taps;
        uniform vec2 offsets[${UNIFORM_TAPS}];
        uniform float weights[${UNIFORM_TAPS}];
        uniform float uImagenetC;
        ${imagenetCOutput}
        void main() {
          ivec2 p = imageCoord();
          vec3 sum = vec3(0.0);
          for (int i = 0; i < taps; i++) sum += weights[i] * fetchImage(tInput, p + ivec2(offsets[i])).rgb;
          gl_FragColor = vec4(uImagenetC > 0.0 ? imagenetCOutput(sum) : clamp(sum, 0.0, 1.0), 1.0);
        }`,
      uniforms: (p, ctx) => {
        const key = `${p.length}:${p.angle}:${p.severity}:${p.seed}:${ctx.width}:${ctx.height}`
        const kernel = cachedBy(ctx.cache, 'motion', key, () => motionKernel(p, ctx.width, ctx.height))
        return { taps: kernel.count, offsets: kernel.offsets, weights: kernel.weights, uImagenetC: p.severity > 0 ? 1 : 0 }
      },
    },
  ],
}
