import * as tf from '@tensorflow/tfjs'
import { interpolationMatrix, resampleSeparable, resizeMatrix } from '../model/resize'

export { interpolationMatrix, resampleSeparable, resizeMatrix }

/*
 * Differentiable resampling built from matMul and elementwise ops only. Why not tf.image ops:
 * in TF.js 4.22 `resizeBilinear`'s gradient ignores `halfPixelCenters` (so it is the gradient of a
 * different resize), `transform`/`rotateWithOffset` have no gradient, and a gather-based sampler's
 * gradient (UnsortedSegmentSum) is quadratic on WebGL. Linear interpolation along one axis is a
 * small matrix, so resizing, scaling and shifting are two matMuls (exact gradients, every backend),
 * and a rotation is three shears (Paeth), each a batched matMul.
 */

/**
 * Per-row shift matrices [n, n, n] for a horizontal shear about the centre: row r moves right by
 * factor·(r + 0.5 − n/2) pixels, linearly interpolated, zero where it leaves the image.
 */
function shearMatrices(n: number, factor: number): tf.Tensor3D {
  return tf.tidy(() => {
    const index = tf.range(0, n, 1, 'float32')
    const shift = tf.reshape(tf.mul(tf.sub(tf.add(index, 0.5), n / 2), factor), [n, 1, 1])
    const u = tf.reshape(index, [1, n, 1])
    const x = tf.reshape(index, [1, 1, n])
    // out[r, u] = in[r, u − shift_r]: weight of input x is the hat function at x − u + shift_r
    return tf.relu(tf.sub(1, tf.abs(tf.add(tf.sub(x, u), shift)))) as tf.Tensor3D
  })
}

function shearRows(image: tf.Tensor3D, factor: number): tf.Tensor3D {
  return tf.tidy(() => tf.matMul(shearMatrices(image.shape[0], factor), image) as tf.Tensor3D)
}

function shearColumns(image: tf.Tensor3D, factor: number): tf.Tensor3D {
  return tf.tidy(() => tf.transpose(shearRows(tf.transpose(image, [1, 0, 2]) as tf.Tensor3D, factor), [1, 0, 2]) as tf.Tensor3D)
}

/**
 * Rotates a square image [n, n, c] about its centre by `angle` radians with three shears
 * (Paeth 1986): x-shear −tan(θ/2), y-shear sin θ, x-shear −tan(θ/2). Outside the image reads 0.
 */
export function rotateByShears(image: tf.Tensor3D, angle: number): tf.Tensor3D {
  if (angle === 0) return tf.clone(image)
  const [h, w] = image.shape
  if (h !== w) throw new Error(`rotateByShears: expected a square image, got ${h}×${w}.`)
  return tf.tidy(() => {
    const a = -Math.tan(angle / 2)
    return shearRows(shearColumns(shearRows(image, a), Math.sin(angle)), a)
  })
}
