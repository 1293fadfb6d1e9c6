import * as tf from '@tensorflow/tfjs'

/*
 * Differentiable resizing from matMuls only. Why not tf.image.resizeBilinear: in TF.js 4.22 its
 * gradient ignores `halfPixelCenters` (it is the gradient of a different resize), which would make
 * attacks on frames of another size than the model's input follow a wrong gradient. Linear
 * interpolation along one axis is a small matrix, so a resize is two matMuls: the same values as
 * resizeBilinear(halfPixelCenters) and exact gradients on every backend.
 */

/**
 * [outSize, inSize] linear-interpolation weights: output sample u reads the input at continuous
 * position `sourceOf(u)`, in pixel-index units (input pixel x has its centre at x). Positions
 * outside the input are clamped to the edge (`'clamp'`) or read as 0 (`'zero'`).
 */
export function interpolationMatrix(outSize: number, inSize: number, sourceOf: (u: number) => number, edge: 'clamp' | 'zero'): Float32Array {
  const m = new Float32Array(outSize * inSize)
  for (let u = 0; u < outSize; u++) {
    let position = sourceOf(u)
    if (edge === 'clamp') position = Math.min(inSize - 1, Math.max(0, position))
    const x0 = Math.floor(position)
    const f = position - x0
    if (x0 >= 0 && x0 < inSize) m[u * inSize + x0] += 1 - f
    if (f > 0 && x0 + 1 >= 0 && x0 + 1 < inSize) m[u * inSize + x0 + 1] += f
  }
  return m
}

/** Half-pixel-centre resize weights (TF's `halfPixelCenters`, OpenCV, three.js sampling). */
export function resizeMatrix(outSize: number, inSize: number): Float32Array {
  return interpolationMatrix(outSize, inSize, (u) => ((u + 0.5) * inSize) / outSize - 0.5, 'clamp')
}

/** out = Ry · image · Rxᵀ per channel: image [h, w, c], ry [H, h], rx [W, w] → [H, W, c]. */
export function resampleSeparable(image: tf.Tensor3D, ry: tf.Tensor2D, rx: tf.Tensor2D): tf.Tensor3D {
  return tf.tidy(() => {
    const [h, w, c] = image.shape
    const outH = ry.shape[0]
    const outW = rx.shape[0]
    const rows = tf.matMul(ry, tf.reshape(image, [h, w * c])) // [H, w·c]
    const columnsFirst = tf.reshape(tf.transpose(tf.reshape(rows, [outH, w, c]), [1, 0, 2]), [w, outH * c])
    const both = tf.matMul(rx, columnsFirst) // [W, H·c]
    return tf.transpose(tf.reshape(both, [outW, outH, c]), [1, 0, 2]) as tf.Tensor3D
  })
}
