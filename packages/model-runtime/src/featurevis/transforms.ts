import * as tf from '@tensorflow/tfjs'
import { pick, randomInt } from './random'
import { interpolationMatrix, resampleSeparable, resizeMatrix, rotateByShears } from './resample'

/**
 * Transformation robustness (Olah et al. 2017): each step shows the network a randomly jittered,
 * scaled and rotated copy of the image on a gray border, so the result does not depend on exact
 * pixel positions. Defaults are Lucid's `standard_transforms` for a 128 px image: pad(12),
 * jitter(8), random_scale(0.9…1.1), random_rotate(−10…10°, with extra weight on 0), jitter(4).
 * Pixel amounts are given for 128 px and scale with the image size.
 */
export interface TransformRobustness {
  /** Gray (0.5) border around the image, px at 128. */
  pad: number
  /** Random crops, px at 128: each removes up to this many pixels, at a random offset. */
  jitter: readonly number[]
  /** Scale factors, one drawn per step. */
  scales: readonly number[]
  /** Rotation angles in degrees, one drawn per step. */
  angles: readonly number[]
}

export const lucidTransforms: TransformRobustness = {
  pad: 12,
  jitter: [8, 4],
  scales: Array.from({ length: 11 }, (_, i) => 1 + (i - 5) / 50),
  angles: [...Array.from({ length: 21 }, (_, i) => i - 10), 0, 0, 0, 0, 0],
}

/** One draw of the random transformation. */
export interface TransformDraw {
  scale: number
  /** radians */
  angle: number
  /** Shift of the image in its own pixels, [x, y]. */
  shift: [number, number]
}

export function drawTransform(random: () => number, robustness: TransformRobustness, size: number): TransformDraw {
  const unit = size / 128
  let sx = 0
  let sy = 0
  for (const jitter of robustness.jitter) {
    const j = Math.round(jitter * unit)
    sx += randomInt(random, j) - j / 2
    sy += randomInt(random, j) - j / 2
  }
  return { scale: pick(random, robustness.scales), angle: (pick(random, robustness.angles) * Math.PI) / 180, shift: [sx, sy] }
}

/**
 * What the network sees: the square image [s, s, 3] in [0, 1], transformed and resampled to the
 * network's input size → [1, H, W, 3]. Without a draw it is a plain half-pixel-centre resize
 * (edges clamped). With one, the view spans the padded image less the jitter crops (Lucid's final
 * crop), rotated, scaled and shifted; everything outside the image is 0.5 gray.
 */
export function transformedView(
  image: tf.Tensor3D,
  inputSize: readonly [number, number],
  robustness: TransformRobustness | null,
  draw: TransformDraw | null,
): tf.Tensor4D {
  return tf.tidy(() => {
    const size = image.shape[0]
    const [height, width] = inputSize
    if (!robustness || !draw) {
      const ry = tf.tensor2d(resizeMatrix(height, size), [height, size])
      const rx = tf.tensor2d(resizeMatrix(width, size), [width, size])
      return tf.expandDims(resampleSeparable(image, ry, rx), 0) as tf.Tensor4D
    }
    const unit = size / 128
    const crop = robustness.jitter.reduce((sum, j) => sum + Math.round(j * unit), 0)
    const view = size + 2 * Math.round(robustness.pad * unit) - crop
    // around 0, so rotation and the zero fill outside the image both mean gray
    const centred = tf.sub(image, 0.5) as tf.Tensor3D
    const rotated = rotateByShears(centred, draw.angle)
    const longest = Math.max(height, width)
    const axis = (outSize: number, shift: number) =>
      interpolationMatrix(outSize, size, (u) => (((u + 0.5) / outSize - 0.5) * view * (outSize / longest)) / draw.scale + size / 2 - 0.5 - shift, 'zero')
    const ry = tf.tensor2d(axis(height, draw.shift[1]), [height, size])
    const rx = tf.tensor2d(axis(width, draw.shift[0]), [width, size])
    return tf.expandDims(tf.add(resampleSeparable(rotated, ry, rx), 0.5), 0) as tf.Tensor4D
  })
}
