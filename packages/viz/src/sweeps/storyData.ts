import { mulberry32 } from '@perturber/perturbations/authoring'
import type { LinePlotSeries } from './LinePlot'
import type { ThumbnailItem } from './ThumbnailGrid'
import { modelColors, modelRoleLabels } from '../controls/modelColors'

/**
 * Synthetic but plausible sweep results for the stories (no network runs): a standard model whose
 * "dog" probability collapses away from the frontal view, a shape-biased one that holds on
 * longer, and an edited model in between and slightly off-centre.
 */
export const evenlySpaced = (from: number, to: number, steps: number) => Array.from({ length: steps }, (_, i) => from + ((to - from) * i) / Math.max(1, steps - 1))

const bump = (v: number, centre: number, width: number) => Math.exp(-(((v - centre) / width) ** 2))

/** P(dog) against yaw for the three model roles; `bands` adds a min–max spread over random backgrounds. */
export function yawCurves(yaws: readonly number[], options: { bands?: boolean; gaps?: boolean; seed?: number } = {}): LinePlotSeries[] {
  const random = mulberry32(options.seed ?? 3)
  const models = [
    { role: 'model1', peak: 0.86, width: 32, centre: 0 },
    { role: 'model2', peak: 0.72, width: 62, centre: 0 },
    { role: 'edited', peak: 0.8, width: 45, centre: 10 },
  ] as const
  return models.map(({ role, peak, width, centre }) => {
    const mean = yaws.map((yaw) => 0.03 + peak * bump(yaw, centre, width) + 0.02 * (random() - 0.5))
    const spread = yaws.map((yaw) => 0.04 + 0.12 * bump(yaw, centre + width * 0.7, width * 0.5) + 0.03 * random())
    return {
      name: modelRoleLabels[role],
      color: modelColors[role],
      // a sample the edited model failed on (e.g. a NaN output) leaves a gap
      values: options.gaps && role === 'edited' ? mean.map((v, i) => (i === 9 || i === 10 ? Number.NaN : v)) : mean,
      band: options.bands ? { low: mean.map((v, i) => Math.max(0, v - spread[i])), high: mean.map((v, i) => Math.min(1, v + spread[i])) } : undefined,
    }
  })
}

/**
 * A channel's mean activation over yaw (columns) × background blur (rows), row-major. The
 * standard model's channel fires on sharp, frontal views; the shape-biased one is broader and
 * hardly cares about the background.
 */
export function channelMeans(yaws: readonly number[], blurs: readonly number[], model: 'model1' | 'model2', seed = 7): Float32Array {
  const random = mulberry32(seed)
  const out = new Float32Array(yaws.length * blurs.length)
  const maxBlur = blurs[blurs.length - 1] || 1
  blurs.forEach((blur, iy) =>
    yaws.forEach((yaw, ix) => {
      const b = blur / maxBlur
      const v = model === 'model1' ? 2.4 * bump(yaw, -5, 30) * (1 - 0.7 * b) + 0.4 * b : 1.6 * bump(yaw, 0, 60) * (1 - 0.15 * b) + 0.2
      out[iy * yaws.length + ix] = v + 0.08 * (random() - 0.5)
    }),
  )
  return out
}

/** The difference of two same-sized grids (NaN where either is missing), for a diverging map. */
export const difference = (a: ArrayLike<number>, b: ArrayLike<number>) => Float32Array.from({ length: a.length }, (_, i) => a[i] - b[i])

/**
 * Procedural 32×32 inputs standing in for rendered sweep states: a warm blob (the object) on
 * cool stripes (the background) whose angle follows the state. Weights fall from strongly
 * positive to negative along the grid, as a channel's response to a sweep's states might.
 */
export function syntheticThumbnails(count = 16, size = 32): ThumbnailItem[] {
  const random = mulberry32(11)
  return Array.from({ length: count }, (_, k) => {
    const angle = (k / count) * Math.PI
    const cx = size * (0.3 + 0.4 * random())
    const cy = size * (0.3 + 0.4 * random())
    const data = new Uint8ClampedArray(size * size * 4)
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++) {
        const stripe = 0.5 + 0.5 * Math.sin((x * Math.cos(angle) + y * Math.sin(angle)) * 0.7)
        const blob = Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / (2 * (size * 0.16) ** 2))
        const o = (y * size + x) * 4
        data[o] = 40 + 200 * blob + 30 * stripe
        data[o + 1] = 70 + 90 * blob * 0.6 + 80 * stripe
        data[o + 2] = 150 * (1 - blob) * stripe + 40
        data[o + 3] = 255
      }
    const weight = Number((2.5 * Math.cos((k / (count - 1)) * Math.PI * 0.85) + 0.3 * (random() - 0.5)).toFixed(2))
    return { image: { width: size, height: size, data }, weight, label: `yaw ${Math.round(-70 + (140 * k) / (count - 1))}°` }
  })
}
