import { DataTexture, FloatType, NearestFilter, RGFormat } from 'three'
import type { Axis } from './blur'

/**
 * Separable 2D DFT building blocks (phase noise). A texel holds two complex numbers
 * (re0, im0, re1, im1), so three colour channels take two passes per transform step. Each output
 * texel sums the n texels of its row (axis 'x') or column (axis 'y'): O(n) taps, fine at 224.
 *
 * Twiddle factors come from a table texture of (cos, sin)(2πm/n) built in float64 once per
 * size: exact index arithmetic m = k·j mod n replaces float32 cos() of large angles, which is
 * where most of a naive shader DFT's error would come from.
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

export const complexGlsl = /* glsl */ `
vec2 cmul(vec2 a, vec2 b) { return vec2(a.x * b.x - a.y * b.y, a.x * b.y + a.y * b.x); }
`

/**
 * GLSL `vec4 <fn>(sampler2D src, sampler2D twiddles, ivec2 p)`: the 1D DFT along `axis` at
 * frequency (forward, sign −1) or position (inverse, sign +1) p[axis], unnormalised:
 *   out(k) = Σ_j z(j) · exp(sign · 2πi·k·j/n).
 * `load` turns a fetched texel into the two complex inputs (e.g. real channels with im = 0).
 * Needs `complexGlsl` and the common header.
 */
export function dftFunctionGlsl(fn: string, axis: Axis, sign: 1 | -1, load: (texel: string) => string = (t) => t): string {
  const i = axis === 'x' ? 0 : 1
  const at = axis === 'x' ? 'ivec2(j, p.y)' : 'ivec2(p.x, j)'
  return /* glsl */ `
vec4 ${fn}(sampler2D src, sampler2D twiddles, ivec2 p) {
  int n = int(uResolution[${i}]);
  int k = p[${i}];
  vec4 sum = vec4(0.0);
  int m = 0; // k·j mod n, kept incrementally
  for (int j = 0; j < n; j++) {
    vec4 z = ${load(`fetchImage(src, ${at})`)};
    vec2 w = texelFetch(twiddles, ivec2(m, 0), 0).xy;
    w.y *= ${sign.toFixed(1)};
    sum += vec4(cmul(z.xy, w), cmul(z.zw, w));
    m += k;
    if (m >= n) m -= n;
  }
  return sum;
}
`
}
