import * as tf from '@tensorflow/tfjs'
import { framePixelsToTensor } from '../inference/framePixels'
import type { FramePixels, PerturberModel } from '../types'

/**
 * How much each channel of `layer` contributes to one class's logit on one frame, by gradient ×
 * activation summed over positions: r_c = Σ_{y,x} A[y,x,c] · ∂z_class/∂A[y,x,c], where A is the
 * layer's output and z the class's logit (label space; for a softmax head, log p). Positive: the
 * channel's activity pushes the class up. The relevances of a layer every path to the output goes
 * through add up to the first-order (Taylor) share of z.
 *
 * The gradient is taken with respect to the layer's output itself, the network running on from it
 * (`execute`'s `reuse`): paths that bypass the layer (a residual add, the other branches of an
 * Inception block) are held fixed, as for the partial derivative. This needs a layers model whose
 * forward pass can start from a layer (the runtime's fused runner); others are refused, saying so.
 *
 * Runs on the active backend, which must compute gradients correctly (not wasm): call it through
 * `runtime.channelRelevance`. Leaves no tensor behind.
 *
 * @returns one value per channel of `layer`, in channel order
 */
export async function channelRelevance(model: PerturberModel, frame: FramePixels | tf.Tensor4D, layer: string, classIndex: number): Promise<Float32Array> {
  const classes = model.descriptor.labels.names.length
  if (!(Number.isInteger(classIndex) && classIndex >= 0 && classIndex < classes)) {
    throw new RangeError(`Channel relevance: class ${classIndex} is not a label index of "${model.descriptor.name}" (0..${classes - 1}).`)
  }
  if (!model.layers.some((l) => l.name === layer)) throw new Error(`Channel relevance: "${model.descriptor.name}" has no spatial layer "${layer}".`)
  const relevance = tf.tidy(() => {
    const pixels = frame instanceof tf.Tensor ? frame : framePixelsToTensor(frame)
    const input = model.preprocess(pixels)
    const activation = model.execute(input, { layers: [layer], predictions: false }).activations.get(layer)!
    const logit = () => {
      const { output } = model.execute(input, { layers: [], predictions: true, reuse: new Map([[layer, activation]]) })
      return tf.sum(tf.slice(model.toLabelSpace(output!, 'logits'), [0, classIndex], [1, 1]))
    }
    // not tf.grad: when there is no path from the layer (the model ran from the input instead), it
    // throws with the tape's saved tensors still allocated; this form returns no gradient and frees them
    const gradient = tf.engine().gradients(logit, [activation], undefined, true).grads[0]
    if (!gradient) {
      throw new Error(`Channel relevance cannot be computed for "${model.descriptor.name}" at "${layer}": the model cannot run on from that layer (graph models and some layers models cannot).`)
    }
    return tf.sum(tf.mul(gradient, activation), [0, 1, 2]) as tf.Tensor1D
  })
  try {
    return (await relevance.data()) as Float32Array
  } finally {
    relevance.dispose()
  }
}
