import type { PerturberModel } from '../types'

/** What to compute for one model on a frame. */
export interface ModelRequest {
  model: PerturberModel
  /** Layer whose channels to return as maps (omit for predictions only). */
  layer?: string
  /** Channels of `layer` to return, in display order (at most a handful: each is downloaded). */
  channels?: readonly number[]
  /** Also return the `topChannels` most active channels of `layer` (by mean activation) on this frame. */
  topChannels?: number
  /** Compute top-k predictions; when false the model runs only up to `layer`. */
  predictions?: boolean
  /** k for predictions (default 5). */
  topK?: number
}

export interface ActivationMaps {
  layer: string
  /** [height, width, channels of the whole layer]. */
  shape: readonly [number, number, number]
  channels: readonly number[]
  /** Maps of `channels`, channel-major: data[c·h·w + y·w + x], row 0 at the top. */
  data: Float32Array
  /** Mean and standard deviation over the whole layer (all positions and channels), for normalisation. */
  layerMean: number
  layerStd: number
  /** The most active channels on this frame, most active first (when requested). */
  topChannels?: number[]
}

export interface Prediction {
  labelIndex: number
  label: string
  logit: number
  probability: number
}

export interface ModelFrameResult {
  modelId: string
  /** The model's weight version the result was computed with. */
  modelVersion: number
  activations?: ActivationMaps
  /** Top-k, most probable first. */
  predictions?: Prediction[]
}

export interface FrameResult {
  /** The frame these results belong to. */
  frameId: number
  models: ModelFrameResult[]
  /** Wall time of the inference (ms), including the download. */
  elapsedMs: number
}
