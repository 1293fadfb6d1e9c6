import { createPlanes, fromPlanes, planeIndex, toPlanes, type BuiltinReference, type ImageF32 } from '../../reference'

/**
 * Mean of N = max(1, round(length)) pixels at t = ((i + ½)/N − ½)·length along the direction
 * (cos θ, −sin θ) (y down, so θ is counter-clockwise on screen), rounded half up to whole pixels.
 */
function motionBlur(img: ImageF32, p: { length: number; angle: number }): ImageF32 {
  const src = toPlanes(img)
  const n = Math.max(1, Math.round(p.length))
  // same float64 operation order as the effect, so exact .5 ties round the same way
  const theta = (p.angle * Math.PI) / 180
  const roundHalfUp = (v: number) => Math.floor(v + 0.5)
  const taps = Array.from({ length: n }, (_, i) => {
    const t = ((i + 0.5) / n - 0.5) * p.length
    return { dx: roundHalfUp(t * Math.cos(theta)), dy: roundHalfUp(-t * Math.sin(theta)) }
  })
  const out = createPlanes(src.width, src.height)
  for (let y = 0; y < src.height; y++) {
    for (let x = 0; x < src.width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0
        for (const t of taps) sum += src.data[planeIndex(src, x + t.dx, y + t.dy, c)]
        out.data[(y * src.width + x) * 3 + c] = sum / n
      }
    }
  }
  return fromPlanes(out)
}

// Weighted sums of texels with float64-built weights: only float32 accumulation differs (measured max ≤ 5e-7).
export const reference: BuiltinReference = { id: 'motion-blur', tolerance: { mean: 1e-6, max: 1e-5 }, compute: (img, p) => motionBlur(img, { length: p.length, angle: p.angle }) }
