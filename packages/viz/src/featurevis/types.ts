import type { FeatureVisImage, FeatureVisParameterization } from '@perturber/model-runtime'

export interface FeatureVisGenerateProgress {
  /** Optimisation steps done so far. */
  step: number
  total: number
  /** Estimated milliseconds left (`FeatureVisProgress.remainingMs`); the tile shows "≈ 12 s left". */
  remainingMs?: number
}

/**
 * What a generator resolves to: the image and, from `runtime.featureVis`, how the channel
 * responded (`FeatureVisResult`). With `responded: false` the tile says in words that the channel
 * did not respond instead of showing the (flat) image alone.
 */
export interface FeatureVisGenerated {
  image: FeatureVisImage
  /** False when the run did not raise its channel (see `FeatureVisEvaluation.responded`). */
  responded?: boolean
  /** The channel's response to the image, to the start image, and the layer's median response to the image. */
  objective?: number
  startObjective?: number
  layerMedian?: number
}

export interface FeatureVisGenerateOptions {
  parameterization: FeatureVisParameterization
  /** Aborted when the user cancels, the tile's channel changes or the tile unmounts. */
  signal: AbortSignal
  onProgress: (progress: FeatureVisGenerateProgress) => void
}

/**
 * Generates a feature visualization of `channel` in `layer` on the fly. Its shape matches
 * `ModelRuntime.featureVis` with the model bound, so any model (an edited one included) plugs in:
 * `(layer, channel, options) => runtime.featureVis(model, layer, channel, { ...options, steps: 128 })`.
 */
export type FeatureVisGenerator = (layer: string, channel: number, options: FeatureVisGenerateOptions) => Promise<FeatureVisGenerated>

/** The two parameterisations the toggle switches between: naive pixels, or a decorrelated one. */
export type DecorrelatedParameterization = Exclude<FeatureVisParameterization, 'pixel'>
