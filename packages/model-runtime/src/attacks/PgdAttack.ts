import * as tf from '@tensorflow/tfjs'
import { assertGradientBackend } from '../backends/gradients'
import { framePixelsToTensor } from '../inference/framePixels'
import type { FramePixels, PerturberModel } from '../types'
import { ascentDirection, defaultEpsilon, perturbationBounds, projectPerturbation } from './projection'
import type { ClassProbability, PgdNorm, PgdOptions, PgdStepResult } from './types'

/**
 * Projected gradient descent (Madry et al. 2018) on one frame, in pixel space: the attack moves
 * pixels in [0, 1] and the model's own `preprocess` (resize, channel order, normalisation) runs
 * inside the differentiated function, so ε means the same for every model.
 *
 * Loss: the cross-entropy of the model's label-space logits. Untargeted attacks ascend
 * CE(f(x), original) — the original (clean top-1) class is pushed down; targeted attacks descend
 * CE(f(x), target). One step: x ← Π(x + α·d), d = sign(∇) for L∞, ∇/‖∇‖₂ for L2, where Π
 * projects δ = x − clean into the ε-ball and clean + δ into [0, 1].
 *
 * The gradient function is built once and every step reuses the same shapes, so on WebGL the
 * shaders compile on the first gradient only (call {@link warmUp} in idle time to pay that early).
 * The attack owns its tensors: call {@link dispose}.
 */
export class PgdAttack {
  readonly norm: PgdNorm
  readonly epsilon: number
  readonly stepSize: number
  /** Label the untargeted attack suppresses (clean top-1 unless given). */
  readonly originalClass: number
  readonly target: number | undefined
  readonly width: number
  readonly height: number

  private readonly clean: tf.Tensor4D
  private readonly delta: tf.Variable<tf.Rank.R4>
  private readonly bounds: { lower: tf.Tensor4D; upper: tf.Tensor4D }
  /** One-hot of the class the loss is about, [1, classes]. */
  private readonly lossClass: tf.Tensor2D
  /** ∂J/∂x, built once; J = +CE(original) untargeted, −CE(target) targeted. */
  private readonly gradientOf: (x: tf.Tensor4D) => tf.Tensor4D
  private readonly cleanProbabilities: Float32Array
  private readonly topK: number
  private steps = 0
  private _disposed = false

  /**
   * @param pixels the clean frame: a tensor [1, h, w, 3] (or [h, w, 3]) in [0, 1] — copied, the
   *   caller keeps ownership — or RGBA frame pixels.
   * @throws on a backend without correct gradients (wasm): see `BACKENDS_WITHOUT_GRADIENTS`.
   */
  constructor(
    readonly model: PerturberModel,
    pixels: tf.Tensor4D | tf.Tensor3D | FramePixels,
    options: PgdOptions = {},
  ) {
    assertGradients()
    this.clean = toCleanTensor(pixels)
    const [, height, width] = this.clean.shape
    this.height = height
    this.width = width
    this.norm = options.norm ?? 'linf'
    this.epsilon = options.epsilon ?? defaultEpsilon(this.norm, height, width)
    this.stepSize = options.stepSize ?? this.epsilon / 8
    this.topK = options.topK ?? 5
    this.target = options.targeted ? options.targeted.target : undefined
    try {
      if (!(this.epsilon >= 0) || !(this.stepSize >= 0)) {
        throw new Error(`PGD: epsilon and stepSize must be non-negative numbers (got ${this.epsilon}, ${this.stepSize}).`)
      }
      // The clean forward pass decides the original class and compiles the forward shaders.
      this.cleanProbabilities = readAndDispose(tf.tidy(() => this.probabilitiesOf(this.clean)))
      this.originalClass = options.originalClass ?? argMax(this.cleanProbabilities)
      const classes = this.cleanProbabilities.length
      for (const [what, label] of [['originalClass', this.originalClass], ['target', this.target]] as const) {
        if (label !== undefined && !(Number.isInteger(label) && label >= 0 && label < classes)) {
          throw new Error(`PGD: ${what} ${label} is not a label index of "${model.descriptor.name}" (0..${classes - 1}).`)
        }
      }
    } catch (error) {
      this.clean.dispose()
      throw error
    }

    const classes = this.cleanProbabilities.length
    const targeted = this.target !== undefined
    // tidy frees the initial zeros (variables themselves survive tidy)
    this.delta = tf.tidy(() => tf.variable(tf.zerosLike(this.clean), false)) as tf.Variable<tf.Rank.R4>
    this.bounds = perturbationBounds(this.clean, this.norm, this.epsilon)
    this.lossClass = tf.tidy(() => tf.oneHot([targeted ? this.target! : this.originalClass], classes).toFloat() as tf.Tensor2D)
    const sign = targeted ? 1 : -1
    // J(x) = sign · log softmax(z)[c] = −sign · CE(z, c): ascending J suppresses or raises class c.
    this.gradientOf = tf.grad((x: tf.Tensor) =>
      tf.mul(sign, tf.sum(tf.mul(tf.logSoftmax(this.logitsOf(x as tf.Tensor4D)), this.lossClass))),
    ) as (x: tf.Tensor4D) => tf.Tensor4D
  }

