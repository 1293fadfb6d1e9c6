import { DataTexture, FloatType, NearestFilter, RGBAFormat } from 'three'
import type { PerturbationDefinition } from '../../types'
import { IMAGENET_C_LEVELS, levelAt, severityParam } from '../imagenetC'
import { cachedBy } from '../../cache'

/** The reference's kernel: a square of side `size`, row-major, float32 like its `disk()`. */
export interface DiskKernel {
  size: number
  weights: Float32Array
}

/**
 * OpenCV's `getGaussianKernel(n, σ)` for σ > 0: exp(−x²/2σ²) around the middle tap, normalised,
 * computed in double. σ = 0 (only severity 0 reaches it) is the identity here, not OpenCV's σ from n.
 */
function openCvGaussian(n: number, sigma: number): number[] {
  if (!(sigma > 0)) return Array.from({ length: n }, (_, i) => (i === (n - 1) / 2 ? 1 : 0))
  const scale = -0.5 / (sigma * sigma)
  const w = Array.from({ length: n }, (_, i) => Math.exp(scale * (i - (n - 1) * 0.5) ** 2))
  const total = w.reduce((a, b) => a + b, 0)
  return w.map((v) => Math.fround(v * (1 / total)))
}

/** OpenCV's default border, BORDER_REFLECT_101: −1 → 1, n → n − 2. */
export const reflect101 = (i: number, n: number) => (n === 1 ? 0 : n - 1 - Math.abs(n - 1 - Math.abs(i)))

/**
 * The reference's `disk(radius, alias_blur)`: the aliased disk x² + y² ≤ r² on the grid −8…8 (or
 * −r…r when r > 8), normalised in float32, then `cv2.GaussianBlur` with a 3×3 (5×5 when r > 8)
 * kernel of σ = alias_blur — separable, rows first, with OpenCV's default reflect-101 border, so
 * at r = 8 and 10, where the disk touches the grid's edge, mass folds back in and the kernel sums
 * to 1.013 and 1.011 (the reference brightens those levels by that much; so do we). Between
 * levels r is not a whole number: the grid is then −⌈r⌉…⌈r⌉ (the reference's `arange(−r, r + 1)`
 * would be off-centre).
 */
export function imagenetCDisk(radius: number, aliasBlur: number): DiskKernel {
  const half = radius <= 8 ? 8 : Math.ceil(radius)
  const size = 2 * half + 1
  const disk = new Float64Array(size * size)
  let count = 0
  for (let y = -half; y <= half; y++) for (let x = -half; x <= half; x++) if (x * x + y * y <= radius * radius) (disk[(y + half) * size + x + half] = 1), count++
  const inside = Math.fround(1 / Math.fround(count))
  for (let i = 0; i < disk.length; i++) disk[i] *= inside
  const g = openCvGaussian(radius <= 8 ? 3 : 5, aliasBlur)
  const reach = (g.length - 1) / 2
  const f = Math.fround
  // OpenCV's symmetric small-kernel filters in float32 (SIMD with fused multiply-adds; a float32
  // product is exact in float64, so `s + w·v` rounded once is the FMA): bit-exact with cv2 4.6 at
  // every level. The 3-tap row filter adds the centre last, the others first.
  const filter = (at: (k: number) => number, centreLast: boolean) => {
    if (centreLast) return f(f(g[reach + 1] * f(at(1) + at(-1))) + g[reach] * at(0))
    let sum = f(g[reach] * at(0))
    for (let k = 1; k <= reach; k++) sum = f(sum + g[reach + k] * f(at(k) + at(-k)))
    return sum
  }
  const rows = new Float64Array(size * size)
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) rows[y * size + x] = filter((k) => disk[y * size + reflect101(x + k, size)], reach === 1)
  const weights = new Float32Array(size * size)
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) weights[y * size + x] = filter((k) => rows[reflect101(y + k, size) * size + x], false)
  return { size, weights }
}

/** The reference's disk at a continuous severity (radius and alias σ linear between levels, both 0 at severity 0). */
export function imagenetCDefocusKernel(severity: number): DiskKernel {
  return imagenetCDisk(levelAt(IMAGENET_C_LEVELS.defocusRadius, severity), levelAt(IMAGENET_C_LEVELS.defocusAliasBlur, severity))
}

/**
 * What the 8-bit truncation adds before flooring. `imagenetCOutput`'s +1e-4 keeps a value that is
 * exactly k/255 at k; but where the reference's float32 kernel sums to just under 1 (levels 1–3:
 * 1 − 4e-9), a neighbourhood that averages exactly k/255 (flat areas, ramps) comes out a hair
 * below k there and truncates to k − 1. Float32 sums cannot see that hair, so we floor such ties
 * down instead: −1e-4.
 */
export function kernelTieBias(weights: Float32Array): number {
  return weights.reduce((a, b) => a + b, 0) < 1 ? -1e-4 : 1e-4
}

