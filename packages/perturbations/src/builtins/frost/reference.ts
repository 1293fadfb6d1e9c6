import { blurAxis, createImage, createPlanes, hash3, type BuiltinReference, type ImageF32 } from '../../reference'
import { imagenetCOutputCpu } from '../imagenetC'
import { FROST_BASE_WEIGHT, FROST_CRYSTALS, FROST_FIELD_MEAN, FROST_FIELD_STD, FROST_SOFTEN, FROST_SPREAD, FROST_TINT, frostWeights } from '.'

function valueNoise(u: number, v: number, s: number): number {
  const i = Math.floor(u), j = Math.floor(v)
  let fx = u - i, fy = v - j
  fx = fx * fx * (3 - 2 * fx)
  fy = fy * fy * (3 - 2 * fy)
  const a = hash3(i, j, s)[0], b = hash3(i + 1, j, s)[0], d = hash3(i, j + 1, s)[0], e = hash3(i + 1, j + 1, s)[0]
  const top = a + fx * (b - a), bottom = d + fx * (e - d)
  return top + fy * (bottom - top)
}

function crystals(x: number, y: number, cell: number, len: number, width: number, s: number): number {
  const u = x / cell, v = y / cell
  const ci = Math.floor(u), cj = Math.floor(v)
  let best = 1e9, t = 0
  for (let j = -1; j <= 1; j++)
    for (let i = -1; i <= 1; i++) {
      const h = hash3(ci + i, cj + j, s)
      const dx = u - (ci + i + h[0]), dy = v - (cj + j + h[1])
      const dist = dx * dx + dy * dy
      if (dist < best) {
        best = dist
        t = 2 * h[2] - 1
      }
    }
  const cs = (1 - t * t) / (1 + t * t), sn = (2 * t) / (1 + t * t)
  const n = valueNoise((x * cs + y * sn) / len, (y * cs - x * sn) / width, s + 1)
  const ridge = 1 - Math.abs(2 * n - 1)
  return ridge * ridge * ridge
}

/** The shader's field in float64 (same hash streams), softened by the same Gaussian, toned, blended, truncated. */
function frost(img: ImageF32, p: { severity: number; seed: number }): ImageF32 {
  const { width: w, height: h } = img
  const weights = frostWeights(p)
  if (weights.frost <= 0) return img
  const stream = weights.seed * 16
  const field = createPlanes(w, h)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let f = FROST_BASE_WEIGHT * (0.6 * valueNoise(x / 56, y / 56, stream) + 0.4 * valueNoise(x / 23, y / 23, stream + 1))
      FROST_CRYSTALS.forEach(([cell, len, width, weight], k) => (f += weight * crystals(x, y, cell, len, width, stream + 2 + 2 * k)))
      field.data.fill(f, (y * w + x) * 3, (y * w + x) * 3 + 3)
    }
  const soft = blurAxis(blurAxis(field, FROST_SOFTEN, 'x'), FROST_SOFTEN, 'y')
  const out = createImage(w, h)
  for (let i = 0; i < w * h; i++) {
    const g = (soft.data[i * 3] - FROST_FIELD_MEAN) / FROST_FIELD_STD
    for (let c = 0; c < 3; c++) {
      const ice = Math.min(1, Math.max(0, FROST_TINT[c] + FROST_SPREAD * g))
      out.data[i * 4 + c] = imagenetCOutputCpu(weights.image * img.data[i * 4 + c] + weights.frost * ice)
    }
    out.data[i * 4 + 3] = 1
  }
  return out
}

// the same hash and trig-free arithmetic: only the 8-bit truncation can land a step apart
export const reference: BuiltinReference = { id: 'frost', tolerance: { mean: 1e-4, max: 2 / 255 }, compute: (img, p) => frost(img, { severity: p.severity, seed: p.seed }) }
