import * as tf from '@tensorflow/tfjs'
import { pick, randomInt } from './random'
import { resampleSeparable, resizeMatrix } from './resample'

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
 * crop), rotated, scaled and shifted; everything outside the image is 0.5 gray. The whole
 * transformation is one affine warp ({@link affineWarp}): one TF.js op forward, one backward.
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
    // image pixels per output pixel along the longer side, before scaling
    const k = view / Math.max(height, width) / draw.scale
    const cos = Math.cos(draw.angle)
    const sin = Math.sin(draw.angle)
    // q = R(−θ)·(k·o − shift): o centred output coordinates, q centred image coordinates
    const matrix: Affine = [cos * k, sin * k, -sin * k, cos * k]
    const [sx, sy] = draw.shift
    const offset: [number, number] = [-(cos * sx + sin * sy), -(-sin * sx + cos * sy)]
    // around 0, so the zero fill outside the image means gray
    return tf.expandDims(tf.add(affineWarp(tf.sub(image, 0.5) as tf.Tensor3D, inputSize, matrix, offset), 0.5), 0) as tf.Tensor4D
  })
}

/** Row-major 2×2 matrix [a11, a12, a21, a22]. */
export type Affine = [number, number, number, number]

/**
 * Affine resampling of a square image [s, s, c] to [H, W, c]: output pixel (v, u) reads the image
 * at q = A·o + b, with o = (u + ½ − W/2, v + ½ − H/2) and q in image pixels from the image centre;
 * bilinear, 0 outside the image. One `tf.image.transform` (a single kernel on every backend, where
 * the earlier matMul formulations cost several times a step of the network on a software
 * rasteriser). That op has no gradient in TF.js, so this one is given: the adjoint of bilinear
 * sampling at A is approximated by bilinear sampling at A⁻¹ scaled by 1/|det A|, which keeps the
 * gradient's total and is exact where A is a pixel-aligned shift (the identity included). Where the
 * image is enlarged (scale k = √|det A| image pixels per output pixel below 1), each image pixel
 * feeds a hat 1/k output pixels wide, so the incoming gradient is first averaged with that
 * (normalised) hat: sampling it at one point would alias the network's pixel-sized gradient. For
 * Lucid's small rotations it differs from the exact adjoint only in the interpolation kernel.
 */
export function affineWarp(image: tf.Tensor3D, outSize: readonly [number, number], [a11, a12, a21, a22]: Affine, [b1, b2]: [number, number]): tf.Tensor3D {
  const [size, side] = image.shape
  if (size !== side) throw new Error(`affineWarp: expected a square image, got ${size}×${side}.`)
  const det = a11 * a22 - a12 * a21
  if (!(Math.abs(det) > 1e-9)) throw new Error('affineWarp: the matrix must be invertible.')
  const [height, width] = outSize
  const half = size / 2 - 0.5
  // output pixel indices → image pixel indices, in tf.image.transform's [a0, a1, a2, b0, b1, b2, c0, c1]
  const cx = a11 * (0.5 - width / 2) + a12 * (0.5 - height / 2) + b1 + half
  const cy = a21 * (0.5 - width / 2) + a22 * (0.5 - height / 2) + b2 + half
  const forward = [a11, a12, cx, a21, a22, cy, 0, 0]
  const [i11, i12, i21, i22] = [a22 / det, -a12 / det, -a21 / det, a11 / det]
  const inverse = [i11, i12, -(i11 * cx + i12 * cy), i21, i22, -(i21 * cx + i22 * cy), 0, 0]
  const warp = (t: tf.Tensor4D, params: number[], shape: [number, number]) =>
    tf.tidy(() => tf.image.transform(t, tf.tensor2d(params, [1, 8]), 'bilinear', 'constant', 0, shape))
  const warped = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: warp(args[0] as tf.Tensor4D, forward, [height, width]),
    gradFunc: (dy: tf.Tensor) =>
      tf.tidy(() => tf.mul(warp(hatAverage(dy as tf.Tensor4D, Math.sqrt(Math.abs(det))), inverse, [size, size]), 1 / Math.abs(det))),
  }))
  return tf.tidy(() => tf.squeeze(warped(tf.expandDims(image, 0) as tf.Tensor4D), [0]) as tf.Tensor3D)
}

/** `t` [1, h, w, c] averaged with a normalised hat of half-width 1/k pixels per axis; itself for k ≥ 1. */
function hatAverage(t: tf.Tensor4D, k: number): tf.Tensor4D {
  if (k >= 1) return t
  const reach = Math.ceil(1 / k) - 1
  const weights = Array.from({ length: 2 * reach + 1 }, (_, i) => Math.max(0, 1 - Math.abs(i - reach) * k))
  const total = weights.reduce((a, b) => a + b, 0)
  const taps = weights.length
  const channels = t.shape[3]
  const kernel = new Float32Array(taps * taps * channels)
  for (let y = 0; y < taps; y++) for (let x = 0; x < taps; x++) kernel.fill((weights[y] * weights[x]) / (total * total), (y * taps + x) * channels, (y * taps + x + 1) * channels)
  return tf.depthwiseConv2d(t, tf.tensor4d(kernel, [taps, taps, channels, 1]), 1, 'same')
}
