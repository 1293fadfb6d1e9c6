import { createPlanes, planeIndex, type Planes } from './image'

/** 1D Gaussian along one axis: radius ⌈3σ⌉ (unless given), weights exp(−k²/2σ²)/Σ, edge clamp; σ = 0 copies. */
export function blurAxis(src: Planes, sigma: number, axis: 'x' | 'y', radiusFor?: number): Planes {
  const radius = sigma > 0 ? (radiusFor ?? Math.ceil(3 * sigma)) : 0
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

export const gaussianBlur2d = (src: Planes, sigma: number, radius?: number): Planes => blurAxis(blurAxis(src, sigma, 'x', radius), sigma, 'y', radius)
