import * as tf from '@tensorflow/tfjs'

/**
 * W = (1−α)·W₁ + α·W₂ (thesis Eq. 5.1). The endpoints return W₁ and W₂ bit for bit (as clones,
 * which share the data on webgl and cpu and copy it on wasm): `W₁ + α(W₂−W₁)` would not give W₂ exactly at α = 1, and the
 * weighted sum would turn a NaN in the unused model into a NaN in the result. At α = ½ both
 * products are exact (halving a normal float), so the result is the correctly rounded average.
 */
export function mixWeights(w1: tf.Tensor, w2: tf.Tensor | undefined, alpha: number): tf.Tensor {
  if (alpha === 0) return tf.clone(w1)
  if (!w2) throw new Error('Mixing needs Model 2.')
  if (alpha === 1) return tf.clone(w2)
  return tf.tidy(() => tf.add(tf.mul(w1, 1 - alpha), tf.mul(w2, alpha)))
}
