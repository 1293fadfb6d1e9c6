import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, test } from 'vitest'
import { colorCorrelationNormalized, correlateColors } from './color'
import { FourierBasis } from './fourier'
import { interpolationMatrix, resampleSeparable, resizeMatrix } from './resample'
import { affineWarp, drawTransform, lucidTransforms, transformedView, type Affine } from './transforms'
import { seededRandom } from './random'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const image = (h: number, w: number, f: (y: number, x: number, c: number) => number) =>
  tf.tensor3d(Float32Array.from({ length: h * w * 3 }, (_, i) => f(Math.floor(i / (w * 3)), Math.floor(i / 3) % w, i % 3)), [h, w, 3])

describe('separable resampling', () => {
  test('a resize matrix reproduces tf.image.resizeBilinear with half-pixel centres (up and down)', () => {
    for (const [h, w, outH, outW] of [[7, 5, 16, 12], [16, 12, 5, 7]]) {
      const x = image(h, w, (y, xx, c) => Math.sin(y * 1.3 + xx * 0.7 + c))
      const ours = resampleSeparable(x, tf.tensor2d(resizeMatrix(outH, h), [outH, h]), tf.tensor2d(resizeMatrix(outW, w), [outW, w]))
      const theirs = tf.image.resizeBilinear(x, [outH, outW], false, true)
      expect(ours.shape).toEqual([outH, outW, 3])
      expect(tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0]).toBeLessThan(1e-5)
    }
  })

  test('its gradient is the exact adjoint Ryᵀ·G·Rx (unlike resizeBilinear’s in TF.js 4.22)', () => {
    const ry = resizeMatrix(6, 4)
    const rx = resizeMatrix(5, 3)
    const weights = image(6, 5, (y, x, c) => (y * 5 + x) * 0.1 - c)
    const gradient = tf
      .grad((x: tf.Tensor) => tf.sum(tf.mul(resampleSeparable(x as tf.Tensor3D, tf.tensor2d(ry, [6, 4]), tf.tensor2d(rx, [5, 3])), weights)))(tf.zeros([4, 3, 3]))
      .arraySync() as number[][][]
    const g = weights.arraySync() as number[][][]
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 3; j++)
        for (let c = 0; c < 3; c++) {
          let expected = 0
          for (let u = 0; u < 6; u++) for (let v = 0; v < 5; v++) expected += ry[u * 4 + i] * rx[v * 3 + j] * g[u][v][c]
          expect(gradient[i][j][c]).toBeCloseTo(expected, 5)
        }
  })

  test('interpolation weights: clamped edges sum to 1, zero fill drops what falls outside', () => {
    const clamp = interpolationMatrix(3, 4, (u) => u * 2.5 - 1.25, 'clamp')
    expect(Array.from(clamp)).toEqual([1, 0, 0, 0, 0, 0.75, 0.25, 0, 0, 0, 0, 1])
    const zero = interpolationMatrix(2, 4, (u) => u * 4 - 0.5, 'zero')
    expect(Array.from(zero)).toEqual([0.5, 0, 0, 0, 0, 0, 0, 0.5])
  })
})

