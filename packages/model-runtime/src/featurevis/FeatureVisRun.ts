import * as tf from '@tensorflow/tfjs'
import { assertGradientBackend } from '../backends/gradients'
import type { PerturberModel } from '../types'
import { channelTarget, type ChannelTarget } from './channelTarget'
import { createParameterization, type ImageParameterization } from './parameterizations'
import { seededRandom, streamSeeds } from './random'
import { drawTransform, lucidTransforms, transformedView } from './transforms'
import type { FeatureVisEvaluation, FeatureVisImage, FeatureVisOptions, FeatureVisStep, ResolvedFeatureVisOptions } from './types'

/**
 * The default image side for a network input: 128 (Lucid's), or less where the network would only
 * see it shrunk: with Lucid's transforms the network's view spans the image plus 12/128 of its side
 * (pad 2·12 − crops 12), so an image of ⌊longest input side · 128/140⌉ is seen at 1:1 (102 px for
 * the zoo's 112 px models; the Fourier basis costs ∝ side³).
 */
export function defaultFeatureVisSize(inputSize?: readonly [number, number]): number {
  if (!inputSize) return 128
  return Math.max(2, Math.min(128, Math.round((Math.max(inputSize[0], inputSize[1]) * 128) / 140)))
}

/** Options with every default filled in; `inputSize` (the model's) sets the default `size`. */
export function resolveFeatureVisOptions(options: FeatureVisOptions = {}, inputSize?: readonly [number, number]): ResolvedFeatureVisOptions {
  const parameterization = options.parameterization ?? 'fourier'
  const transforms = options.transforms ?? true
  return {
    parameterization,
    objective: options.objective ?? 'channel',
    size: options.size ?? defaultFeatureVisSize(inputSize),
    decorrelateColor: options.decorrelateColor ?? parameterization !== 'pixel',
    transforms: transforms === false ? null : transforms === true ? lucidTransforms : { ...lucidTransforms, ...transforms },
    learningRate: options.learningRate ?? 0.05,
    seed: options.seed ?? 0,
    pyramidLevels: options.pyramidLevels ?? 5,
    decayPower: options.decayPower ?? 1,
    initialScale: options.initialScale ?? 0.01,
  }
}

/**
 * Lucid-style activation maximisation of one channel of a spatial layer (Olah et al. 2017),
 * one synchronous Adam step at a time, in pixel space: the image in [0, 1] goes through the
 * model's own `preprocess`, so it works for any model, including edited ones. Where the model's
 * graph shows the channel's ReLU, the channel is optimised before it ({@link channelTarget}), so
 * channels that are 0 on the gray start image still get a gradient, and the network runs only as
 * far as that channel needs. Drive it with {@link runFeatureVis} for progress, cancel and caching,
 * or call {@link step} yourself. Owns its tensors: call {@link dispose}.
 */
export class FeatureVisRun {
  readonly options: ResolvedFeatureVisOptions
  /** The model version when the run started. */
  readonly modelVersion: number
  /** What is optimised: the channel's pre-activation where there is one. */
  readonly target: ChannelTarget
  /** The channel's response on the start image ({@link evaluate}), measured when the run was built. */
  readonly startObjective: number
  private readonly parameterization: ImageParameterization
  private readonly optimizer: tf.Optimizer
  private readonly random: () => number
  private steps = 0
  private _disposed = false

  constructor(
    readonly model: PerturberModel,
    readonly layer: string,
    readonly channel: number,
    options: FeatureVisOptions = {},
  ) {
    assertGradients()
    this.options = resolveFeatureVisOptions(options, model.descriptor.inputSize)
    const info = model.layers.find((l) => l.name === layer)
    if (!info) {
      const names = model.layers.map((l) => l.name)
      throw new Error(`Model "${model.descriptor.name}" has no spatial layer "${layer}" (layers: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''}).`)
    }
    if (!(Number.isInteger(channel) && channel >= 0 && channel < info.channels)) {
      throw new Error(`Layer "${layer}" has channels 0..${info.channels - 1}; got ${channel}.`)
    }
    const { size, seed } = this.options
    if (!(Number.isInteger(size) && size >= 2)) throw new Error(`Feature visualization size must be an integer ≥ 2 (got ${size}).`)
    this.modelVersion = model.version
    // separate streams, so changing the transforms does not change the initial image
    const seeds = streamSeeds(seed)
    this.random = seededRandom(seeds.transforms)
    this.parameterization = createParameterization(this.options.parameterization, size, seeds.image, this.options)
    this.optimizer = tf.train.adam(this.options.learningRate)
    this.target = channelTarget(model, layer, channel)
    try {
      this.startObjective = this.evaluate()
    } catch (error) {
      this.dispose()
      throw error
    }
  }

  get stepsDone() {
    return this.steps
  }
  get disposed() {
    return this._disposed
  }

  /** `k` optimisation steps; returns the objective of the last one (reads one number back). */
  step(k = 1): FeatureVisStep {
    const cost = this.advance(k)
    return { step: this.steps, objective: cost ? -readScalar(cost) : Number.NaN }
  }

  /** Like {@link step}, but waits for the GPU without blocking the main thread. */
  async stepAsync(k = 1): Promise<FeatureVisStep> {
    const cost = this.advance(k)
    if (!cost) return { step: this.steps, objective: Number.NaN }
    try {
      return { step: this.steps, objective: -(await cost.data())[0] }
    } finally {
      cost.dispose()
    }
  }

