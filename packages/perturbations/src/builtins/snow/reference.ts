import { createImage, gaussian, type BuiltinReference, type ImageF32 } from '../../reference'
import { imagenetCOutputCpu } from '../imagenetC'
import { snowBlurTaps, snowSettings } from '.'

/** The shader's three passes in float64: hashed flakes zoomed bilinearly, thresholded, streaked, rounded; then the composite. */
function snow(img: ImageF32, p: { severity: number; seed: number }): ImageF32 {
  const { width: w, height: h } = img
  const s = snowSettings(p, w, h)
  if (s.amount <= 0) return img
  const flake = (x: number, y: number) => s.loc + s.scale * gaussian(x, y, s.seed, 0)
  const ratio = [(s.crop[0] - 1) / (s.zoomed[0] - 1), (s.crop[1] - 1) / (s.zoomed[1] - 1)]
  const flakes = new Float64Array(w * h)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const tx = Math.fround(x * Math.fround(ratio[0])), ty = Math.fround(y * Math.fround(ratio[1]))
      const x0 = Math.floor(tx), y0 = Math.floor(ty)
      const x1 = Math.min(x0 + 1, s.crop[0] - 1), y1 = Math.min(y0 + 1, s.crop[1] - 1)
      const fx = tx - x0, fy = ty - y0
      const top = flake(x0, y0) + fx * (flake(x1, y0) - flake(x0, y0))
      const bottom = flake(x0, y1) + fx * (flake(x1, y1) - flake(x0, y1))
      const v = top + fy * (bottom - top)
      flakes[y * w + x] = v < s.threshold ? 0 : Math.min(1, Math.max(0, v))
    }
  const { offsets, weights } = snowBlurTaps(s)
  const streaks = new Float64Array(w * h)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let sum = 0
      for (let i = 0; i < s.taps; i++) {
        const qx = Math.min(w - 1, Math.max(0, x + offsets[2 * i])), qy = Math.min(h - 1, Math.max(0, y + offsets[2 * i + 1]))
        sum += weights[i] * flakes[qy * w + qx]
      }
      streaks[y * w + x] = Math.floor(sum * 255 + 0.5) / 255
    }
  const out = createImage(w, h)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 4
      const [r, g, b] = [img.data[i], img.data[i + 1], img.data[i + 2]]
      const gray = 0.299 * r + 0.587 * g + 0.114 * b
      const layer = streaks[y * w + x] + streaks[(h - 1 - y) * w + (w - 1 - x)]
      for (let c = 0; c < 3; c++) {
        const v = img.data[i + c]
        out.data[i + c] = imagenetCOutputCpu(s.imageWeight * v + (1 - s.imageWeight) * Math.max(v, gray * 1.5 + 0.5) + s.amount * layer)
      }
      out.data[i + 3] = 1
    }
  return out
}

// Float32 noise on the GPU moves a few flakes across the threshold, and the streak spreads such a
// jump over its taps; elsewhere the two agree to an 8-bit step.
export const reference: BuiltinReference = { id: 'snow', tolerance: { mean: 2e-4, max: 0.2 }, compute: (img, p) => snow(img, { severity: p.severity, seed: p.seed }) }
