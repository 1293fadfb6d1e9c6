import { createPlanes, fromPlanes, toPlanes, type BuiltinReference, type ImageF32, type Planes } from '../../reference'
import { IMAGENET_C_LEVELS, imagenetCOutputCpu, levelAt } from '../imagenetC'

/** Mean colour of every top-left-aligned block (edge blocks: only their pixels inside the image). */
function pixelate(img: ImageF32, p: { blockSize: number }): ImageF32 {
  const b = Math.max(1, Math.round(p.blockSize))
  const src = toPlanes(img)
  const out = createPlanes(img.width, img.height)
  for (let by = 0; by < img.height; by += b) {
    for (let bx = 0; bx < img.width; bx += b) {
      const x1 = Math.min(bx + b, img.width)
      const y1 = Math.min(by + b, img.height)
      const mean = [0, 0, 0]
      for (let y = by; y < y1; y++) for (let x = bx; x < x1; x++) for (let c = 0; c < 3; c++) mean[c] += src.data[(y * img.width + x) * 3 + c]
      const n = (x1 - bx) * (y1 - by)
      for (let y = by; y < y1; y++) for (let x = bx; x < x1; x++) for (let c = 0; c < 3; c++) out.data[(y * img.width + x) * 3 + c] = mean[c] / n
    }
  }
  return fromPlanes(out)
}

const round8 = (v: number) => Math.floor(Math.min(1, Math.max(0, v)) * 255 + 0.5) / 255

/** Pillow's BOX taps [first, end) of small pixel i when n pixels shrink to m (see the shader). */
function boxTaps(i: number, n: number, m: number): [number, number] {
  const s = n / m
  return [Math.max(Math.trunc(i * s + 0.5), Math.floor(i * s - 0.5) + 1), Math.min(Math.trunc((i + 1) * s + 0.5), n, Math.floor((i + 1) * s - 0.5) + 1)]
}

/** ImageNet-C "pixelate": BOX down to int(side·c) (rows first, 8-bit rounding between), NEAREST up, 8-bit output. */
function imagenetCPixelate(img: ImageF32, c: number): ImageF32 {
  const { width: w, height: h } = img
  const mw = Math.max(1, Math.floor(w * c)), mh = Math.max(1, Math.floor(h * c))
  const src: Planes = toPlanes(img)
  const out = createPlanes(w, h)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const [x0, x1] = boxTaps(Math.floor(((x + 0.5) * mw) / w), w, mw)
      const [y0, y1] = boxTaps(Math.floor(((y + 0.5) * mh) / h), h, mh)
      for (let ch = 0; ch < 3; ch++) {
        let column = 0
        for (let yy = y0; yy < y1; yy++) {
          let row = 0
          for (let xx = x0; xx < x1; xx++) row += src.data[(yy * w + xx) * 3 + ch]
          column += round8(row / (x1 - x0))
        }
        out.data[(y * w + x) * 3 + ch] = imagenetCOutputCpu(round8(column / (y1 - y0)))
      }
    }
  return fromPlanes(out)
}

// Weighted sums of texels with float64-built weights: only float32 accumulation differs (measured max ≤ 5e-7);
// the ImageNet-C path rounds to 8 bits, where float32 sums can land one step apart
export const reference: BuiltinReference = {
  id: 'pixelate',
  tolerance: { mean: 1e-4, max: 1 / 255 + 1e-5 },
  compute: (img, p) => ((p.severity ?? 0) > 0 ? imagenetCPixelate(img, levelAt(IMAGENET_C_LEVELS.pixelate, p.severity, 1)) : pixelate(img, { blockSize: p.blockSize })),
}