  /**
   * The channel's response to the current image, untransformed (deterministic, comparable across
   * steps): its mean (`'neuron'`: its centre value) as the layer outputs it, after its ReLU, even
   * where the steps optimise before it.
   */
  evaluate(): number {
    this.assertAlive()
    return readScalar(tf.tidy(() => tf.slice(this.layerResponses(), [this.channel], [1])))
  }

  /**
   * The channel's response on the current image (untransformed) next to its layer's: `objective`
   * (as {@link evaluate}), `layerMedian`, the median over the layer's channels of the same measure
   * on the same image, and `responded` (see {@link FeatureVisEvaluation}). One forward pass.
   */
  evaluateLayer(): FeatureVisEvaluation {
    this.assertAlive()
    const responses = tf.tidy(() => this.layerResponses())
    let values: Float32Array
    try {
      values = responses.dataSync() as Float32Array
    } finally {
      responses.dispose()
    }
    const objective = values[this.channel]
    const sorted = Float32Array.from(values).sort()
    const n = sorted.length
    const layerMedian = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
    return { objective, startObjective: this.startObjective, layerMedian, responded: responded(objective, this.startObjective, layerMedian) }
  }

  /** The current image (size × size RGBA). */
  image(): FeatureVisImage {
    this.assertAlive()
    const pixels = this.parameterization.image()
    try {
      return toRgba(pixels.dataSync() as Float32Array, this.options.size)
    } finally {
      pixels.dispose()
    }
  }

  async imageAsync(): Promise<FeatureVisImage> {
    this.assertAlive()
    const pixels = this.parameterization.image()
    try {
      return toRgba((await pixels.data()) as Float32Array, this.options.size)
    } finally {
      pixels.dispose()
    }
  }

  /** The current image as a tensor [size, size, 3] in [0, 1] (caller disposes). */
  imageTensor(): tf.Tensor3D {
    this.assertAlive()
    return this.parameterization.image()
  }

  dispose() {
    if (this._disposed) return
    this._disposed = true
    this.parameterization.dispose()
    this.optimizer.dispose()
  }

  /** Runs k steps; returns the last step's cost (−objective) for the caller to read and dispose. */
  private advance(k: number): tf.Scalar | null {
    this.assertAlive()
    assertGradients()
    if (!(Number.isInteger(k) && k >= 0)) throw new Error(`Feature visualization: step count must be a non-negative integer (got ${k}).`)
    let cost: tf.Scalar | null = null
    for (let i = 0; i < k; i++) {
      cost?.dispose()
      const { transforms } = this.options
      const draw = transforms ? drawTransform(this.random, transforms, this.options.size) : null
      cost = tf.tidy(
        () =>
          this.optimizer.minimize(
            () => tf.neg(this.objectiveOf(transformedView(this.parameterization.image(), this.model.descriptor.inputSize, transforms, draw))),
            true,
            this.parameterization.variables,
          )!,
      )
      this.steps++
    }
    return cost
  }

  /** What each step maximises: the target map's mean (or centre value) on the transformed view. */
  private objectiveOf(pixels: tf.Tensor4D): tf.Scalar {
    const input = this.model.preprocess(pixels)
    const { source } = this.target
    const map = this.target.map(source === null ? input : this.model.execute(input, { layers: [source], predictions: false }).activations.get(source)!)
    const [, h, w] = map.shape
    if (this.options.objective === 'neuron') return tf.sum(tf.slice(map, [0, Math.floor(h / 2), Math.floor(w / 2), 0], [1, 1, 1, 1]))
    return tf.mean(map)
  }

  /** Every channel's measure (mean or centre value) of the layer itself on the untransformed image: [channels]. */
  private layerResponses(): tf.Tensor1D {
    const view = transformedView(this.parameterization.image(), this.model.descriptor.inputSize, null, null)
    const activation = this.model.execute(this.model.preprocess(view), { layers: [this.layer], predictions: false }).activations.get(this.layer)!
    const [, h, w, c] = activation.shape
    if (this.options.objective === 'neuron') return tf.reshape(tf.slice(activation, [0, Math.floor(h / 2), Math.floor(w / 2), 0], [1, 1, 1, c]), [c])
    return tf.reshape(tf.mean(activation, [1, 2]), [c])
  }

  private assertAlive() {
    if (this._disposed) throw new Error('Feature visualization run has been disposed.')
  }
}

/**
 * Whether a run made its channel respond: the final objective is above the start image's by more
 * than 1 % of the larger of |start| and |layer median|, and above the layer's median channel
 * response on the final image (the image drives this channel more than half of its layer's).
 */
export function responded(objective: number, start: number, layerMedian: number): boolean {
  if (!Number.isFinite(objective)) return false
  const tolerance = 0.01 * Math.max(Math.abs(start), Math.abs(layerMedian), 1e-6)
  return objective > start + tolerance && objective > layerMedian
}

const assertGradients = () => assertGradientBackend('FeatureVisRun', 'runtime.featureVis')

function readScalar(t: tf.Tensor): number {
  try {
    return t.dataSync()[0]
  } finally {
    t.dispose()
  }
}

function toRgba(rgb: Float32Array, size: number): FeatureVisImage {
  const data = new Uint8ClampedArray(size * size * 4)
  for (let i = 0; i < size * size; i++) {
    data[i * 4] = Math.round(rgb[i * 3] * 255)
    data[i * 4 + 1] = Math.round(rgb[i * 3 + 1] * 255)
    data[i * 4 + 2] = Math.round(rgb[i * 3 + 2] * 255)
    data[i * 4 + 3] = 255
  }
  return { width: size, height: size, data }
}