  get disposed() {
    return this._disposed
  }

  /** Steps taken since construction or the last {@link reset}. */
  get stepCount() {
    return this.steps
  }

  /**
   * Computes one gradient at the clean frame and throws it away, so WebGL compiles the backward
   * shaders now (e.g. while the user picks a target) rather than during the first {@link step}.
   */
  warmUp(): void {
    this.assertAlive()
    assertGradients()
    tf.tidy(() => {
      this.gradientOf(this.clean).dataSync()
    })
  }

  /** ∂J/∂pixels at the current adversarial frame (caller disposes); J as in the class comment. */
  gradient(): tf.Tensor4D {
    this.assertAlive()
    assertGradients()
    return tf.tidy(() => this.gradientOf(tf.add(this.clean, this.delta)))
  }

  /** Performs `n` PGD steps and reads the result back synchronously. */
  step(n = 1): PgdStepResult {
    this.advance(n)
    return this.result()
  }

  /** Like {@link step}, but reads back without blocking the main thread on the GPU. */
  async stepAsync(n = 1): Promise<PgdStepResult> {
    this.advance(n)
    return this.resultAsync()
  }

  /** The current state without stepping. */
  result(): PgdStepResult {
    const [perturbation, probabilities] = this.stateTensors()
    try {
      return this.summarise(perturbation.dataSync() as Float32Array, probabilities.dataSync() as Float32Array)
    } finally {
      tf.dispose([perturbation, probabilities])
    }
  }

  async resultAsync(): Promise<PgdStepResult> {
    const [perturbation, probabilities] = this.stateTensors()
    try {
      const [d, p] = await Promise.all([perturbation.data(), probabilities.data()])
      return this.summarise(d as Float32Array, p as Float32Array)
    } finally {
      tf.dispose([perturbation, probabilities])
    }
  }

  /** δ as a tensor [h, w, 3] (caller disposes), e.g. to build a texture without a CPU round trip. */
  perturbationTensor(): tf.Tensor3D {
    this.assertAlive()
    return tf.tidy(() => this.delta.reshape([this.height, this.width, 3]))
  }

  /** clean + δ as [1, h, w, 3] in [0, 1] (caller disposes). */
  adversarialTensor(): tf.Tensor4D {
    this.assertAlive()
    return tf.tidy(() => tf.add(this.clean, this.delta))
  }

  /** Back to δ = 0. */
  reset(): void {
    this.assertAlive()
    tf.tidy(() => this.delta.assign(tf.zerosLike(this.delta)))
    this.steps = 0
  }

  dispose(): void {
    if (this._disposed) return
    this._disposed = true
    tf.dispose([this.clean, this.delta, this.bounds.lower, this.bounds.upper, this.lossClass])
  }

  private advance(n: number) {
    this.assertAlive()
    assertGradients()
    if (!(Number.isInteger(n) && n >= 0)) throw new Error(`PGD: step count must be a non-negative integer (got ${n}).`)
    for (let i = 0; i < n; i++) {
      tf.tidy(() => {
        const gradient = this.gradientOf(tf.add(this.clean, this.delta))
        const moved = tf.add(this.delta, tf.mul(ascentDirection(gradient, this.norm), this.stepSize)) as tf.Tensor4D
        this.delta.assign(projectPerturbation(moved, this.bounds, this.norm, this.epsilon))
      })
      this.steps++
    }
  }

