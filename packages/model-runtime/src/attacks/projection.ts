import * as tf from '@tensorflow/tfjs'
import type { PgdNorm } from './types'

/** The L∞ default ε, and the root-mean-square change per pixel channel of the L2 default. */
export const DEFAULT_PIXEL_EPSILON = 8 / 255

/**
 * Default ε for a frame of `height × width` pixels (see {@link PgdOptions.epsilon}): L∞ 8/255; L2
 * 8/255 · √(3·h·w), the length of the L∞ default's largest perturbation (every channel ±8/255),
 * so that in pixel terms every channel changes by 8/255 on average (root mean square): 12.2 at
 * 224×224, 6.1 at 112×112. (The ImageNet habit of L2 3.0 at 224×224 is 2/255 per channel: five
 * steps of ε/8 then barely move a prediction.)
 */
export function defaultEpsilon(norm: PgdNorm, height: number, width: number): number {
  if (norm === 'linf') return DEFAULT_PIXEL_EPSILON
  return DEFAULT_PIXEL_EPSILON * Math.sqrt(3 * height * width)
}

/**
 * The steepest-ascent direction of unit length in the attack's norm: sign(g) for L∞
 * (FGSM-style), g / ‖g‖₂ for L2. A zero gradient gives a zero direction, never NaN.
 */
export function ascentDirection(gradient: tf.Tensor4D, norm: PgdNorm): tf.Tensor4D {
  return tf.tidy(() => {
    if (norm === 'linf') return tf.sign(gradient)
    const length = tf.sqrt(tf.sum(tf.square(gradient)))
    return tf.div(gradient, tf.maximum(length, 1e-12))
  })
}

/**
 * Per-pixel bounds on δ that keep clean + δ in [0, 1]; for L∞ they also hold the ball, since the
 * intersection of two boxes is the box of the tighter bounds (an exact projection by clipping).
 */
export function perturbationBounds(clean: tf.Tensor4D, norm: PgdNorm, epsilon: number): { lower: tf.Tensor4D; upper: tf.Tensor4D } {
  return tf.tidy(() => {
    const lower = tf.neg(clean) as tf.Tensor4D
    const upper = tf.sub(1, clean) as tf.Tensor4D
    if (norm === 'l2') return { lower, upper }
    return { lower: tf.maximum(lower, -epsilon), upper: tf.minimum(upper, epsilon) }
  })
}

/**
 * Projects δ into the ε-ball and the valid pixel range. L∞: one clip to the precomputed bounds
 * (exact). L2: rescale onto the ball, then clip to the pixel range; the box contains 0, so the clip
 * only shrinks components and ‖δ‖₂ ≤ ε still holds (the usual PGD practice; the exact projection
 * onto the intersection would need an iterative solve).
 */
export function projectPerturbation(
  delta: tf.Tensor4D,
  bounds: { lower: tf.Tensor4D; upper: tf.Tensor4D },
  norm: PgdNorm,
  epsilon: number,
): tf.Tensor4D {
  return tf.tidy(() => {
    let d = delta
    if (norm === 'l2') {
      const length = tf.sqrt(tf.sum(tf.square(d)))
      d = tf.mul(d, tf.minimum(1, tf.div(epsilon, tf.maximum(length, 1e-12))))
    }
    return tf.minimum(tf.maximum(d, bounds.lower), bounds.upper)
  })
}
