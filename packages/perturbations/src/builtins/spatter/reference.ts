import { createImage, gaussian, type BuiltinReference, type ImageF32 } from '../../reference'
import { imagenetCOutputCpu } from '../imagenetC'
import { WATER_FIT, WATER_NORM, skimageRadius, spatterSettings } from '.'

/** skimage-style 1D Gaussian of one plane (radius int(4σ + ½), edges clamped), along x or y. */
function blur(src: Float64Array, w: number, h: number, sigma: number, axis: 'x' | 'y'): Float64Array {
  const r = skimageRadius(sigma)
  const weights = Array.from({ length: 2 * r + 1 }, (_, k) => Math.exp(-((k - r) ** 2) / (2 * sigma * sigma)))
  const total = weights.reduce((a, b) => a + b, 0)
  const out = new Float64Array(w * h)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let sum = 0
      for (let k = -r; k <= r; k++) {
        const qx = axis === 'x' ? Math.min(w - 1, Math.max(0, x + k)) : x
        const qy = axis === 'y' ? Math.min(h - 1, Math.max(0, y + k)) : y
        sum += weights[k + r] * src[qy * w + qx]
      }
      out[y * w + x] = sum / total
    }
  return out
}

/** The shader's passes in float64: hashed liquid, fitted edge layer and mud mask, composite. */
function spatter(img: ImageF32, p: { severity: number; seed: number }): ImageF32 {
  const { width: w, height: h } = img
  const s = spatterSettings(p)
  if (s.water <= 0 && s.mud <= 0) return img
  const noise = new Float64Array(w * h)
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) noise[y * w + x] = s.loc + s.scale * gaussian(x, y, s.seed, 0)
  const liquid = blur(blur(noise, w, h, s.sigma, 'x'), w, h, s.sigma, 'y')
  const at = (x: number, y: number) => liquid[Math.min(h - 1, Math.max(0, y)) * w + Math.min(w - 1, Math.max(0, x))]
  const edge = new Float64Array(w * h)
  const mask = new Float64Array(w * h)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = at(x, y)
      const gx = 0.5 * (at(x + 1, y) - at(x - 1, y)), gy = 0.5 * (at(x, y + 1) - at(x, y - 1))
      const n = Math.hypot(gx, gy) + 1e-9
      const sd = Math.min(8, Math.max(0, (v - s.threshold) / n))
      const d = (gx + gy) / (n * Math.SQRT2)
      const t = sd / 8, rim = Math.exp(-sd)
      const f = WATER_FIT
      const layer = f[0] + f[1] * d + f[2] * t + f[3] * d * t + f[4] * rim + f[5] * rim * d + f[6] * t * t
      edge[y * w + x] = Math.pow(Math.min(1, Math.max(0, layer / 255)), s.gamma)
      mask[y * w + x] = v > s.threshold ? 1 : 0
    }
  const mud = blur(blur(mask, w, h, 1.5, 'x'), w, h, 1.5, 'y')
  const out = createImage(w, h)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let box = 0
      for (let j = -1; j <= 1; j++) for (let i = -1; i <= 1; i++) box += edge[Math.min(h - 1, Math.max(0, y + j)) * w + Math.min(w - 1, Math.max(0, x + i))]
      const v = liquid[y * w + x]
      const liquid8 = v < s.threshold ? 0 : Math.floor(v * 255)
      const m = Math.min((liquid8 / WATER_NORM) * (box / 9) * s.gain, 1) * s.intensity
      const mm0 = mud[y * w + x]
      const mm = mm0 < 0.8 ? 0 : mm0
      const i4 = (y * w + x) * 4
      const water = [175, 238, 238], brown = [63, 42, 20]
      for (let c = 0; c < 3; c++) {
        const xc = img.data[i4 + c]
        const wet = xc + (m * water[c]) / 255
        const muddy = xc * (1 - mm) + (mm * brown[c]) / 255
        const blended = xc + s.water * (wet - xc)
        out.data[i4 + c] = imagenetCOutputCpu(blended + s.mud * (muddy - blended))
      }
      out.data[i4 + 3] = 1
    }
  return out
}

// float32 noise and blurs on the GPU move a few pixels across the drop threshold, where the
// colour jumps by the drop's full strength; elsewhere the two agree to an 8-bit step
export const reference: BuiltinReference = { id: 'spatter', tolerance: { mean: 2e-4, max: 0.6 }, compute: (img, p) => spatter(img, { severity: p.severity, seed: p.seed }) }
