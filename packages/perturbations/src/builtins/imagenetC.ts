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
} as const

/** The constant at a continuous severity: 0 → `identity`, k ∈ 1..5 → level k, linear in between. */
export function levelAt(levels: readonly number[], severity: number, identity = 0): number {
  const s = Math.min(levels.length, Math.max(0, severity))
  const k = Math.floor(s)
  const below = k === 0 ? identity : levels[k - 1]
  return k >= levels.length ? levels[levels.length - 1] : below + (s - k) * (levels[k] - below)
}

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
