import { blurAxis, createPlanes, fromPlanes, hash3, mapPlanes, planeIndex, toPlanes, type BuiltinReference, type ImageF32, type Planes } from '../../reference'
import { imagenetCOutputCpu } from '../imagenetC'
import { glassLevels, sweepSeed } from '.'

const truncate = (p: Planes) => mapPlanes(p, (rgb) => rgb.map(imagenetCOutputCpu) as [number, number, number])

/** One sweep as the shader runs it: each pixel follows its chain of pulls to a pixel not yet visited. */
function sweep(src: Planes, delta: number, seed: number): Planes {
  const { width: w, height: h } = src
  const visited = (x: number, y: number) => x > delta && y > delta && x <= w - delta && y <= h - delta
  const offset = (x: number, y: number) => {
    const [hx, hy] = hash3(x, y, seed)
    const d = (v: number) => Math.min(Math.floor(Math.fround(v * 2 * delta)), 2 * delta - 1) - delta
    return [d(hx), d(hy)]
  }
  const out = createPlanes(w, h)
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let [qx, qy] = [x, y]
      if (visited(x, y))
        for (let k = 0; k < 64; k++) {
          const [dx, dy] = offset(qx, qy)
          const [tx, ty] = [qx + dx, qy + dy]
          const earlier = visited(tx, ty) && (ty > qy || (ty === qy && tx > qx))
          ;[qx, qy] = [tx, ty]
          if (!earlier) break
        }
      for (let c = 0; c < 3; c++) out.data[(y * w + x) * 3 + c] = src.data[planeIndex(src, qx, qy, c)]
    }
  return out
}

function glassBlur(img: ImageF32, p: { severity: number; seed: number }): ImageF32 {
  const { sigma, delta, sweeps } = glassLevels(p.severity)
  if (!(p.severity > 0)) return img
  const radius = Math.floor(4 * sigma + 0.5)
  const blur = (x: Planes) => blurAxis(blurAxis(x, sigma, 'x', radius), sigma, 'y', radius)
  let x = truncate(blur(toPlanes(img)))
  if (delta > 0) for (let s = 0; s < sweeps; s++) x = sweep(x, delta, sweepSeed(p.seed, s))
  return fromPlanes(truncate(blur(x)))
}

export const reference: BuiltinReference = {
  id: 'glass-blur',
  // float32 blur sums can land one 8-bit step apart at the first truncation; after the second blur such a
  // step is under 1/255, which the last truncation turns into at most one step (measured: max 1/255, mean 7e-8)
  tolerance: { mean: 1e-4, max: 1 / 255 + 1e-5 },
  compute: (img, p) => glassBlur(img, { severity: p.severity, seed: p.seed }),
}
