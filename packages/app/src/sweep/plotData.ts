import { modelColors, modelRoleLabels } from '@perturber/viz'
import type { SweepModelInfo, SweepResult } from './types'

/**
 * What a plot shows of each model: a class's probability or logit (by label index: models with
 * different label sets show it where they recorded it), or a recorded channel's mean activation.
 */
export type SweepMeasure = { kind: 'probability' | 'logit'; classIndex: number } | { kind: 'channel'; channel: number }

/** One model's value of `measure` on a sample; NaN where the model did not record it or had no numbers. */
export function measureValue(result: SweepResult, modelAt: number, sampleAt: number, measure: SweepMeasure): number {
  const info = result.models[modelAt]
  const values = result.samples[sampleAt].models[modelAt]
  if (measure.kind === 'channel') {
    const at = info.channels?.indexOf(measure.channel) ?? -1
    return at >= 0 && values.channels?.length ? values.channels[at] : NaN
  }
  const at = info.classes.indexOf(measure.classIndex)
  const list = measure.kind === 'probability' ? values.probabilities : values.logits
  return at >= 0 && list.length ? list[at] : NaN
}

/** The first model's top class on the base state, as a probability: what a sweep is usually about. */
export function defaultMeasure(result: SweepResult): SweepMeasure {
  const first = result.models[0]
  if (first?.classes.length) return { kind: 'probability', classIndex: first.classes[0] }
  if (first?.channels?.length) return { kind: 'channel', channel: first.channels[0] }
  return { kind: 'probability', classIndex: 0 }
}

/** The measures a result offers, with labels for a picker: every recorded class (both ways) and channel. */
export function measureOptions(result: SweepResult): { measure: SweepMeasure; label: string }[] {
  const classes = new Map<number, string>()
  const channels = new Set<number>()
  for (const info of result.models) {
    info.classes.forEach((c, i) => classes.has(c) || classes.set(c, info.labels[i]))
    info.channels?.forEach((c) => channels.add(c))
  }
  const layer = result.models.find((m) => m.layer)?.layer
  return [
    ...[...classes].map(([classIndex, label]) => ({ measure: { kind: 'probability' as const, classIndex }, label: `P(${label})` })),
    ...[...classes].map(([classIndex, label]) => ({ measure: { kind: 'logit' as const, classIndex }, label: `logit(${label})` })),
    ...[...channels].sort((a, b) => a - b).map((channel) => ({ measure: { kind: 'channel' as const, channel }, label: `${layer} channel ${channel} (mean)` })),
  ]
}

export const measureKey = (m: SweepMeasure) => (m.kind === 'channel' ? `channel:${m.channel}` : `${m.kind}:${m.classIndex}`)

const modelName = (info: SweepModelInfo) => `${modelRoleLabels[info.role]}: ${info.name}`

/** A 1D grid as line-plot data: x = the axis' values, one series per model. */
export function lineData(result: SweepResult, measure: SweepMeasure) {
  const ordered = [...result.samples.keys()].sort((a, b) => result.samples[a].values[0] - result.samples[b].values[0])
  return {
    x: ordered.map((s) => result.samples[s].values[0]),
    /** sample positions in `x` order, for picks */
    samples: ordered,
    series: result.models.map((info, m) => ({ name: modelName(info), color: modelColors[info.role], values: ordered.map((s) => measureValue(result, m, s, measure)) })),
  }
}

/**
 * A random design as a band plot over one of its parameters (`target`: its position in the
 * ranges): samples binned by that parameter, per bin the mean and the min–max band. NaN where a
 * bin holds no sample.
 */
export function bandData(result: SweepResult, measure: SweepMeasure, target = 0, bins = 10) {
  const xs = result.samples.map((s) => s.values[target])
  const lo = Math.min(...xs), hi = Math.max(...xs)
  const width = (hi - lo) / bins || 1
  const binOf = (x: number) => Math.min(bins - 1, Math.floor((x - lo) / width))
  const x = Array.from({ length: bins }, (_, b) => lo + (b + 0.5) * width)
  const series = result.models.map((info, m) => {
    const members: number[][] = Array.from({ length: bins }, () => [])
    result.samples.forEach((s, at) => {
      const v = measureValue(result, m, at, measure)
      if (Number.isFinite(v)) members[binOf(s.values[target])].push(v)
    })
    const values = members.map((b) => (b.length ? b.reduce((a, v) => a + v, 0) / b.length : NaN))
    const low = members.map((b) => (b.length ? Math.min(...b) : NaN))
    const high = members.map((b) => (b.length ? Math.max(...b) : NaN))
    return { name: modelName(info), color: modelColors[info.role], values, band: { low, high } }
  })
  return { x, series }
}

/**
 * A 2D grid as heatmap data for one model: `values[iy · x.length + ix]`, and per cell its sample
 * position in `result.samples` (−1 where a shard lacks it).
 */
export function heatmapData(result: SweepResult, modelAt: number, measure: SweepMeasure) {
  const design = result.spec.design
  if (design.kind !== 'grid' || design.axes.length !== 2) throw new Error('A heatmap needs a two-axis grid.')
  const [a, b] = design.axes
  const axis = (ax: typeof a) => Array.from({ length: ax.steps }, (_, i) => ax.from + ((ax.to - ax.from) * i) / (ax.steps - 1))
  const x = axis(a), y = axis(b)
  const values = new Float32Array(x.length * y.length).fill(NaN)
  const samples = new Int32Array(x.length * y.length).fill(-1)
  result.samples.forEach((s, at) => {
    values[s.index] = measureValue(result, modelAt, at, measure)
    samples[s.index] = at
  })
  return { x, y, values, samples, title: modelName(result.models[modelAt]) }
}

/** A shared [min, max] over several models' values (NaN ignored), so that side-by-side heatmaps compare. */
export function sharedDomain(arrays: readonly ArrayLike<number>[]): [number, number] {
  let lo = Infinity, hi = -Infinity
  for (const values of arrays)
    for (let i = 0; i < values.length; i++) {
      const v = values[i]
      if (v < lo) lo = v
      if (v > hi) hi = v
    }
  if (!Number.isFinite(lo)) return [0, 1]
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi]
}
