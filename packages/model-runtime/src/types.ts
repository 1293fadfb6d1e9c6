import type * as tf from '@tensorflow/tfjs'
import type { FeatureVisParameterization } from './featurevis/parameterizations'

/** Order of the colour channels the network was trained on. */
export type ChannelOrder = 'RGB' | 'BGR'

/**
 * How pixels in [0, 1] become the network's input, after resizing and channel reordering.
 * - `range`: linear map of [0, 1] onto [min, max] (MobileNet: [-1, 1]; Darknet: [0, 1]).
 * - `meanStd`: `(x · pixelScale − mean) / std` per channel, in the model's channel order
 *   (torchvision: pixelScale 1, mean 0.485…; Caffe: pixelScale 255, std 1).
 */
export type Preprocessing =
  | { kind: 'range'; min: number; max: number }
  | { kind: 'meanStd'; pixelScale: number; mean: readonly [number, number, number]; std: readonly [number, number, number] }

export interface OutputSpec {
  /** What the head emits: raw scores or a softmax. */
  kind: 'logits' | 'probabilities'
  /** Output 0 is a "background" class outside the label set (TF-slim models with 1001 outputs). */
  backgroundClass?: boolean
  /** `classOrder[i]` is the label index of output i (after dropping background), when the model's order differs (Darknet). */
  classOrder?: readonly number[]
}

export interface LabelSet {
  /** Stable identifier, e.g. `imagenet-1k`. */
  id: string
  names: readonly string[]
  /** An example image URL for a label index, when the set provides one. */
  example?: (labelIndex: number) => string | undefined
}

/**
 * One channel's precomputed feature visualization: a tile of an atlas (a sprite sheet holding a
 * layer's channels), with what is known about it.
 */
export interface PrecomputedFeatureVisImage {
  /** The image holding the tile. */
  url: string
  /** The tile's square in that image, in its pixels; absent when the whole image is the channel's. */
  tile?: { x: number; y: number; size: number; atlasWidth: number; atlasHeight: number }
  /** How it was optimised: a widget shows it only under that parameterisation. Absent: under any. */
  parameterization?: FeatureVisParameterization
  /** False where the precomputation found that the image does not raise its channel above its layer's median channel. */
  responded?: boolean
}

/** Precomputed feature visualizations a model ships with. */
export interface PrecomputedFeatureVis {
  /** A channel's image (a URL of its own, or an atlas tile), or undefined when none was precomputed. */
  image(layer: string, channel: number): string | PrecomputedFeatureVisImage | undefined
  /** Channels per layer it covers, when known: checked against the model's layers when it loads. */
  readonly layers?: Readonly<Record<string, number>>
}

/**
 * A named set of channels of one layer that a model ships (e.g. "curve detectors", or the
 * channels its authors found respond to cats), offered in the app's neuron-group selector.
 */
export interface NeuronGroupSpec {
  /** stable id, written into shared links; default: the name in kebab case ("Fur detectors" → "fur-detectors") */
  id?: string
  name: string
  /** channel indices of the layer, in the order they are shown */
  channels: readonly number[]
}

/** Everything the runtime needs to know about a classifier beyond its weights. */
export interface ModelDescriptor {
  name: string
  /** [height, width] of the network input. */
  inputSize: readonly [number, number]
  channelOrder: ChannelOrder
  preprocessing: Preprocessing
  output: OutputSpec
  labels: LabelSet
  /** Explicit blocks (block name → layer names); otherwise blocks are inferred from layer names. */
  layerGroups?: Readonly<Record<string, readonly string[]>>
  /**
   * Named neuron groups per spatial layer (layer name → groups), as a `descriptor.json` can ship
   * them. Checked when the model loads: an unknown layer or a channel the layer lacks is a
   * `descriptor-mismatch`. Read them with `neuronGroupsOf(descriptor, layer)` (ids filled in).
   */
  neuronGroups?: Readonly<Record<string, readonly NeuronGroupSpec[]>>
  featureVisualizations?: PrecomputedFeatureVis
}

/** A layer or graph node that yields a spatial activation [1, h, w, c]. */
export interface LayerInfo {
  name: string
  /** [height, width, channels] for a single image. */
  shape: readonly [number, number, number]
  channels: number
  /** Block this layer belongs to, e.g. `conv_pw_5` or `mixed4a`. */
  block: string
  /** Position in topological order (0 = closest to the input). */
  depth: number
}

export interface LayerBlock {
  name: string
  layers: readonly string[]
}

export interface ExecuteRequest {
  /** Layers whose activations to return. */
  layers: readonly string[]
  /** Also return the head's output; when false the network runs only as deep as the deepest requested layer. */
  predictions: boolean
  /** Any layers (not only spatial ones) whose outputs to return in `shared`, for another model to reuse. */
  share?: readonly string[]
  /**
   * Outputs of some of this model's layers, already computed by another model's pass on the same
   * input (see {@link PerturberModel.sharedLayers}): the pass starts from them.
   */
  reuse?: ReadonlyMap<string, tf.Tensor>
}

export interface ExecuteResult {
  activations: Map<string, tf.Tensor4D>
  /** The raw head output [n, outputs], as emitted by the model (see {@link OutputSpec}). */
  output?: tf.Tensor2D
  /** The outputs of the request's `share` layers. */
  shared?: Map<string, tf.Tensor>
}

/**
 * A loaded classifier behind a small, model-agnostic API. All tensor-returning methods hand
 * ownership to the caller (dispose, or call inside `tf.tidy`). Every method is differentiable
 * with respect to its tensor input on a backend that supports gradients.
 */
export interface PerturberModel {
  /** Unique per loaded or edited model instance. */
  readonly id: string
  readonly descriptor: ModelDescriptor
  readonly format: 'layers' | 'graph'
  /** Spatial layers in topological order. */
  readonly layers: readonly LayerInfo[]
  readonly blocks: readonly LayerBlock[]
  /** Increments whenever the weights change (editing), so caches and results can tell. */
  readonly version: number
  /** The underlying layers model (graph models have none and cannot be edited). */
  readonly layersModel?: tf.LayersModel
  /** Pixels [n, h, w, 3] in [0, 1], RGB, any size → network input (resize, channel order, preprocessing). */
  preprocess(pixels: tf.Tensor4D): tf.Tensor4D
  /** Runs a preprocessed input through the network. */
  execute(input: tf.Tensor4D, request: ExecuteRequest): ExecuteResult
  /**
   * The layers whose outputs this model can take from `source`'s pass on the same input instead
   * of computing them for `request`: layers holding the very same weight tensors as the source's
   * layers of that name, as do all layers before them (an edited model's unedited layers share
   * Model 1's or Model 2's tensors). Empty when nothing can be shared.
   */
  sharedLayers?(source: PerturberModel, request: ExecuteRequest): string[]
  /** Head output → label space (background dropped, reordered to `labels`), as logits or probabilities. */
  toLabelSpace(output: tf.Tensor2D, as: 'logits' | 'probabilities'): tf.Tensor2D
  /** Marks the weights as changed (called by editors). */
  markWeightsChanged(): void
  dispose(): void
  readonly disposed: boolean
}

/** A frame to classify: RGBA pixels, row 0 at the top, as the scene's `readPixels` returns them. */
export interface FramePixels {
  frameId: number
  width: number
  height: number
  /** RGBA; Uint8 values in 0..255 or floats in [0, 1]. */
  data: Uint8Array | Uint8ClampedArray | Float32Array
}

export interface LoadProgress {
  /** 0..1 */
  fraction: number
  stage: 'fetch' | 'parse' | 'validate' | 'build'
  message?: string
}
