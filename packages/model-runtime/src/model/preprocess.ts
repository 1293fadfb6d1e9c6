import * as tf from '@tensorflow/tfjs'
import type { ModelDescriptor } from '../types'
import { resampleSeparable, resizeMatrix } from './resize'

/**
 * Pixels [n, h, w, 3] in [0, 1], RGB → the network's input: bilinear resize to the input size
 * (half-pixel centres, as matMuls: exact gradients, see resize.ts),
 * channel reorder, then the descriptor's normalisation. Built from differentiable ops only, so
 * attacks and feature visualization optimise in pixel space and never see normalised values.
 */
export function preprocessPixels(pixels: tf.Tensor4D, descriptor: ModelDescriptor): tf.Tensor4D {
  return tf.tidy(() => {
    const [height, width] = descriptor.inputSize
    let x: tf.Tensor4D = pixels
    if (x.shape[1] !== height || x.shape[2] !== width) {
      const ry = tf.tensor2d(resizeMatrix(height, x.shape[1]), [height, x.shape[1]])
      const rx = tf.tensor2d(resizeMatrix(width, x.shape[2]), [width, x.shape[2]])
      // per image via slice/concat: TF.js' unstack gradient fails when only some outputs are used
      const [n, h, w] = x.shape
      const images = Array.from({ length: n }, (_, i) => tf.expandDims(resampleSeparable(tf.reshape(tf.slice(x, [i, 0, 0, 0], [1, h, w, 3]), [h, w, 3]) as tf.Tensor3D, ry, rx), 0))
      x = (n === 1 ? images[0] : tf.concat(images)) as tf.Tensor4D
    }
    if (descriptor.channelOrder === 'BGR') x = tf.reverse(x, -1)
    const p = descriptor.preprocessing
    if (p.kind === 'range') return tf.add(tf.mul(x, p.max - p.min), p.min)
    const mean = tf.tensor1d([...p.mean])
    const std = tf.tensor1d([...p.std])
    return tf.div(tf.sub(tf.mul(x, p.pixelScale), mean), std)
  })
}

/** A stable key for preprocessing, so several models with the same input pipeline share its output. */
export function preprocessingKey(descriptor: ModelDescriptor): string {
  return JSON.stringify([descriptor.inputSize, descriptor.channelOrder, descriptor.preprocessing])
}
