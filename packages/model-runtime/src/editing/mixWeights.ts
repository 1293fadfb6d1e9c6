import * as tf from '@tensorflow/tfjs'
import { markCopy } from '../model/weightIdentity'

/**
 * W = (1−α)·W₁ + α·W₂ (thesis Eq. 5.1). The endpoints return W₁ and W₂ bit for bit: `W₁ + α(W₂−W₁)`
 * would not give W₂ exactly at α = 1, and the weighted sum would turn a NaN in the unused model
 * into a NaN in the result. At α = ½ both products are exact (halving a normal float), so the
 * result is the correctly rounded average.
 */
export function mixWeights(w1: tf.Tensor, w2: tf.Tensor | undefined, alpha: number): tf.Tensor {
  if (alpha === 0) return copyOf(w1)
  if (!w2) throw new Error('Mixing needs Model 2.')
  if (alpha === 1) return copyOf(w2)
  return tf.tidy(() => tf.add(tf.mul(w1, 1 - alpha), tf.mul(w2, alpha)))
}

/**
 * A clone (the same data on webgl and cpu, a copy on wasm) recorded as holding `w`'s data: a
 * layer whose weights all are such copies computes what the source's does, and a frame of both
 * models computes it once (see `sharedLayers`).
 */
function copyOf(w: tf.Tensor): tf.Tensor {
  const copy = tf.clone(w)
  markCopy(copy, w)
  return copy
}
