import { createPlanes, fromPlanes, planeIndex, toPlanes, type BuiltinReference, type ImageF32 } from '../../reference'
import { imagenetCOutputCpu } from '../imagenetC'
import { imagenetCMotionAngle, imagenetCMotionKernel, imagenetCMotionLevel, referenceAngle } from '.'

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
    return { dx: roundHalfUp(t * Math.cos(theta)), dy: roundHalfUp(-t * Math.sin(theta)), w: 1 / n }
  })
  return fromPlanes(weightedSum(src, taps))
}

function weightedSum(src: ReturnType<typeof toPlanes>, taps: { dx: number; dy: number; w: number }[]) {
  const out = createPlanes(src.width, src.height)
  for (let y = 0; y < src.height; y++) {
    for (let x = 0; x < src.width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0
        for (const t of taps) sum += t.w * src.data[planeIndex(src, x + t.dx, y + t.dy, c)]
        out.data[(y * src.width + x) * 3 + c] = sum
      }
    }
  }
  return out
}

/**
 * The reference's `_motion_blur` (taps from the effect's `imagenetCMotionKernel`, a port of the
 * Python checked against its output images by the ImageNet-C browser test), edge-clamped
 * weighted sum in float64, then the 8-bit truncation.
 */
function imagenetCMotionBlur(img: ImageF32, p: { angle: number; severity: number; seed: number }): ImageF32 {
  const { radius, sigma } = imagenetCMotionLevel(p.severity)
  const k = imagenetCMotionKernel(radius, sigma, referenceAngle(imagenetCMotionAngle(p)), img.width, img.height)
  const taps = Array.from({ length: k.count }, (_, i) => ({ dx: k.offsets[2 * i], dy: k.offsets[2 * i + 1], w: k.weights[i] }))
  const out = weightedSum(toPlanes(img), taps)
  out.data.forEach((v, i) => (out.data[i] = imagenetCOutputCpu(v)))
  return fromPlanes(out)
}

// Weighted sums of texels with float64-built weights: only float32 accumulation differs (measured max ≤ 5e-7);
// the ImageNet-C path truncates to 8 bits, where those sums can land one step apart
export const reference: BuiltinReference = {
  id: 'motion-blur',
  tolerance: { mean: 1e-4, max: 1 / 255 + 1e-5 },
  compute: (img, p) => ((p.severity ?? 0) > 0 ? imagenetCMotionBlur(img, { angle: p.angle, severity: p.severity, seed: p.seed ?? 0 }) : motionBlur(img, { length: p.length, angle: p.angle })),
}
