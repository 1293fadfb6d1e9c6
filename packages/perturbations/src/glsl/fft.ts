import { DataTexture, FloatType, NearestFilter, RGFormat } from 'three'

/**
 * A 2D FFT as a sequence of full-screen passes over float render targets: a mixed-radix Stockham
 * transform (self-sorting, so no bit-reversal pass), one pass per radix per axis, each output
 * texel gathering `radix` texels. A texel holds two complex numbers (re0, im0, re1, im1).
 *
 * Any size works; the plan (`fftRadices`) depends on its factors. Per axis, a stage of radix r
 * costs r taps per texel, and a texel holds all three channels:
 * - smooth sizes are fast: 224 = 8·7·4 is 19 taps in 3 passes per axis (a direct DFT: 224 taps,
 *   for two channel groups); 96, 112, 128, 160, 256, 384, 512 are alike;
 * - a large prime factor p costs p taps in its pass: 299 = 23·13 is 36 taps in 2 passes;
 * - a prime size (227, 331) is the fallback: one direct-DFT pass of n taps along that axis, still
 *   O(n) per texel. (Bluestein's algorithm would make it O(log n) but needs targets of another
 *   size than the image's, which the pipeline's per-perturbation targets do not have.)
 */

/**
 * What a pass costs besides its taps, in taps. Measured on SwiftShader at 224×224: a fourth
 * pass of radix 4 costs more than the radix-8 stage that saves it ([7, 4, 4, 2] is slower than
 * [8, 7, 4]), and radix 16 loses to 4·4; 4 taps per pass sits in between.
 */
const PASS_COST_IN_TAPS = 4
/** Bounds the search: a larger composite radix never wins under that cost (16 + 4 > 4 + 4 + 2·4 already). */
const MAX_COMPOSITE_RADIX = 16

const isPrime = (n: number) => {
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false
  return n > 1
}

/**
 * Radices for length n: the factorisation n = r₁·r₂·… (non-increasing) with the least
 * `passes · PASS_COST_IN_TAPS + Σ rᵢ`, e.g. 224 → [8, 7, 4], 96 → [6, 4, 4], 299 → [23, 13].
 * A prime factor stays one radix however large (a prime n is one direct-DFT stage); n = 1
 * gives [1], an identity pass, so every axis has one.
 */
export function fftRadices(n: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`FFT length must be a positive integer, got ${n}`)
  if (n === 1) return [1]
  const memo = new Map<string, { cost: number; radices: number[] }>()
  const best = (m: number, largest: number): { cost: number; radices: number[] } => {
    if (m === 1) return { cost: 0, radices: [] }
    const key = `${m}:${largest}`
    let found = memo.get(key)
    if (found) return found
    found = { cost: Infinity, radices: [] }
    for (let r = Math.min(m, largest); r >= 2; r--) {
      if (m % r !== 0 || (r > MAX_COMPOSITE_RADIX && !isPrime(r))) continue
      const rest = best(m / r, r)
      const cost = rest.cost + r + PASS_COST_IN_TAPS
      if (cost < found.cost) found = { cost, radices: [r, ...rest.radices] }
    }
    memo.set(key, found)
    return found
  }
  return best(n, n).radices
}

/** One radix pass: `stride` is the product of the radices before it on the same axis. */
export interface FftStage {
  axis: 0 | 1
  radix: number
  stride: number
  /** −1: forward transform, +1: inverse (unnormalised) */
  sign: 1 | -1
}

/** The passes of a 1D transform of every row (axis 0) or column (axis 1) of length n. */
export function fftStages(n: number, axis: 0 | 1, sign: 1 | -1): FftStage[] {
  let stride = 1
  return fftRadices(n).map((radix) => {
    const stage: FftStage = { axis, radix, stride, sign }
    stride *= radix
    return stage
  })
}

/**
 * (cos, sin)(2πm/n) for m < n, built in float64 once per length: with exact integer indices
 * m = (angle index) mod n, no float32 cos() of a large angle is ever taken in the shader.
 */
export function twiddleTexture(n: number, cache: Map<string, unknown>): DataTexture {
  const key = `twiddle:${n}`
  let tex = cache.get(key) as DataTexture | undefined
  if (!tex) {
    const data = new Float32Array(2 * n)
    for (let m = 0; m < n; m++) {
      data[2 * m] = Math.cos((2 * Math.PI * m) / n)
      data[2 * m + 1] = Math.sin((2 * Math.PI * m) / n)
    }
    tex = new DataTexture(data, n, 1, RGFormat, FloatType)
    tex.minFilter = tex.magFilter = NearestFilter
    tex.needsUpdate = true
    cache.set(key, tex)
  }
  return tex
}

