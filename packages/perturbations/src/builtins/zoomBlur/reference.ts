import { createPlanes, fromPlanes, planeIndex, toPlanes, type BuiltinReference, type ImageF32 } from '../../reference'
import { imagenetCOutputCpu } from '../imagenetC'
import { zoomAxis, zoomFactors } from '.'

/**
 * The image plus a bilinear sample at (x·scale + top, y·scale + top) per zoom factor (the effect's
 * `zoomAxis`, checked against the reference's output images by the ImageNet-C browser test),
 * divided by the count plus one, then the 8-bit truncation; float64 throughout.
 */
function zoomBlur(img: ImageF32, severity: number): ImageF32 {
  const factors = zoomFactors(severity)
  if (factors.length === 0) return img
  const src = toPlanes(img)
  const { width: w, height: h } = src
  const axes = factors.map((z) => ({ x: zoomAxis(w, z), y: zoomAxis(h, z) }))
  const out = createPlanes(w, h)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++)
      for (let c = 0; c < 3; c++) {
        let sum = src.data[(y * w + x) * 3 + c]
        for (const a of axes) {
          const u = x * a.x.scale + a.x.top
          const v = y * a.y.scale + a.y.top
          const x0 = Math.floor(u), y0 = Math.floor(v)
          const fx = u - x0, fy = v - y0
          const at = (xx: number, yy: number) => src.data[planeIndex(src, xx, yy, c)]
          const top = at(x0, y0) + fx * (at(x0 + 1, y0) - at(x0, y0))
          const bottom = at(x0, y0 + 1) + fx * (at(x0 + 1, y0 + 1) - at(x0, y0 + 1))
          sum += top + fy * (bottom - top)
        }
        out.data[(y * w + x) * 3 + c] = imagenetCOutputCpu(sum / (factors.length + 1))
      }
  return fromPlanes(out)
}

// bilinear weights from float32 coordinates (an error of ~1e-5 px) and float32 sums; the 8-bit
// truncation can then land one step apart
export const reference: BuiltinReference = { id: 'zoom-blur', tolerance: { mean: 1e-4, max: 1 / 255 + 1e-5 }, compute: (img, p) => zoomBlur(img, p.severity) }
