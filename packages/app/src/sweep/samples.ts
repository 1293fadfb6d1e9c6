/**
 * Which states a sweep samples, by index: the index alone decides a sample's values, so a sweep
 * can be split into shards (run on different machines, or resumed) and merged back exactly.
 */
import { mulberry32 } from '@perturber/perturbations/authoring'
import { quote } from '../state/stateText'
import { SweepSpecError } from './spec'
import { SWEEP_LIMITS, type SweepAxis, type SweepDesign, type SweepSample } from './types'

export function sampleCount(design: SweepDesign): number {
  return design.kind === 'grid' ? design.axes.reduce((n, a) => n * a.steps, 1) : design.samples
}

/**
 * Every sample of a design, by index. A grid's first axis varies fastest (index = i0 + steps0·i1),
 * so a 2D sweep reads row by row; a random design draws, per sample and then per range in order,
 * one `mulberry32(seed)` number each, so the same seed gives the same states everywhere.
 */
export function sweepSamples(design: SweepDesign): SweepSample[] {
  if (design.kind === 'grid') return Array.from({ length: sampleCount(design) }, (_, index) => ({ index, values: gridValues(design.axes, index) }))
  const random = mulberry32(design.seed)
  return Array.from({ length: design.samples }, (_, index) => ({ index, values: design.ranges.map((r) => r.min + (r.max - r.min) * random()) }))
}

/** One sample's values; a random design's are drawn in order, so all earlier samples are drawn too. */
export function sampleValuesAt(design: SweepDesign, index: number): number[] {
  if (!Number.isInteger(index) || index < 0 || index >= sampleCount(design)) throw new RangeError(`sample ${index} is not in a sweep of ${sampleCount(design)} samples`)
  return design.kind === 'grid' ? gridValues(design.axes, index) : sweepSamples(design)[index].values
}

function gridValues(axes: readonly SweepAxis[], index: number): number[] {
  let rest = index
  return axes.map((axis) => {
    const i = rest % axis.steps
    rest = Math.floor(rest / axis.steps)
    // the last step is `to` itself: from + (to − from) can round past it, and off the slider's range
    return i === axis.steps - 1 ? axis.to : axis.from + ((axis.to - axis.from) * i) / (axis.steps - 1)
  })
}

/** Shard `k` (1-based) of `n`. */
export interface SweepShard {
  k: number
  n: number
}

/** More shards than samples would leave some empty: a sweep has at most this many. */
export const MAX_SHARDS = SWEEP_LIMITS.samples

/** Reads a `--shard k/n` argument; throws a SweepSpecError (field `--shard`) saying the expected form. */
export function parseShard(value: string): SweepShard {
  const match = /^(\d{1,5})\/(\d{1,5})$/.exec(value.trim())
  const k = match ? Number(match[1]) : NaN
  const n = match ? Number(match[2]) : NaN
  if (!(k >= 1 && k <= n && n <= MAX_SHARDS)) {
    throw new SweepSpecError(`--shard: expected k/n, shard k of n, with 1 ≤ k ≤ n ≤ ${MAX_SHARDS} (e.g. 2/8), got ${quote(value)}`, '--shard')
  }
  return { k, n }
}

/**
 * A shard's samples: every n-th, starting at the k-th. Strided rather than contiguous, so that
 * each shard spans the whole sweep (every row of a 2D grid, while n is at most the first axis's
 * steps) and a partial run already shows its shape.
 */
export function shardSamples<T extends SweepSample>(samples: readonly T[], shard: SweepShard): T[] {
  return samples.filter((s) => s.index % shard.n === shard.k - 1)
}
