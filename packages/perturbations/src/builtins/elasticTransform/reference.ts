import { createImage, hash3, type BuiltinReference, type ImageF32 } from '../../reference'
import { gaussianWeights } from '../../glsl/blur'
import { IMAGENET_C_LEVELS, imagenetCOutputCpu, levelAt } from '../imagenetC'
import { ELASTIC_SEED_OFFSET, fieldRadius, fieldSigma } from '.'

/** scipy's 'reflect' for an index less than one side outside */
const reflect = (i: number, n: number) => {
  const j = Math.max(i, -1 - i)
  return Math.min(j, 2 * n - 1 - j)
}

/** One axis of the field's Gaussian, weights as the shader gets them (float32, normalised in float64). */
function blurField(src: Float64Array, w: number, h: number, axis: 'x' | 'y'): Float64Array {
  const side = axis === 'x' ? w : h
  const radius = fieldRadius(side)
  const weights = gaussianWeights(fieldSigma(side), radius + 1, radius)
  const out = new Float64Array(src.length)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let sum = 0
      for (let k = -radius; k <= radius; k++) {
        const i = axis === 'x' ? y * w + reflect(x + k, w) : reflect(y + k, h) * w + x
        sum += weights[Math.abs(k)] * src[i]
      }
      out[y * w + x] = sum
    }
  return out
}

function elasticTransform(img: ImageF32, p: { severity: number; seed: number }): ImageF32 {
  const alpha = levelAt(IMAGENET_C_LEVELS.elasticAlpha, p.severity)
  if (!(alpha > 0)) return img
  const { width: w, height: h } = img
  const m = 0.005 * h
  const seed = Math.round(p.seed) + ELASTIC_SEED_OFFSET
  const fields = [0, 1].map((axis) => {
    const f = new Float64Array(w * h)
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) f[y * w + x] = -m + 2 * m * hash3(x, y, seed)[axis]
    return blurField(blurField(f, w, h, 'x'), w, h, 'y').map((v) => v * alpha)
  })
  const out = createImage(w, h)
  const at = (x: number, y: number, c: number) => img.data[(reflect(y, h) * w + reflect(x, w)) * 4 + c]
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const cx = x + fields[0][y * w + x], cy = y + fields[1][y * w + x]
      const x0 = Math.floor(cx), y0 = Math.floor(cy), tx = cx - x0, ty = cy - y0
      for (let c = 0; c < 3; c++) {
        const top = at(x0, y0, c) * (1 - tx) + at(x0 + 1, y0, c) * tx
        const bottom = at(x0, y0 + 1, c) * (1 - tx) + at(x0 + 1, y0 + 1, c) * tx
        out.data[(y * w + x) * 4 + c] = imagenetCOutputCpu(top * (1 - ty) + bottom * ty)
      }
      out.data[(y * w + x) * 4 + 3] = 1
    }
  return out
}

export const reference: BuiltinReference = {
  id: 'elastic-transform',
  // float32 field sums and bilinear weights move a value by ~1e-6, which the 8-bit truncation can turn into one step
  tolerance: { mean: 2e-4, max: 1 / 255 + 1e-5 },
  compute: (img, p) => elasticTransform(img, { severity: p.severity, seed: p.seed }),
}