describe('affine warp', () => {
  test('the identity map at the same size returns the image', () => {
    const x = image(6, 6, (y, xx, c) => y + 10 * xx + 100 * c)
    const out = affineWarp(x, [6, 6], [1, 0, 0, 1], [0, 0])
    expect(Array.from(out.dataSync())).toEqual(Array.from(x.dataSync()))
  })

  test('rotates, scales and shifts a linear ramp exactly in the interior, into another size', () => {
    const n = 33
    const centre = (n - 1) / 2
    // channel 0: x, channel 1: y, both from the image centre; channel 2: 1
    const ramp = image(n, n, (y, x, c) => (c === 0 ? x - centre : c === 1 ? y - centre : 1))
    const angle = (10 * Math.PI) / 180
    const k = 1.2
    const matrix: Affine = [Math.cos(angle) * k, Math.sin(angle) * k, -Math.sin(angle) * k, Math.cos(angle) * k]
    const offset: [number, number] = [1.5, -2.25]
    const [height, width] = [24, 20]
    const out = affineWarp(ramp, [height, width], matrix, offset).arraySync() as number[][][]
    let checked = 0
    for (let v = 0; v < height; v++)
      for (let u = 0; u < width; u++) {
        const ou = u + 0.5 - width / 2
        const ov = v + 0.5 - height / 2
        const qx = matrix[0] * ou + matrix[1] * ov + offset[0]
        const qy = matrix[2] * ou + matrix[3] * ov + offset[1]
        if (Math.max(Math.abs(qx), Math.abs(qy)) > centre - 2) continue
        expect(out[v][u][0]).toBeCloseTo(qx, 4)
        expect(out[v][u][1]).toBeCloseTo(qy, 4)
        expect(out[v][u][2]).toBeCloseTo(1, 5)
        checked++
      }
    expect(checked).toBeGreaterThan(200)
  })

  test('reads 0 outside the image; a pixel-aligned shift has the exact adjoint as its gradient', () => {
    const ones = tf.ones([8, 8, 3]) as tf.Tensor3D
    const far = affineWarp(ones, [4, 4], [1, 0, 0, 1], [20, 0])
    expect(tf.max(tf.abs(far)).dataSync()[0]).toBe(0)
    const gradient = tf.grad((x: tf.Tensor) => tf.sum(affineWarp(x as tf.Tensor3D, [8, 8], [1, 0, 0, 1], [0.5, 0])))(ones).arraySync() as number[][][]
    // output u reads x = u + ½: image column 0 feeds one output with ½, the others two with ½ each
    for (const row of gradient) expect(row.map((p) => p[0])).toEqual([0.5, 1, 1, 1, 1, 1, 1, 1])
  })

  test('for a rotation and scale its gradient is close to the true adjoint (⟨Wx, y⟩ ≈ ⟨x, ∇⟩)', () => {
    const n = 48
    const x = image(n, n, (y, xx, c) => Math.sin(y * 0.3 + c) * Math.cos(xx * 0.2))
    const weights = image(40, 40, (y, xx, c) => Math.cos(y * 0.25 - c) + Math.sin(xx * 0.15))
    const angle = (8 * Math.PI) / 180
    const k = 1.25
    const matrix: Affine = [Math.cos(angle) * k, Math.sin(angle) * k, -Math.sin(angle) * k, Math.cos(angle) * k]
    const f = (t: tf.Tensor) => tf.sum(tf.mul(affineWarp(t as tf.Tensor3D, [40, 40], matrix, [1, -2]), weights))
    const value = f(x).dataSync()[0]
    // f is linear in x, so with the true adjoint ⟨x, ∇f⟩ = f(x) exactly
    const dual = tf.sum(tf.mul(x, tf.grad(f)(x))).dataSync()[0]
    expect(Math.abs(dual - value)).toBeLessThan(0.03 * Math.abs(value) + 1)
    expect(Math.abs(value)).toBeGreaterThan(20)
  })
  test('its gradient follows the exact adjoint for noisy gradients too, enlarging or shrinking', () => {
    const n = 12
    const out: [number, number] = [20, 20]
    for (const k of [0.4, 0.7, 1.25]) {
      const angle = (7 * Math.PI) / 180
      const matrix: Affine = [Math.cos(angle) * k, Math.sin(angle) * k, -Math.sin(angle) * k, Math.cos(angle) * k]
      const offset: [number, number] = [0.3, -0.6]
      // the exact adjoint Wᵀy, column by column of W (one unit image per pixel)
      const y = tf.randomNormal([out[0], out[1], 1], 0, 1, 'float32', 11) as tf.Tensor3D
      const exact = new Float32Array(n * n)
      for (let p = 0; p < n * n; p++) {
        exact[p] = tf.tidy(() => tf.sum(tf.mul(affineWarp(tf.reshape(tf.oneHot([p], n * n).toFloat(), [n, n, 1]) as tf.Tensor3D, out, matrix, offset), y)).dataSync()[0])
      }
      const ours = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(affineWarp(x as tf.Tensor3D, out, matrix, offset), y)))(tf.zeros([n, n, 1])).dataSync()
      let dot = 0
      let a = 0
      let b = 0
      for (let i = 0; i < n * n; i++) (dot += ours[i] * exact[i]), (a += ours[i] ** 2), (b += exact[i] ** 2)
      // measured cos 0.97–0.98, norm 0.82–0.87 of the exact one; sampled without the hat, k = 0.4 gave cos 0.61, norm 2.9
      expect(dot / Math.sqrt(a * b)).toBeGreaterThan(0.9)
      expect(Math.sqrt(a / b)).toBeGreaterThan(0.7)
      expect(Math.sqrt(a / b)).toBeLessThan(1.3)
    }
  })
})

describe('transformation robustness', () => {
  test('without a draw the view is a plain resize; with one, outside the image is 0.5 gray', () => {
    const white = tf.ones([16, 16, 3]) as tf.Tensor3D
    const plain = transformedView(white, [24, 24], null, null)
    expect(plain.shape).toEqual([1, 24, 24, 3])
    expect(tf.min(plain).dataSync()[0]).toBeCloseTo(1, 6)
    const draw = { scale: 1, angle: 0, shift: [0, 0] as [number, number] }
    const padded = transformedView(white, [24, 24], lucidTransforms, draw).arraySync()[0]
    // the view spans 16 + 2·1.5 − 1.5 = 17.5 px (pad 12, crops 8 + 4 at 128 px, scaled to 16)
    expect(padded[0][0][0]).toBeCloseTo(0.5, 6)
    expect(padded[12][12][1]).toBeCloseTo(1, 6)
  })

  test('draws are seeded and within Lucid’s ranges', () => {
    const draws = (seed: number, count: number) => {
      const random = seededRandom(seed)
      return Array.from({ length: count }, () => drawTransform(random, lucidTransforms, 128))
    }
    expect(draws(5, 50)).toEqual(draws(5, 50))
    expect(draws(5, 50)).not.toEqual(draws(6, 50))
    for (const d of draws(9, 500)) {
      expect(d.scale).toBeGreaterThanOrEqual(0.9 - 1e-12)
      expect(d.scale).toBeLessThanOrEqual(1.1 + 1e-12)
      expect(Math.abs(d.angle)).toBeLessThanOrEqual((10 * Math.PI) / 180 + 1e-12)
      for (const s of d.shift) expect(Math.abs(s)).toBeLessThanOrEqual(6)
    }
    expect(new Set(draws(9, 500).map((d) => d.scale)).size).toBe(11)
  })
})

