import { createPlanes, fromPlanes, hash3, toPlanes, type BuiltinReference, type ImageF32 } from '../../reference'

/**
 * 1D DFT of every row (axis 'x') or column ('y') of complex planes (re, im; 3 channels each):
 * out(k) = Σ_j z(j)·exp(sign·2πi·kj/n), twiddles from a float64 table indexed by kj mod n.
 */
function dft1d(re: Float64Array, im: Float64Array, width: number, height: number, axis: 'x' | 'y', sign: 1 | -1) {
  const n = axis === 'x' ? width : height
  const cos = Float64Array.from({ length: n }, (_, m) => Math.cos((2 * Math.PI * m) / n))
  const sin = Float64Array.from({ length: n }, (_, m) => sign * Math.sin((2 * Math.PI * m) / n))
  const outRe = new Float64Array(re.length)
  const outIm = new Float64Array(im.length)
  const lines = axis === 'x' ? height : width
  const stride = axis === 'x' ? 3 : width * 3
  for (let line = 0; line < lines; line++) {
    for (let c = 0; c < 3; c++) {
      const base = (axis === 'x' ? line * width * 3 : line * 3) + c
      for (let k = 0; k < n; k++) {
        let sr = 0
        let si = 0
        for (let j = 0, i = base; j < n; j++, i += stride) {
          const m = (k * j) % n
          sr += re[i] * cos[m] - im[i] * sin[m]
          si += re[i] * sin[m] + im[i] * cos[m]
        }
        outRe[base + k * stride] = sr
        outIm[base + k * stride] = si
      }
    }
  }
  return { re: outRe, im: outIm }
}

/**
 * model-vs-human phase noise: FFT, add width·r (r uniform in [−1, 1)) to every bin's phase, with
 * the noise odd-symmetric (r(−u,−v) = −r(u,v), zero on self-conjugate bins) so the result is real,
 * the same noise for all channels, inverse FFT, real part. r hashes the canonical (row-major
 * first) bin of each conjugate pair, like the effect.
 */
function phaseNoise(img: ImageF32, p: { width: number; seed: number }): ImageF32 {
  const { width: w, height: h } = img
  const seed = Math.round(p.seed)
  const x = toPlanes(img)
  const rows = dft1d(x.data, new Float64Array(x.data.length), w, h, 'x', -1)
  const spectrum = dft1d(rows.re, rows.im, w, h, 'y', -1)
  for (let v = 0; v < h; v++) {
    for (let u = 0; u < w; u++) {
      const mu = (w - u) % w
      const mv = (h - v) % h
      if (mu === u && mv === v) continue
      const canonical = v < mv || (v === mv && u < mu)
      const r = 2 * hash3(canonical ? u : mu, canonical ? v : mv, seed)[0] - 1
      const phi = p.width * (canonical ? r : -r)
      const [c, s] = [Math.cos(phi), Math.sin(phi)]
      for (let k = 0; k < 3; k++) {
        const i = (v * w + u) * 3 + k
        const [re, im] = [spectrum.re[i], spectrum.im[i]]
        spectrum.re[i] = re * c - im * s
        spectrum.im[i] = re * s + im * c
      }
    }
  }
  const cols = dft1d(spectrum.re, spectrum.im, w, h, 'y', 1)
  const back = dft1d(cols.re, cols.im, w, h, 'x', 1)
  const out = createPlanes(w, h)
  for (let i = 0; i < out.data.length; i++) out.data[i] = back.re[i] / (w * h)
  return fromPlanes(out)
}

export const reference: BuiltinReference = {
  id: 'phase-noise',
  // A float32 mixed-radix FFT round trip (glsl/fft.ts) with |F(0,0)| up to ~5e4 before the 1/(W·H) scaling
  // (measured mean ≤ 1.8e-5, max ≤ 8.2e-5 here and at the sizes of phaseNoise.browser.test.ts).
  tolerance: { mean: 5e-5, max: 3e-4 },
  compute: (img, p) => phaseNoise(img, { width: p.width, seed: p.seed }),
}
