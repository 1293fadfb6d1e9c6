import type { FeatureVisImage, FeatureVisParameterization } from '@perturber/model-runtime'

export interface FeatureVisGenerateProgress {
  /** Optimisation steps done so far. */
  step: number
  total: number
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
export type FeatureVisGenerator = (layer: string, channel: number, options: FeatureVisGenerateOptions) => Promise<{ image: FeatureVisImage }>

/** The two parameterisations the toggle switches between: naive pixels, or a decorrelated one. */
export type DecorrelatedParameterization = Exclude<FeatureVisParameterization, 'pixel'>
