import { gaussianBlur2d } from './blur'
import { luminance, shiftHue } from './color'
import { createPlanes, fromPlanes, mapPlanes, toPlanes, type ImageF32, type Planes } from './image'
import { hash3 } from './noise'

type RGB = [number, number, number]
const mix = (a: number, b: number, t: number) => a + (b - a) * t
const gray = (p: Planes, amount: number) => mapPlanes(p, (c) => c.map((v) => mix(v, luminance(...c), amount)) as RGB)

/** low = G_cutoff * x, high = x − low; blur, hue and fade each band; sum. (See the effect's doc.) */
export function frequencyDecomposition(
  img: ImageF32,
  p: { cutoff: number; lowAlpha: number; highAlpha: number; lowSigma: number; highSigma: number; lowHue: number; highHue: number },
): ImageF32 {
  const x = toPlanes(img)
  const low = gaussianBlur2d(x, p.cutoff)
  const high = mapPlanes(x, (c, px, py) => {
    const i = (py * x.width + px) * 3
    return [c[0] - low.data[i], c[1] - low.data[i + 1], c[2] - low.data[i + 2]]
  })
  const lowBand = mapPlanes(gaussianBlur2d(low, p.lowSigma), (c) => shiftHue(...c, p.lowHue).map((v) => mix(0.5, v, p.lowAlpha)) as RGB)
  const highBand = mapPlanes(gaussianBlur2d(high, p.highSigma), (c) => {
    // hue of the signed band as an offset from mid-gray
    const shifted = shiftHue(c[0] + 0.5, c[1] + 0.5, c[2] + 0.5, p.highHue)
    return shifted.map((v) => (v - 0.5) * p.highAlpha) as RGB
  })
  return fromPlanes(mapPlanes(lowBand, (c, px, py) => c.map((v, k) => v + highBand.data[(py * x.width + px) * 3 + k]) as RGB))
}

/** model-vs-human low-pass: grayscale (mixed in by `grayscale`) first, then the Gaussian. */
export const lowPass = (img: ImageF32, p: { sigma: number; grayscale: number }) => fromPlanes(gaussianBlur2d(gray(toPlanes(img), p.grayscale), p.sigma))

/** model-vs-human high-pass: x − G_σ * x + 0.5 of the (grayscaled) image; σ = 0 passes x through. */
export function highPass(img: ImageF32, p: { sigma: number; grayscale: number }): ImageF32 {
  const x = gray(toPlanes(img), p.grayscale)
  if (!(p.sigma > 0)) return fromPlanes(x)
  const blurred = gaussianBlur2d(x, p.sigma)
  return fromPlanes(mapPlanes(x, (c, px, py) => c.map((v, k) => v - blurred.data[(py * x.width + px) * 3 + k] + 0.5) as RGB))
}

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
export function phaseNoise(img: ImageF32, p: { width: number; seed: number }): ImageF32 {
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
