/**
 * ImageNet-C (Hendrycks & Dietterich, ICLR 2019) as its reference implementation, the
 * `imagecorruptions` package, defines it: each corruption's constant at severities 1–5. Effects
 * take a continuous `severity` in [0, 5]: whole numbers are the reference's levels exactly, 0 is
 * the identity, and values in between interpolate the constant linearly.
 */

/** The reference's per-level constants (imagecorruptions/corruptions.py), severity 1 to 5. */
export const IMAGENET_C_LEVELS = {
  /** `x + N(0, c)`: the noise's standard deviation */
  gaussianNoise: [0.08, 0.12, 0.18, 0.26, 0.38],
  /** `sk.util.random_noise(mode='s&p', amount=c)`: the share of channel values replaced by 0 or 1 */
  impulseNoise: [0.03, 0.06, 0.09, 0.17, 0.27],
  /** `x + x·N(0, c)`: the standard deviation of the multiplicative noise */
  speckleNoise: [0.15, 0.2, 0.35, 0.45, 0.6],
  /** HSV value + c */
  brightness: [0.1, 0.2, 0.3, 0.4, 0.5],
  /** HSV saturation · c[0] + c[1], as two level lists (identity: 1 and 0) */
  saturateScale: [0.3, 0.1, 2, 5, 20],
  saturateShift: [0, 0, 0, 0.1, 0.2],
  /** skimage's gaussian: σ in px, radius int(4σ + 0.5), edges clamped */
  gaussianBlur: [1, 2, 3, 4, 6],
  /** (x − per-channel image mean)·c + mean (identity: 1) */
  contrast: [0.4, 0.3, 0.2, 0.1, 0.05],
  /** PIL BOX down to int(side·c), then NEAREST back up (identity: 1) */
  pixelate: [0.6, 0.5, 0.4, 0.3, 0.25],
  /** `Poisson(x·c)/c`: photons per unit intensity (identity: ∞) */
  shotNoise: [60, 25, 12, 5, 3],
  /** `disk(radius, alias_blur)`: the disk's radius in px and the σ of the 3×3 (or 5×5) Gaussian that anti-aliases it */
  defocusRadius: [3, 4, 6, 8, 10],
  defocusAliasBlur: [0.1, 0.5, 0.5, 0.5, 0.5],
  /** Gaussian σ, then `iterations` sweeps of local pixel swaps up to `maxDelta` px, then the Gaussian again */
  glassSigma: [0.7, 0.9, 1, 1.1, 1.5],
  glassMaxDelta: [1, 2, 2, 3, 4],
  glassIterations: [2, 1, 3, 2, 2],
  /** `_motion_blur(radius, sigma, angle)`: 2·radius + 1 one-sided Gaussian taps of σ px; the angle is drawn in [−45°, 45°] */
  motionRadius: [10, 15, 15, 15, 20],
  motionSigma: [3, 5, 8, 12, 15],
  /** the zoom factors averaged with the image, as numpy's `arange` gives them (float64; level 1 has 1.11 by rounding) */
  zoomFactors: [
    [1.0, 1.01, 1.02, 1.03, 1.04, 1.05, 1.06, 1.07, 1.08, 1.09, 1.1, 1.11],
    [1.0, 1.01, 1.02, 1.03, 1.04, 1.05, 1.06, 1.07, 1.08, 1.09, 1.1, 1.11, 1.12, 1.1300000000000001, 1.1400000000000001, 1.1500000000000001],
    [1.0, 1.02, 1.04, 1.06, 1.08, 1.1, 1.12, 1.1400000000000001, 1.1600000000000001, 1.1800000000000002, 1.2000000000000002],
    [1.0, 1.02, 1.04, 1.06, 1.08, 1.1, 1.12, 1.1400000000000001, 1.1600000000000001, 1.1800000000000002, 1.2000000000000002, 1.2200000000000002, 1.2400000000000002],
    [1.0, 1.03, 1.06, 1.09, 1.12, 1.1500000000000001, 1.1800000000000002, 1.2100000000000002, 1.2400000000000002, 1.2700000000000002, 1.3000000000000003],
  ],
  /** snow: (loc, scale, zoom, threshold, blur radius, blur σ, image weight) per level */
  snow: [
    [0.1, 0.3, 3, 0.5, 10, 4, 0.8],
    [0.2, 0.3, 2, 0.5, 12, 4, 0.7],
    [0.55, 0.3, 4, 0.9, 12, 8, 0.7],
    [0.55, 0.3, 4.5, 0.85, 12, 8, 0.65],
    [0.55, 0.3, 2.5, 0.85, 12, 12, 0.55],
  ],
  /** frost: image weight and frost weight, `c0·x + c1·frost` */
  frost: [
    [1, 0.4],
    [0.8, 0.6],
    [0.7, 0.7],
    [0.65, 0.7],
    [0.6, 0.75],
  ],
  /** fog: plasma fractal weight and its wibble decay */
  fog: [
    [1.5, 2],
    [2, 2],
    [2.5, 1.7],
    [2.5, 1.5],
    [3, 1.4],
  ],
  /** spatter: (loc, scale, σ, threshold, intensity or mud σ, mud?) per level; levels 1–3 water, 4–5 mud */
  spatter: [
    [0.65, 0.3, 4, 0.69, 0.6, 0],
    [0.65, 0.3, 3, 0.68, 0.6, 0],
    [0.65, 0.3, 2, 0.68, 0.5, 0],
    [0.65, 0.3, 1, 0.65, 1.5, 1],
    [0.67, 0.4, 1, 0.65, 1.5, 1],
  ],
  /** elastic_transform: the displacement's scale α (σ = 1 % of the side, max displacement 0.5 % of the height) */
  elasticAlpha: [12.5, 16.25, 21.25, 25, 30],
  /** Pillow's JPEG quality (4:2:0 chroma subsampling, libjpeg's scaled standard tables) */
  jpegQuality: [25, 18, 15, 10, 7],
} as const

/** The constant at a continuous severity: 0 → `identity`, k ∈ 1..5 → level k, linear in between. */
export function levelAt(levels: readonly number[], severity: number, identity = 0): number {
  const s = Math.min(levels.length, Math.max(0, severity))
  const k = Math.floor(s)
  const below = k === 0 ? identity : levels[k - 1]
  return k >= levels.length ? levels[levels.length - 1] : below + (s - k) * (levels[k] - below)
}

/** The seed slider of every effect with a random draw: the same seed gives the same pixels. */
export const seedParam = { name: 'seed', label: 'Seed', min: 0, max: 999, step: 1, default: 0 } as const

/** The severity slider every ImageNet-C effect shares. */
export const severityParam = { name: 'severity', label: 'Severity', min: 0, max: 5, step: 0.01, default: 0 } as const

/**
 * The reference's last step, `np.uint8(clip(x, 0, 1)·255)`: truncation to 8 bits (not rounding),
 * which lowers values by up to 1/255. The 1e-4 keeps a value that is exactly k/255 in float64 at k
 * after float32 arithmetic.
 */
export const imagenetCOutput = /* glsl */ `
vec3 imagenetCOutput(vec3 v) { return floor(clamp(v, 0.0, 1.0) * 255.0 + 1.0e-4) / 255.0; }
`

/** The same truncation on the CPU, in float32 like the shader. */
export function imagenetCOutputCpu(v: number): number {
  return Math.floor(Math.fround(Math.fround(Math.min(1, Math.max(0, v))) * 255) + 1e-4) / 255
}
