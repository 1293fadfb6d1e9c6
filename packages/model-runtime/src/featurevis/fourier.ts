import * as tf from '@tensorflow/tfjs'

/**
 * Lucid's Fourier image parameterisation (`lucid/optvis/param/spatial.py`, `fft_image`) without an
 * FFT: TF.js has no gradient for its FFT kernels, so the inverse real 2-D DFT is written as two
 * matMuls with precomputed cosine/sine matrices (exact, differentiable on every backend; ~20 M
 * multiply-adds at 128², small next to the network).
 *
 * The free variable is the half spectrum (real and imaginary parts, [2h, 3·(w/2+1)]) of each
 * channel. Each frequency is scaled by 1 / max(|f|, 1/max(h, w))^decay, so all frequencies move at
 * a similar rate ("spatially decorrelated": the gradient is spread evenly over frequencies) and the
 * transform is unitary (1/√(hw)), as in Lucid; the image is then divided by 4, as in Lucid.
 */
export class FourierBasis {
  readonly height: number
  readonly width: number
  /** Columns of the half spectrum: ⌊w/2⌋ + 1. */
  readonly bins: number
  /** [[Cy, −Sy], [Sy, Cy]]: [2h, 2h], maps (Re, Im) along y. */
  private readonly rowsMatrix: tf.Tensor2D
  /** [[Cx], [−Sx]] with the Hermitian weights, 1/√(hw) and Lucid's final ÷4: [2·bins, w]. */
  private readonly columnsMatrix: tf.Tensor2D
  /** Per-frequency scale, laid out like the spectrum variable: [2h, 3·bins]. */
  readonly scale: tf.Tensor2D

  constructor(height: number, width: number, decayPower = 1) {
    this.height = height
    this.width = width
    const bins = Math.floor(width / 2) + 1
    this.bins = bins
    const rows = new Float32Array(4 * height * height)
    for (let y = 0; y < height; y++)
      for (let k = 0; k < height; k++) {
        const angle = (2 * Math.PI * k * y) / height
        const c = Math.cos(angle)
        const s = Math.sin(angle)
        const n = 2 * height
        rows[y * n + k] = c
        rows[y * n + height + k] = -s
        rows[(height + y) * n + k] = s
        rows[(height + y) * n + height + k] = c
      }
    const norm = 1 / Math.sqrt(height * width) / 4
    const columns = new Float32Array(2 * bins * width)
    for (let k = 0; k < bins; k++) {
      // irfft counts each bin twice (itself and its conjugate), except DC and the even Nyquist bin
      const weight = k === 0 || (width % 2 === 0 && k === width / 2) ? 1 : 2
      for (let x = 0; x < width; x++) {
        const angle = (2 * Math.PI * k * x) / width
        columns[k * width + x] = weight * norm * Math.cos(angle)
        columns[(bins + k) * width + x] = -weight * norm * Math.sin(angle)
      }
    }
    const scale = new Float32Array(2 * height * 3 * bins)
    for (let part = 0; part < 2; part++)
      for (let ky = 0; ky < height; ky++) {
        const fy = (ky <= height / 2 ? ky : ky - height) / height // np.fft.fftfreq
        for (let c = 0; c < 3; c++)
          for (let kx = 0; kx < bins; kx++) {
            const f = Math.hypot(fy, kx / width)
            scale[(part * height + ky) * 3 * bins + c * bins + kx] = 1 / Math.pow(Math.max(f, 1 / Math.max(height, width)), decayPower)
          }
      }
    this.rowsMatrix = tf.tensor2d(rows, [2 * height, 2 * height])
    this.columnsMatrix = tf.tensor2d(columns, [2 * bins, width])
    this.scale = tf.tensor2d(scale, [2 * height, 3 * bins])
  }

  /** Shape of the spectrum variable: [Re; Im] stacked along rows, channels × bins along columns. */
  get spectrumShape(): [number, number] {
    return [2 * this.height, 3 * this.bins]
  }

  /** Spectrum [2h, 3·bins] → image [h, w, 3] (before colour mapping): Re(IDFT₂(scale ⊙ spectrum)) / 4. */
  toImage(spectrum: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() => {
      const { height: h, width: w, bins } = this
      // (P; Q) = [[Cy, −Sy], [Sy, Cy]]·(A; B): P = Cy·A − Sy·B, Q = Sy·A + Cy·B
      const pq = tf.matMul(this.rowsMatrix, tf.mul(spectrum, this.scale)) // [2h, 3·bins]
      const p = tf.reshape(tf.slice(pq, [0, 0], [h, 3 * bins]), [h * 3, bins])
      const q = tf.reshape(tf.slice(pq, [h, 0], [h, 3 * bins]), [h * 3, bins])
      // image = P·Cx − Q·Sx, for every (row, channel)
      const image = tf.matMul(tf.concat([p, q], 1), this.columnsMatrix) // [h·3, w]
      return tf.transpose(tf.reshape(image, [h, 3, w]), [0, 2, 1]) as tf.Tensor3D
    })
  }

  dispose() {
    tf.dispose([this.rowsMatrix, this.columnsMatrix, this.scale])
  }
}