  /** δ [h, w, 3] and the label-space probabilities of clean + δ. */
  private stateTensors(): [tf.Tensor3D, tf.Tensor2D] {
    this.assertAlive()
    return tf.tidy(() => [this.delta.reshape([this.height, this.width, 3]) as tf.Tensor3D, this.probabilitiesOf(tf.add(this.clean, this.delta))])
  }

  private logitsOf(x: tf.Tensor4D): tf.Tensor2D {
    const { output } = this.model.execute(this.model.preprocess(x), { layers: [], predictions: true })
    if (!output) throw new Error(`Model "${this.model.descriptor.name}" returned no predictions.`)
    return this.model.toLabelSpace(output, 'logits')
  }

  private probabilitiesOf(x: tf.Tensor4D): tf.Tensor2D {
    const { output } = this.model.execute(this.model.preprocess(x), { layers: [], predictions: true })
    if (!output) throw new Error(`Model "${this.model.descriptor.name}" returned no predictions.`)
    return this.model.toLabelSpace(output, 'probabilities')
  }

  private summarise(perturbation: Float32Array, probabilities: Float32Array): PgdStepResult {
    let linf = 0
    let sumSquares = 0
    for (let i = 0; i < perturbation.length; i++) {
      const v = perturbation[i]
      linf = Math.max(linf, Math.abs(v))
      sumSquares += v * v
    }
    const pick = (p: Float32Array) => ({ original: p[this.originalClass], ...(this.target !== undefined ? { target: p[this.target] } : {}) })
    return {
      step: this.steps,
      width: this.width,
      height: this.height,
      perturbation,
      originalClass: this.originalClass,
      ...(this.target !== undefined ? { target: this.target } : {}),
      before: pick(this.cleanProbabilities),
      after: pick(probabilities),
      top: topClasses(probabilities, this.topK, this.model.descriptor.labels.names),
      linf,
      l2: Math.sqrt(sumSquares),
    }
  }

  private assertAlive() {
    if (this._disposed) throw new Error('PGD attack has been disposed.')
  }
}

const assertGradients = () => assertGradientBackend('PgdAttack', 'runtime.createAttack')

/** `new PgdAttack(model, pixels, options)`, as a function. */
export function createPgdAttack(model: PerturberModel, pixels: tf.Tensor4D | tf.Tensor3D | FramePixels, options?: PgdOptions): PgdAttack {
  return new PgdAttack(model, pixels, options)
}

function toCleanTensor(pixels: tf.Tensor4D | tf.Tensor3D | FramePixels): tf.Tensor4D {
  if (!(pixels instanceof tf.Tensor)) return framePixelsToTensor(pixels)
  const shape = pixels.shape
  const ok = (pixels.rank === 4 && shape[0] === 1 && shape[3] === 3) || (pixels.rank === 3 && shape[2] === 3)
  if (!ok) throw new Error(`PGD: expected pixels [1, h, w, 3] or [h, w, 3], got [${shape.join(', ')}].`)
  return tf.tidy(() => tf.clipByValue(tf.cast(pixels.rank === 3 ? tf.expandDims(pixels, 0) : pixels, 'float32'), 0, 1) as tf.Tensor4D)
}

function readAndDispose(tensor: tf.Tensor): Float32Array {
  try {
    return tensor.dataSync() as Float32Array
  } finally {
    tensor.dispose()
  }
}

function argMax(values: Float32Array): number {
  let best = 0
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i
  return best
}

/** The k most probable labels, most probable first. */
export function topClasses(probabilities: Float32Array, k: number, names: readonly string[]): ClassProbability[] {
  const order = Array.from(probabilities.keys()).sort((a, b) => probabilities[b] - probabilities[a] || a - b)
  return order.slice(0, k).map((label) => ({ label, name: names[label] ?? `class ${label}`, probability: probabilities[label] }))
}
