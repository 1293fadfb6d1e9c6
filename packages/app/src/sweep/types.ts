import type { SceneParamName } from '@perturber/scene'
import type { ModelRole } from '@perturber/viz'
import type { AppState } from '../state/appState'

/**
 * What a sweep varies: a scene parameter (camera, lighting, morph, …), one parameter of a
 * perturbation in the chain (the perturbation is switched on for the sweep), or the attack's ε
 * (each sample then runs its own PGD from scratch on the attacked model).
 */
export type SweepTarget = { kind: 'scene'; param: SceneParamName } | { kind: 'perturbation'; id: string; param: string } | { kind: 'attack'; param: 'epsilon' }

/** One axis of a grid: `steps` evenly spaced values from `from` to `to`, both included. */
export interface SweepAxis {
  target: SweepTarget
  from: number
  to: number
  steps: number
}

/** One parameter of a random design: uniform in [min, max]. */
export interface SweepRange {
  target: SweepTarget
  min: number
  max: number
}

/**
 * Which states are sampled: a 1D or 2D grid (the first axis varies fastest), or `samples` random
 * states (domain randomisation) drawn from `seed`, each parameter uniform in its range.
 */
export type SweepDesign = { kind: 'grid'; axes: [SweepAxis] | [SweepAxis, SweepAxis] } | { kind: 'random'; samples: number; seed: number; ranges: SweepRange[] }

/** What every sample records, for every model in `models`. */
export interface SweepRecord {
  /** the models to record, of those shown (default: every shown one) */
  models?: ModelRole[]
  /**
   * class indices whose probability and logit are recorded; `'top'` (default): each model's top-5
   * classes on the base state (the state the sweep starts from), fixed for the whole sweep
   */
  classes?: number[] | 'top'
  /** a layer whose channels are recorded as their mean activation over all positions */
  layer?: string
  /** which channels of `layer` (default: every channel) */
  channels?: number[] | 'all'
  /** attack ε sweeps: PGD steps per sample (default 5) */
  attackSteps?: number
}

/** A sweep as plain data: what to vary, what to record, and (optionally) the state it starts from. */
export interface SweepSpec {
  version: 1
  design: SweepDesign
  record: SweepRecord
  /** the state every sample starts from (models included); absent: the session's current state */
  base?: AppState
}

/** One sample to render: its index in the unsplit sweep, and the value of each design target, in order. */
export interface SweepSample {
  index: number
  values: number[]
}

/** Which models a result has, and what was recorded of each (the same for every sample). */
export interface SweepModelInfo {
  role: ModelRole
  /** the model's name, as its slot shows it */
  name: string
  /** recorded class indices, and their labels */
  classes: number[]
  labels: string[]
  layer?: string
  /** recorded channels of `layer` */
  channels?: number[]
}

/** One model's numbers on one sample; float32 values. */
export interface SweepModelValues {
  /** per recorded class (`SweepModelInfo.classes`), in order */
  probabilities: number[]
  logits: number[]
  /** the sample's top-5 classes, most probable first */
  top: number[]
  /** per recorded channel, its mean activation */
  channels?: number[]
  /** why this model has no numbers on this sample (its values are then empty) */
  problem?: string
}

export interface SweepSampleResult extends SweepSample {
  /** per `SweepResult.models`, in order */
  models: SweepModelValues[]
}

/**
 * A sweep's result: everything needed to redraw its figures or re-run it. `spec.base` is always
 * present (the state it started from, models included); each sample's full state is `base` with
 * the sample's values applied (`sampleState`). A shard holds the samples whose index is in its
 * share; merging all shards gives exactly the unsplit result.
 */
export interface SweepResult {
  format: 'perturber-sweep'
  version: 1
  spec: SweepSpec & { base: AppState }
  models: SweepModelInfo[]
  /** ordered by index */
  samples: SweepSampleResult[]
  /** the number of samples of the unsplit sweep */
  total: number
  /** set on a shard's result: shard `k` (1-based) of `n` */
  shard?: { k: number; n: number }
}

/** Limits on what a sweep (or an import) may ask for; bigger inputs are refused with a message. */
export const SWEEP_LIMITS = {
  /** samples of one sweep (a grid's product of steps, or a random design's count) */
  samples: 10_000,
  /** steps of one grid axis */
  axisSteps: 1_000,
  /** parameters of a random design */
  ranges: 16,
  /** recorded classes per model */
  classes: 100,
  /** recorded channels per model */
  channels: 4_096,
  /** PGD steps per sample of an ε sweep */
  attackSteps: 100,
  /**
   * the largest attack ε, in pixel units: beyond 1 an L∞ ball holds every image, and an L2 ε of
   * √(3·h·w) (388 at 224×224) already lets every channel change by 1
   */
  attackEpsilon: 1000,
  /** bytes of an imported sweep (JSON or CSV) or spec file */
  importBytes: 64 * 1024 * 1024,
} as const