describe('Fourier basis', () => {
  /** numpy's irfft2 (complex ifft over rows, then irfft over columns), on a half spectrum. */
  function irfft2(re: number[][], im: number[][], h: number, w: number): number[][] {
    const bins = Math.floor(w / 2) + 1
    const out = Array.from({ length: h }, () => new Array<number>(w).fill(0))
    for (let y = 0; y < h; y++) {
      const zr = new Array<number>(bins).fill(0)
      const zi = new Array<number>(bins).fill(0)
      for (let k = 0; k < bins; k++)
        for (let ky = 0; ky < h; ky++) {
          const a = (2 * Math.PI * ky * y) / h
          zr[k] += (re[ky][k] * Math.cos(a) - im[ky][k] * Math.sin(a)) / h
          zi[k] += (re[ky][k] * Math.sin(a) + im[ky][k] * Math.cos(a)) / h
        }
      for (let x = 0; x < w; x++) {
        let v = 0
        for (let k = 0; k < bins; k++) {
          const weight = k === 0 || (w % 2 === 0 && k === w / 2) ? 1 : 2
          const a = (2 * Math.PI * k * x) / w
          v += weight * (zr[k] * Math.cos(a) - zi[k] * Math.sin(a))
        }
        out[y][x] = v / w
      }
    }
    return out
  }

  test('equals Lucid’s fft_image: irfft2(spectrum · scale · √(hw)) / 4, for even and odd sizes', () => {
    for (const [h, w] of [[8, 8], [6, 5]]) {
      const basis = new FourierBasis(h, w)
      const [rows, columns] = basis.spectrumShape
      const spectrum = tf.randomUniform([rows, columns], -0.5, 0.5, 'float32', h * 31 + w) as tf.Tensor2D
      const image = basis.toImage(spectrum).arraySync() as number[][][]
      const s = spectrum.arraySync() as number[][]
      const scale = basis.scale.arraySync() as number[][]
      for (let c = 0; c < 3; c++) {
        const part = (offset: number) =>
          Array.from({ length: h }, (_, ky) => Array.from({ length: basis.bins }, (_, kx) => s[offset + ky][c * basis.bins + kx] * scale[offset + ky][c * basis.bins + kx] * Math.sqrt(h * w)))
        const expected = irfft2(part(0), part(h), h, w)
        for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) expect(image[y][x][c]).toBeCloseTo(expected[y][x] / 4, 4)
      }
      basis.dispose()
    }
  })

  test('1/f scaling: DC and the lowest frequencies get max(h, w), frequency (0, 2) half of that', () => {
    const basis = new FourierBasis(8, 8)
    const scale = basis.scale.arraySync() as number[][]
    expect(scale[0][0]).toBeCloseTo(8, 5)
    expect(scale[0][1]).toBeCloseTo(8, 5) // |f| = 1/8
    expect(scale[0][2]).toBeCloseTo(4, 5) // |f| = 2/8
    expect(scale[8 + 1][5 + 1]).toBeCloseTo(8 / Math.SQRT2, 4) // imaginary part, channel 1, |f| = √2/8
    basis.dispose()
  })
})

describe('colour decorrelation', () => {
  test('Lucid’s matrix normalised by its largest column norm', () => {
    const norms = [0, 1, 2].map((c) => Math.hypot(...colorCorrelationNormalized.map((row) => row[c])))
    expect(Math.max(...norms)).toBeCloseTo(1, 12)
    expect(colorCorrelationNormalized[0][0]).toBeCloseTo(0.26 / Math.hypot(0.26, 0.27, 0.27), 12)
    // rgb = M · t for every pixel
    const t = tf.tensor3d([1, 0, 0, 0, 2, -1], [1, 2, 3])
    const rgb = correlateColors(t).arraySync()[0]
    const m = colorCorrelationNormalized
    for (let r = 0; r < 3; r++) {
      expect(rgb[0][r]).toBeCloseTo(m[r][0], 6)
      expect(rgb[1][r]).toBeCloseTo(2 * m[r][1] - m[r][2], 6)
    }
  })
})