/** Uniform values for one stage of `fftStageGlsl(stage.axis)`, on an image of the given size. */
export function fftStageUniforms(stage: FftStage, width: number, height: number, cache: Map<string, unknown>) {
  const n = stage.axis === 0 ? width : height
  const span = stage.stride * stage.radix
  return {
    uFftRadix: stage.radix,
    uFftStride: stage.stride,
    uFftSpan: span,
    uFftTwiddleStep: n / span,
    uFftInputStep: n / stage.radix,
    uFftSign: stage.sign,
    tFftTwiddles: twiddleTexture(n, cache),
  }
}

export const complexGlsl = /* glsl */ `
vec2 cmul(vec2 a, vec2 b) { return vec2(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x); }
`

/**
 * GLSL `vec4 fftStage(sampler2D src, float keepW, ivec2 pos)`: the value at image pixel `pos`
 * after one Stockham radix-r stage along `axis` (0: rows, 1: columns; uniforms set by
 * `fftStageUniforms`). The axis is fixed per shader: on SwiftShader even branches on uniforms cost.
 * With keepW = 0, `src` is a colour image read as the complex pair (r + i·g, b): one transform
 * then carries all three channels, and since every later step is linear and per-bin, the
 * inverse gives back (r' + i·g', b') with r', g', b' real whenever each channel's spectrum is
 * Hermitian. Needs `complexGlsl` and the common header.
 *
 * Gather form of the stage with p = stride and T = n/r: output o = (q·r + j)·p + k reads the
 * inputs x[i + m·T], i = q·p + k, m < r, and is Σ_m x[i + m·T] · exp(sign·2πi·m·(k + j·p)/(p·r)).
 * Each stage multiplies p by r; after the last, the output is the DFT in natural order.
 */
export function fftStageGlsl(axis: 0 | 1): string {
  const [n, o, at, delta] =
    axis === 0
      ? ['uResolution.x', 'pos.x', 'ivec2(i, int(uResolution.y) - 1 - pos.y)', 'ivec2(uFftInputStep, 0)']
      : ['uResolution.y', 'pos.y', 'ivec2(pos.x, n - 1 - i)', 'ivec2(0, -uFftInputStep)']
  return /* glsl */ `
uniform sampler2D tFftTwiddles;
uniform int uFftRadix;
uniform int uFftStride;
uniform int uFftSpan;
uniform int uFftTwiddleStep;
uniform int uFftInputStep;
uniform float uFftSign;
// floor(a / b) for 0 <= a, b < 2^24 in float arithmetic: exact there, and SIMD-friendly unlike int division
int fftDiv(int a, int b) { return int((float(a) + 0.5) / float(b)); }
vec4 fftStage(sampler2D src, float keepW, ivec2 pos) {
  int n = int(${n});
  int o = ${o};
  int q = fftDiv(o, uFftSpan);
  int jk = o - q * uFftSpan; // j·p + k
  int i = q * uFftStride + jk - fftDiv(jk, uFftStride) * uFftStride;
  int step = jk * uFftTwiddleStep; // twiddle index step in units of 2π/n, below n
  // texel coordinates of input i (GL rows run bottom-up) and the step to input i + T
  ivec2 at = ${at};
  ivec2 delta = ${delta};
  vec4 keep = vec4(1.0, 1.0, 1.0, keepW);
  // w^m by repeated multiplication with w (cheaper than a texel fetch per tap), taken exactly
  // from the table every 8 taps so that large prime radices do not accumulate rounding error
  vec2 w1 = texelFetch(tFftTwiddles, ivec2(step, 0), 0).xy;
  w1.y *= uFftSign;
  vec2 w = vec2(1.0, 0.0);
  int t = 0;
  vec4 sum = vec4(0.0);
  for (int m = 0; m < uFftRadix; m++) {
    if (m > 0 && (m & 7) == 0) {
      w = texelFetch(tFftTwiddles, ivec2(t, 0), 0).xy;
      w.y *= uFftSign;
    }
    vec4 z = texelFetch(src, at, 0) * keep;
    sum += vec4(cmul(z.xy, w), cmul(z.zw, w));
    w = cmul(w, w1);
    at += delta;
    t += step;
    t = t >= n ? t - n : t;
  }
  return sum;
}
`
}
