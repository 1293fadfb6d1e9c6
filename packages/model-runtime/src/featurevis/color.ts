import * as tf from '@tensorflow/tfjs'

/**
 * Square root of ImageNet's RGB colour correlation (its SVD factor), from Lucid
 * (`lucid/optvis/param/color.py`, `color_correlation_svd_sqrt`), normalised by its largest column
 * norm as Lucid does. Optimising in this basis decorrelates the colour channels, so gradient steps
 * move along natural colour directions instead of saturating single channels.
 */
export const colorCorrelationSvdSqrt: readonly (readonly [number, number, number])[] = [
  [0.26, 0.09, 0.02],
  [0.27, 0.0, -0.05],
  [0.27, -0.09, 0.03],
]

const maxColumnNorm = Math.max(
  ...[0, 1, 2].map((column) => Math.hypot(...colorCorrelationSvdSqrt.map((row) => row[column]))),
)

/** The normalised matrix, row-major: rgb = M · decorrelated. */
export const colorCorrelationNormalized: readonly (readonly [number, number, number])[] = colorCorrelationSvdSqrt.map(
  (row) => row.map((v) => v / maxColumnNorm) as unknown as readonly [number, number, number],
)

/** The normalised matrix's transpose [3, 3], as {@link correlateColors} takes it (caller disposes). */
export function colorMatrixTransposed(): tf.Tensor2D {
  return tf.tidy(() => tf.transpose(tf.tensor2d(colorCorrelationNormalized.map((row) => [...row]), [3, 3])))
}

/**
 * Decorrelated colour [h, w, 3] → correlated RGB-space values (before the sigmoid), like Lucid's
 * `_linear_decorelate_color`. Pass `transposed` ({@link colorMatrixTransposed}) to reuse one
 * matrix tensor across calls instead of uploading it each time.
 */
export function correlateColors(t: tf.Tensor3D, transposed?: tf.Tensor2D): tf.Tensor3D {
  return tf.tidy(() => {
    const [h, w] = t.shape
    return tf.reshape(tf.matMul(tf.reshape(t, [h * w, 3]), transposed ?? colorMatrixTransposed()), [h, w, 3]) as tf.Tensor3D
  })
}