/**
 * The kernel's non-zero taps as a count×1 float texture of (dx, dy, weight): up to 441 values do
 * not fit in uniforms, and at low severities most of the 17×17 grid is zero. Cached per severity
 * (`cachedBy`: one entry, the old texture disposed when the slider moves).
 */
function tapTexture(severity: number, cache: Map<string, unknown>): { texture: DataTexture; count: number; bias: number; dispose(): void } {
  return cachedBy(cache, 'defocus:taps', String(severity), () => {
    const taps: number[] = []
    let bias = 1e-4
    if (severity > 0) {
      const { size, weights } = imagenetCDefocusKernel(severity)
      bias = kernelTieBias(weights)
      const half = (size - 1) / 2
      for (let i = 0; i < weights.length; i++) if (weights[i] !== 0) taps.push((i % size) - half, Math.floor(i / size) - half, weights[i], 0)
    } else taps.push(0, 0, 1, 0)
    const texture = new DataTexture(Float32Array.from(taps), taps.length / 4, 1, RGBAFormat, FloatType)
    texture.minFilter = texture.magFilter = NearestFilter
    texture.needsUpdate = true
    return { texture, count: taps.length / 4, bias, dispose: () => texture.dispose() }
  })
}

/**
 * Defocus blur two ways. `radius`: convolution with a disk of radius r px, anti-aliased (weight
 * clamp(r + ½ − |d|, 0, 1), roughly the pixel's coverage) so the blur grows smoothly with the
 * slider instead of in jumps at integer r²; weights normalised, edges clamped; r = 0 is the
 * identity. Its weights are recomputed per tap: a sqrt is cheaper than a texture fetch.
 *
 * An ImageNet-C `severity` above 0 replaces it with the reference's "defocus_blur": correlation
 * (`cv2.filter2D`) of each channel with `disk(radius, alias_blur)` (radius 3, 4, 6, 8, 10 and σ
 * 0.1, 0.5, … at levels 1–5; see `imagenetCDisk`), whose float32 kernel we build the same way,
 * with OpenCV's reflect-101 border (not an edge clamp), then the clip and 8-bit truncation (with
 * the reference's ties, see `kernelTieBias`). The reference sums in float64, we in float32. In between levels the disk's radius grows in jumps,
 * as the reference's aliased disk does at its levels.
 */
export const defocusBlur: PerturbationDefinition<'radius' | 'severity'> = {
  id: 'defocus-blur',
  label: 'Defocus Blur',
  group: 'blur',
  description: 'Blurs with a disk (out-of-focus lens) of the given radius in pixels; the ImageNet-C severity (1–5) blurs as the reference does.',
  params: [{ name: 'radius', label: 'Radius (px)', min: 0, max: 8, step: 0.05, default: 0 }, { ...severityParam, label: 'ImageNet-C severity' }],
  passes: [
    {
      fragmentShader: /* glsl */ `
        uniform float radius;
        uniform int uTapCount;
        uniform float uImagenetC;
        uniform sampler2D tTaps;
        uniform float uTieBias;
        ivec2 reflect101(ivec2 q, ivec2 size) {
          ivec2 last = size - 1;
          return clamp(last - abs(last - abs(q)), ivec2(0), last);
        }
        void main() {
          ivec2 p = imageCoord();
          if (uImagenetC > 0.0) {
            ivec2 size = ivec2(uResolution);
            vec3 sum = vec3(0.0);
            for (int i = 0; i < uTapCount; i++) {
              vec3 tap = texelFetch(tTaps, ivec2(i, 0), 0).xyz;
              sum += tap.z * fetchImage(tInput, reflect101(p + ivec2(tap.xy), size)).rgb;
            }
            gl_FragColor = vec4(floor(clamp(sum, 0.0, 1.0) * 255.0 + uTieBias) / 255.0, 1.0);
            return;
          }
          int reach = int(floor(radius + 0.5)); // beyond it every weight is 0
          vec3 sum = vec3(0.0);
          float total = 0.0;
          for (int dy = -reach; dy <= reach; dy++) {
            for (int dx = -reach; dx <= reach; dx++) {
              float w = clamp(radius + 0.5 - length(vec2(dx, dy)), 0.0, 1.0);
              if (w > 0.0) {
                sum += w * fetchImage(tInput, p + ivec2(dx, dy)).rgb;
                total += w;
              }
            }
          }
          gl_FragColor = vec4(clamp(sum / total, 0.0, 1.0), 1.0);
        }`,
      uniforms: (p, ctx) => {
        const taps = tapTexture(p.severity > 0 ? p.severity : 0, ctx.cache)
        return { radius: p.radius, uImagenetC: p.severity > 0 ? 1 : 0, tTaps: taps.texture, uTapCount: taps.count, uTieBias: taps.bias }
      },
    },
  ],
}
