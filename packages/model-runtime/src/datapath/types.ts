import type { PerturberModel } from '../types'

export interface DatapathOptions {
  /** Spatial layers to extract, in any order (kept in the model's order); default every spatial layer. */
  layers?: readonly string[]
  /** Label-space class whose score p is explained; default the first frame's top class. */
  classIndex?: number
  /** Maps with z ≥ this are critical (default 0.5: the relaxed z rounded to {0, 1}). */
  threshold?: number
  /** Called after each batch of frames (gradients) and each layer (QP). */
  onProgress?: (progress: DatapathProgress) => void
  /** Aborting stops the extraction at its next step; the promise rejects with an `AbortError`. */
  signal?: AbortSignal
  /**
   * Most frames in one set (default 256): a set's contributions (frames × maps of all layers) are
   * held, and the set's QP grows with the frame count. More are refused, saying what to choose.
   */
  maxFrames?: number
  /** Bytes of activations, gradients and taps one backward pass may hold (default 256 MiB): frames run in batches under it. */
  batchBytes?: number
  /** How to wait between steps; default the next animation frame, else a macrotask. */
  yieldToEventLoop?: () => Promise<void>
}

export interface DatapathProgress {
  /** `gradients`: backward passes over the frames; `solve`: the QP of each layer. */
  stage: 'gradients' | 'solve'
  done: number
  total: number
  /** The layer just solved (`solve`). */
  layer?: string
}

/** The critical maps of one layer for a frame or a set of frames (AEVis Sec. 4.2, eq. (5)). */
export interface DatapathLayer {
  layer: string
  channels: number
  /** AEVis' λ = 0.1/n² for this layer's n maps. */
  lambda: number
  /** Each map's contribution q_j = a_j·∂p/∂a_j, summed over the frames. */
  contributions: Float32Array
  /** The same per frame, row-major frames × maps (eq. (5)'s summed form is built from these). */
  frameContributions: Float32Array
  /** The QP's solution: each map's z_j ∈ [0, 1]. */
  z: Float32Array
  /** Maps with z ≥ the threshold, largest z first (ties: larger contribution first). */
  critical: number[]
  /** Each map's activation, averaged over positions and frames. */
  meanActivation: Float32Array
  /** The QP solver's report: its KKT residual (≈ 1e-16 at the exact solution), objective, iterations and method. */
  solver: { kkt: number; objective: number; iterations: number; method: 'breakpoints' | 'active-set' }
}

/** A datapath: the critical maps of each chosen layer for one class on a frame or a set of frames. */
export interface Datapath {
  modelId: string
  modelVersion: number
  /** The label-space class whose score was explained. */
  classIndex: number
  frameIds: number[]
  /** p per frame: the class's label-space logit (log-probability for a softmax head). */
  scores: Float32Array
  /** Each frame's top-1 label-space class. */
  predicted: Int32Array
  threshold: number
  /** In the model's topological order. */
  layers: DatapathLayer[]
}

/** Runs a piece of TF.js work on a backend with gradients, with the model (or its twin) there. */
export type DatapathExecute = <T>(task: (model: PerturberModel) => T | Promise<T>) => Promise<T>

/** One layer's divergence between two datapaths. */
export interface LayerDivergence {
  layer: string
  /** Cosine similarity of the two per-map mean activation vectors (over positions and frames). */
  cosine: number
  /** Jaccard index |A ∩ B| / |A ∪ B| of the two critical sets (1 when both are empty). */
  jaccard: number
  /** The critical maps both hold, and those only one holds. */
  shared: number[]
  onlyA: number[]
  onlyB: number[]
}
