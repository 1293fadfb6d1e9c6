import { createImage, type BuiltinReference, type ImageF32 } from '../../reference'
import { imagenetCOutputCpu } from '../imagenetC'
import { fogLevels } from '.'
import { mapSizeFor, plasmaFractal } from './plasma'

function fog(img: ImageF32, p: { severity: number; seed: number }): ImageF32 {
  const { weight, decay } = fogLevels(p.severity)
  if (!(weight > 0)) return img
  const { width: w, height: h } = img
  const size = mapSizeFor(Math.max(w, h))
  const plasma = plasmaFractal(size, decay, p.seed)
  let max = 0
  for (let i = 0; i < w * h; i++) for (let c = 0; c < 3; c++) max = Math.max(max, img.data[i * 4 + c])
  const out = createImage(w, h)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4
      for (let c = 0; c < 3; c++) out.data[i + c] = imagenetCOutputCpu(((img.data[i + c] + weight * plasma[y * size + x]) * max) / (max + weight))
      out.data[i + 3] = 1
    }
  return out
}

export const reference: BuiltinReference = {
  id: 'fog',
  // float32 arithmetic in the shader; the 8-bit truncation can turn its rounding into one step
  tolerance: { mean: 1e-4, max: 1 / 255 + 1e-5 },
  compute: (img, p) => fog(img, { severity: p.severity, seed: p.seed }),
}
