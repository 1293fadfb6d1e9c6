import * as tf from '@tensorflow/tfjs'
import { assertGradientBackend } from '../backends/gradients'
import { framePixelsToTensor } from '../inference/framePixels'
import type { TappedExecuteRequest } from '../model/BasePerturberModel'
import type { LayerTap } from '../model/fusedForward'
import type { FramePixels, LayerInfo, PerturberModel } from '../types'

/** What one backward pass gives for a batch of K frames. */
export interface BatchContributions {
  /** The label-space class whose score p was differentiated. */
  classIndex: number
  /** By layer: q_kj = Σ_positions a·∂p/∂a of map j on frame k, row-major K×n. */
  contributions: Map<string, Float32Array>
  /** By layer: each map's mean activation over positions on frame k, row-major K×n. */
  meanActivations: Map<string, Float32Array>
  /** p on each frame: the class's label-space logit (log-probability for a softmax head). */
  scores: Float32Array
  /** Each frame's top-1 label-space class. */
  predicted: Int32Array
}

/** The frames as one network input [K, h, w, c], each preprocessed (and resized) on its own. */
export function framesInput(model: PerturberModel, frames: readonly FramePixels[]): tf.Tensor4D {
  return tf.tidy(() => {
    const inputs = frames.map((frame) => model.preprocess(framePixelsToTensor(frame)))
    return (inputs.length === 1 ? inputs[0] : tf.concat(inputs)) as tf.Tensor4D
  })
}

/**
 * Every map's contribution q_j = a_j · ∂p/∂a_j (dot product over positions) in every layer of
 * `layers`, for each frame of `input` (preprocessed, [K, h, w, c]), from ONE backward pass: the
 * layers are tapped with added zeros (see `LayerTap`), and ∂p/∂zeros is ∂p/∂a for all of them at
 * once. p is the label-space logit of `classIndex`, by default the first frame's top class; the
 * frames are independent (inference mode), so differentiating Σ_k p_k gives each frame's own
 * gradients. A layer from which nothing reaches the output gets zero contributions.
 *
 * Runs on the active backend, which must compute gradients correctly (not wasm): call it through
 * `runtime.datapath`. Leaves no tensor behind.
 */
export async function batchContributions(model: PerturberModel, input: tf.Tensor4D, layers: readonly LayerInfo[], classIndex?: number): Promise<BatchContributions> {
  assertGradientBackend('Datapath extraction', 'runtime.datapath')
  const K = input.shape[0]
  const names = layers.map((l) => l.name)
  const kept: tf.Tensor[] = []
  let chosen = classIndex
  let packed: tf.Tensor2D
  try {
    packed = tf.tidy(() => {
      const zeros = layers.map((l) => tf.zeros([K, ...l.shape]))
      const taps = new Map<string, LayerTap>(names.map((name, i) => [name, { add: zeros[i] }]))
      let activations: tf.Tensor4D[] = []
      let logits: tf.Tensor2D | undefined
      const score = () => {
        const request: TappedExecuteRequest = { layers: names, predictions: true, taps }
        const result = model.execute(input, request)
        logits = model.toLabelSpace(result.output!, 'logits')
        chosen ??= tf.tidy(() => tf.argMax(tf.slice(logits!, [0, 0], [1, -1]), 1).dataSync()[0])
        activations = names.map((name) => result.activations.get(name)!)
        // the pass runs in the tape's own scope, which frees all but the score: these are read after
        kept.push(...activations, logits)
        activations.forEach((a) => tf.keep(a))
        tf.keep(logits)
        return tf.sum(tf.slice(logits, [0, chosen], [K, 1])) as tf.Scalar
      }
      const { grads } = tf.engine().gradients(score, zeros, undefined, true)
      // some layer always reaches the output: no gradient anywhere means the taps were never applied
      if (grads.every((g) => !g)) throw new Error(`"${model.descriptor.name}" ignored the layer taps datapaths need (it is not a model the runtime loaded or built); load it with runtime.load.`)
      const perLayer = (f: (a: tf.Tensor4D, g: tf.Tensor | undefined) => tf.Tensor) => activations.map((a, i) => tf.reshape(f(a, grads[i] ?? undefined), [K, -1]))
      const q = perLayer((a, g) => (g ? tf.sum(tf.mul(a, g), [1, 2]) : tf.zerosLike(tf.sum(a, [1, 2]))))
      const means = perLayer((a) => tf.mean(a, [1, 2]))
      const top = tf.cast(tf.expandDims(tf.argMax(logits!, 1), 1), 'float32')
      const scores = tf.slice(logits!, [0, chosen!], [K, 1])
      // one download for everything
      return tf.concat([...q, ...means, scores, top], 1) as tf.Tensor2D
    })
  } finally {
    tf.dispose(kept)
  }
  let values: Float32Array
  try {
    values = (await packed.data()) as Float32Array
  } finally {
    packed.dispose()
  }
  const width = packed.shape[1]
  const total = layers.reduce((sum, l) => sum + l.channels, 0)
  const column = (offset: number, count: number) => {
    const out = new Float32Array(K * count)
    for (let k = 0; k < K; k++) out.set(values.subarray(k * width + offset, k * width + offset + count), k * count)
    return out
  }
  const contributions = new Map<string, Float32Array>()
  const meanActivations = new Map<string, Float32Array>()
  let offset = 0
  for (const layer of layers) {
    contributions.set(layer.name, column(offset, layer.channels))
    meanActivations.set(layer.name, column(total + offset, layer.channels))
    offset += layer.channels
  }
  const scores = column(2 * total, 1)
  const predicted = Int32Array.from(column(2 * total + 1, 1))
  return { classIndex: chosen!, contributions, meanActivations, scores, predicted }
}
