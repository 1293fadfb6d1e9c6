import type { FeatureVisParameterization } from './parameterizations'
import type { TransformRobustness } from './transforms'

/** What to maximise in the chosen channel of the layer. */
export type FeatureVisObjective = 'channel' | 'neuron'

export interface FeatureVisOptions {
  /** Default `'fourier'`. */
  parameterization?: FeatureVisParameterization
  /** `'channel'` (default): mean activation of the channel; `'neuron'`: its activation at the centre position. */
  objective?: FeatureVisObjective
  /**
   * Side of the square image being optimised, in pixels. Default 128 (Lucid's), or the side the
   * network sees at 1:1 when that is less (102 for a 112 px input: `defaultFeatureVisSize`). The
   * network always sees it resampled to its own input size, so the size sets the image's
   * resolution, not the network's.
   */
  size?: number
  /** Lucid's colour decorrelation; default on for `fourier`/`laplacian`, off for `pixel` (as in the thesis). */
  decorrelateColor?: boolean
  /** Transformation robustness: `true` (default) = Lucid's standard transforms, `false` = none. */
  transforms?: boolean | Partial<TransformRobustness>
  /** Adam learning rate (default 0.05, Lucid's). */
  learningRate?: number
  /** Seed of the initial image and of the random transforms (default 0): same seed, same result. */
  seed?: number
  /** Laplacian pyramid levels (default 5). */
  pyramidLevels?: number
  /** Fourier 1/f^decay scaling (default 1). */
  decayPower?: number
  /** Standard deviation of the initial parameters (default 0.01). */
  initialScale?: number
}

/** Options with every default filled in (part of the cache key). */
export type ResolvedFeatureVisOptions = Required<Omit<FeatureVisOptions, 'transforms'>> & { transforms: TransformRobustness | null }

/** RGBA pixels, row 0 at the top: `new ImageData(image.data, image.width, image.height)` works. */
export interface FeatureVisImage {
  width: number
  height: number
  data: Uint8ClampedArray
}

export interface FeatureVisStep {
  /** Steps done so far. */
  step: number
  /** The objective at the last step, on that step's randomly transformed view: what is optimised (`FeatureVisRun.target`, the channel before its ReLU where there is one). */
  objective: number
}

/**
 * How strongly a run's image drives its channel, measured on the image without transforms, with
 * the objective's measure (the channel's mean, or its centre value for `'neuron'`), after the last
 * ReLU (the channel as the activation maps show it, even where the optimisation ran before it).
 */
export interface FeatureVisEvaluation {
  /** The channel's response to the image. */
  objective: number
  /** Its response to the start image (near-uniform gray). */
  startObjective: number
  /** The median over the layer's channels of their response to the same image. */
  layerMedian: number
  /**
   * Whether the channel responded to the optimisation: `objective` is above `startObjective` by
   * more than 1 % of max(|startObjective|, |layerMedian|) and above `layerMedian`, i.e. the image
   * drives this channel more than half of its layer's channels. False for channels that cannot be
   * raised (pruned, or dead for every input): show that instead of the (flat gray) image.
   */
  responded: boolean
}

export interface FeatureVisResult extends FeatureVisEvaluation {
  modelId: string
  /** The model version the image was optimised for. */
  modelVersion: number
  layer: string
  channel: number
  options: ResolvedFeatureVisOptions
  steps: number
  image: FeatureVisImage
}
