import * as tf from '@tensorflow/tfjs'
import { assertGradientBackend } from '../backends/gradients'
import type { PerturberModel } from '../types'
import { createParameterization, type ImageParameterization } from './parameterizations'
import { seededRandom, streamSeeds } from './random'
import { drawTransform, lucidTransforms, transformedView } from './transforms'
import type { FeatureVisImage, FeatureVisOptions, FeatureVisStep, ResolvedFeatureVisOptions } from './types'

export function resolveFeatureVisOptions(options: FeatureVisOptions = {}): ResolvedFeatureVisOptions {
  const parameterization = options.parameterization ?? 'fourier'
  const transforms = options.transforms ?? true
  return {
    parameterization,
    objective: options.objective ?? 'channel',
    size: options.size ?? 128,
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
 * model's own `preprocess`, so it works for any model, including edited ones. Drive it with
 * {@link runFeatureVis} for progress, cancel and caching, or call {@link step} yourself.
 * Owns its tensors: call {@link dispose}.
 */
export class FeatureVisRun {
  readonly options: ResolvedFeatureVisOptions
  /** The model version when the run started. */
  readonly modelVersion: number
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
    this.options = resolveFeatureVisOptions(options)
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

  /** The objective on the current image, untransformed (deterministic, comparable across steps). */
  evaluate(): number {
    this.assertAlive()
    return readScalar(tf.tidy(() => this.objectiveOf(transformedView(this.parameterization.image(), this.model.descriptor.inputSize, null, null))))
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

  private objectiveOf(pixels: tf.Tensor4D): tf.Scalar {
    const { activations } = this.model.execute(this.model.preprocess(pixels), { layers: [this.layer], predictions: false })
    const activation = activations.get(this.layer)!
    const [, h, w] = activation.shape
    if (this.options.objective === 'neuron') {
      return tf.sum(tf.slice(activation, [0, Math.floor(h / 2), Math.floor(w / 2), this.channel], [1, 1, 1, 1]))
    }
    return tf.mean(tf.slice(activation, [0, 0, 0, this.channel], [1, h, w, 1]))
  }

  private assertAlive() {
    if (this._disposed) throw new Error('Feature visualization run has been disposed.')
  }
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
