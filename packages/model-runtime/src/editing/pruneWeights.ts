import * as tf from '@tensorflow/tfjs'
import type { PrunableKind } from './editableLayers'

/** A layer's weights as (role, tensor) pairs in the layer's own order. */
export interface RoledWeights {
  roles: readonly string[]
  values: readonly tf.Tensor[]
}

function weightByRole(weights: RoledWeights, role: string): tf.Tensor {
  const index = weights.roles.indexOf(role)
  if (index < 0) throw new Error(`Layer has no "${role}" weight (it has ${weights.roles.join(', ')}).`)
  return weights.values[index]
}

/**
 * m_o: the mean absolute kernel weight of each output channel o (thesis Eq. 5.2 and 5.3; the
 * thesis writes a sum but calls it an average, and both rank the channels identically).
 * - conv2d, kernel [y, x, i, o]: mean over y, x, i.
 * - dense, kernel [i, o]: mean over i.
 * - depthwiseConv2d, kernel [y, x, c, k]: output channel o = c·K + k sees input channel c only, so
 *   its filter is W[:, :, c, k] and m_o is the mean over y, x.
 * - separableConv2d, depthwise D [y, x, c, k] then pointwise P [1, 1, c·K + k, o]: the layer is the
 *   convolution with the effective kernel W_yxco = Σ_k D_yxck · P_(cK+k)o, and m_o is its mean over
 *   y, x, c, exactly as for a conv2d.
 */
export function channelMagnitudes(kind: PrunableKind, weights: RoledWeights): tf.Tensor1D {
  return tf.tidy(() => {
    switch (kind) {
      case 'conv2d':
        return tf.mean(tf.abs(weightByRole(weights, 'kernel')), [0, 1, 2]) as tf.Tensor1D
      case 'dense':
        return tf.mean(tf.abs(weightByRole(weights, 'kernel')), 0) as tf.Tensor1D
      case 'depthwiseConv2d': {
        const kernel = weightByRole(weights, 'depthwise_kernel')
        return tf.reshape(tf.mean(tf.abs(kernel), [0, 1]), [-1]) as tf.Tensor1D
      }
      case 'separableConv2d':
        return tf.mean(tf.abs(effectiveSeparableKernel(weights)), [0, 1]) as tf.Tensor1D
    }
  })
}

/** The separable conv's effective kernel, laid out [c, y·x, o] (c-major so it is one batched matMul). */
function effectiveSeparableKernel(weights: RoledWeights): tf.Tensor3D {
  const depthwise = weightByRole(weights, 'depthwise_kernel')
  const pointwise = weightByRole(weights, 'pointwise_kernel')
  const [h, w, c, k] = depthwise.shape
  const outputs = pointwise.shape[pointwise.shape.length - 1]
  const d = tf.transpose(tf.reshape(depthwise, [h * w, c, k]), [1, 0, 2]) as tf.Tensor3D // [c, yx, k]
  const p = tf.reshape(pointwise, [c, k, outputs]) as tf.Tensor3D // [c, k, o]
  return tf.matMul(d, p)
}

/**
 * W_pruned = W · p (thesis Eq. 5.6): multiplies every output channel of the kernel, and the bias,
 * by the mask. Only the weights that produce output channels are masked: a separable conv's
 * depthwise kernel feeds all its outputs and stays as it is. Returns new tensors in the layer's
 * weight order (unmasked weights are clones).
 */
export function maskOutputChannels(kind: PrunableKind, weights: RoledWeights, mask: readonly boolean[]): tf.Tensor[] {
  return tf.tidy(() => {
    const p = tf.tensor1d(mask.map(Number), 'float32')
    return weights.roles.map((role, i) => {
      const value = weights.values[i]
      if (role === 'bias') return tf.mul(value, p)
      if ((kind === 'conv2d' || kind === 'dense') && role === 'kernel') return tf.mul(value, p)
      if (kind === 'separableConv2d' && role === 'pointwise_kernel') return tf.mul(value, p)
      if (kind === 'depthwiseConv2d' && role === 'depthwise_kernel') {
        const [, , c, k] = value.shape
        return tf.mul(value, tf.reshape(p, [c, k]))
      }
      return tf.clone(value)
    })
  })
}
