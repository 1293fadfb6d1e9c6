import type { ParamValues, PassSpec, UniformValue } from '../types'

/**
 * Separable Gaussian blur building blocks, shared by gaussian-blur, low-pass, high-pass and the
 * frequency decomposition. Kernel: radius ceil(3σ), weights exp(−k²/2σ²) normalised to sum 1,
 * edge clamp (via `fetchImage`). σ = 0 is radius 0 with weight 1, i.e. an exact copy.
 *
 * Weights are computed in float64 on the CPU (once per σ, cached in `ctx.cache`) and handed to
 * the shader as a uniform array, so the GPU only rounds them to float32.
 */

export type Axis = 'x' | 'y'

export const gaussianRadius = (sigma: number): number => (sigma > 0 ? Math.ceil(3 * sigma) : 0)

/** Length of the one-sided weight array a kernel up to `maxSigma` needs. */
export const gaussianTaps = (maxSigma: number): number => gaussianRadius(maxSigma) + 1

/** One-sided normalised weights w[0..radius], zero-padded to `taps` (radius ⌈3σ⌉ unless given). */
export function gaussianWeights(sigma: number, taps: number, radiusFor = gaussianRadius(sigma)): Float32Array {
  const radius = Math.min(radiusFor, taps - 1)
  const w = new Float64Array(taps)
  w[0] = 1
  let total = 1
  for (let k = 1; k <= radius; k++) {
    w[k] = Math.exp(-(k * k) / (2 * sigma * sigma))
    total += 2 * w[k]
  }
  return Float32Array.from(w, (v) => v / total)
}

/**
 * Uniform values for the blur declared by `blurUniformsGlsl(prefix, taps)`. The weights are
 * cached under `gauss:<prefix>` and rebuilt only when σ changes, never per frame; one entry per
 * prefix keeps the cache bounded while a slider moves.
 */
export function blurUniforms(prefix: string, sigma: number, taps: number, cache: Map<string, unknown>, radius = gaussianRadius(sigma)): Record<string, UniformValue> {
  const key = `gauss:${prefix}`
  let entry = cache.get(key) as { sigma: number; radius: number; weights: Float32Array } | undefined
  if (!entry || entry.sigma !== sigma || entry.radius !== radius) {
    entry = { sigma, radius, weights: gaussianWeights(sigma, taps, radius) }
    cache.set(key, entry)
  }
  return { [`${prefix}Radius`]: Math.min(radius, taps - 1), [`${prefix}Weights`]: entry.weights }
}

export const blurUniformsGlsl = (prefix: string, taps: number): string => /* glsl */ `
uniform int ${prefix}Radius;
uniform float ${prefix}Weights[${taps}];
`

/**
 * GLSL function `vec4 <fn>(ivec2 p)`: the 1D Gaussian along `axis` around image pixel `p`, of
 * whatever `fetch(q)` (a GLSL expression of an `ivec2 q`) returns, e.g. a difference of two
 * textures for a band-pass. Symmetric taps are paired so each weight is read once.
 */
export function blurFunctionGlsl(fn: string, prefix: string, axis: Axis, fetch: (q: string) => string): string {
  const step = axis === 'x' ? 'ivec2(k, 0)' : 'ivec2(0, k)'
  return /* glsl */ `
vec4 ${fn}(ivec2 p) {
  vec4 sum = ${prefix}Weights[0] * ${fetch('p')};
  for (int k = 1; k <= ${prefix}Radius; k++) {
    ivec2 d = ${step};
    sum += ${prefix}Weights[k] * (${fetch('(p + d)')} + ${fetch('(p - d)')});
  }
  return sum;
}
`
}

export interface BlurPassOptions<K extends string> {
  /** name under which later passes sample the result */
  name?: string
  axis: Axis
  /** `'input'` or an earlier pass, sampled as `tSource` (unused when `fetch` is given) */
  source?: string
  /** σ in px for the current parameters */
  sigma: (params: ParamValues<K>) => number
  /** the kernel's radius in px for the current parameters (default ⌈3σ⌉) */
  radius?: (params: ParamValues<K>) => number
  maxSigma: number
  /** uniform prefix; passes that share it share one cached weight array */
  prefix: string
  /** what to blur, as a GLSL expression of `ivec2 q`; defaults to `fetchImage(tSource, q)` */
  fetch?: (q: string) => string
  /** extra samplers `fetch` reads */
  samplers?: Record<string, string>
  /** the last pass of an effect clamps to the displayable range; intermediate ones keep signs */
  clampOutput?: boolean
  /** extra GLSL declarations (uniforms, helpers) for `finish` */
  declarations?: string
  /** GLSL statements run after the blur; may rewrite `vec3 c` (the blurred rgb) at pixel `ivec2 p` */
  finish?: string
  /** values for the uniforms in `declarations` */
  extraUniforms?: (params: ParamValues<K>) => Record<string, UniformValue>
}

/** One direction of a separable blur as a full pass (unclamped unless `clampOutput`). */
export function blurPass<K extends string>(o: BlurPassOptions<K>): PassSpec<K> {
  const taps = gaussianTaps(o.maxSigma)
  const fetch = o.fetch ?? ((q: string) => `fetchImage(tSource, ${q})`)
  const samplerDecls = Object.keys(o.samplers ?? {})
    .map((s) => `uniform sampler2D ${s};`)
    .join('\n')
  return {
    name: o.name,
    samplers: { ...(o.fetch ? {} : { tSource: o.source ?? 'input' }), ...o.samplers },
    fragmentShader: /* glsl */ `
${o.fetch ? '' : 'uniform sampler2D tSource;'}
${samplerDecls}
${blurUniformsGlsl(o.prefix, taps)}
${blurFunctionGlsl('blur1d', o.prefix, o.axis, fetch)}
${o.declarations ?? ''}
void main() {
  ivec2 p = imageCoord();
  vec3 c = blur1d(p).rgb;
  ${o.finish ?? ''}
  gl_FragColor = vec4(${o.clampOutput ? 'clamp(c, 0.0, 1.0)' : 'c'}, 1.0);
}`,
    uniforms: (p, ctx) => ({ ...o.extraUniforms?.(p), ...blurUniforms(o.prefix, o.sigma(p), taps, ctx.cache, o.radius?.(p)) }),
  }
}
