import { createPlanes, fromPlanes, planeIndex, toPlanes, type ImageF32, type Planes } from './image'

/** 1D Gaussian along one axis: radius ⌈3σ⌉, weights exp(−k²/2σ²)/Σ, edge clamp; σ = 0 copies. */
export function blurAxis(src: Planes, sigma: number, axis: 'x' | 'y'): Planes {
  const radius = sigma > 0 ? Math.ceil(3 * sigma) : 0
  const weights: number[] = []
  for (let k = -radius; k <= radius; k++) weights.push(sigma > 0 ? Math.exp(-(k * k) / (2 * sigma * sigma)) : 1)
  const total = weights.reduce((a, b) => a + b, 0)
  const out = createPlanes(src.width, src.height)
  for (let y = 0; y < src.height; y++) {
    for (let x = 0; x < src.width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0
        for (let k = -radius; k <= radius; k++) {
          const i = axis === 'x' ? planeIndex(src, x + k, y, c) : planeIndex(src, x, y + k, c)
          sum += weights[k + radius] * src.data[i]
        }
        out.data[(y * src.width + x) * 3 + c] = sum / total
      }
    }
  }
  return out
}

export const gaussianBlur2d = (src: Planes, sigma: number): Planes => blurAxis(blurAxis(src, sigma, 'x'), sigma, 'y')

export const gaussianBlur = (img: ImageF32, p: { sigma: number }) => fromPlanes(gaussianBlur2d(toPlanes(img), p.sigma))

/** Anti-aliased disk: weight clamp(r + ½ − distance, 0, 1), normalised, edge clamp. */
export function defocusBlur(img: ImageF32, p: { radius: number }): ImageF32 {
  const src = toPlanes(img)
  const reach = Math.ceil(p.radius) + 1
  const taps: { dx: number; dy: number; w: number }[] = []
  for (let dy = -reach; dy <= reach; dy++) {
    for (let dx = -reach; dx <= reach; dx++) {
      const w = Math.min(1, Math.max(0, p.radius + 0.5 - Math.hypot(dx, dy)))
      if (w > 0) taps.push({ dx, dy, w })
    }
  }
  const total = taps.reduce((a, t) => a + t.w, 0)
  const out = createPlanes(src.width, src.height)
  for (let y = 0; y < src.height; y++) {
    for (let x = 0; x < src.width; x++) {
      for (let c = 0; c < 3; c++) {
        let sum = 0
        for (const t of taps) sum += t.w * src.data[planeIndex(src, x + t.dx, y + t.dy, c)]
        out.data[(y * src.width + x) * 3 + c] = sum / total
      }
    }
  }
  return fromPlanes(out)
}

/**
 * Mean of N = max(1, round(length)) pixels at t = ((i + ½)/N − ½)·length along the direction
 * (cos θ, −sin θ) (y down, so θ is counter-clockwise on screen), rounded half up to whole pixels.
 */
export function motionBlur(img: ImageF32, p: { length: number; angle: number }): ImageF32 {
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
