import { createImage, fromPlanes, toPlanes, type BuiltinReference, type ImageF32 } from '../../reference'
import { jpegQuantTables, qualityOf } from '.'
import { jpegRoundTrip } from './libjpeg'

// ITU-T T.81 Annex K tables, row-major by (v, u).
const LUMA = [
  [16, 11, 10, 16, 24, 40, 51, 61],
  [12, 12, 14, 19, 26, 58, 60, 55],
  [14, 13, 16, 24, 40, 57, 69, 56],
  [14, 17, 22, 29, 51, 87, 80, 62],
  [18, 22, 37, 56, 68, 109, 103, 77],
  [24, 35, 55, 64, 81, 104, 113, 92],
  [49, 64, 78, 87, 103, 121, 120, 101],
  [72, 92, 95, 98, 112, 100, 103, 99],
].flat()
const CHROMA = [
  [17, 18, 24, 47, 99, 99, 99, 99],
  [18, 21, 26, 66, 99, 99, 99, 99],
  [24, 26, 56, 99, 99, 99, 99, 99],
  [47, 66, 99, 99, 99, 99, 99, 99],
  ...Array.from({ length: 4 }, () => Array<number>(8).fill(99)),
].flat()

/** libjpeg: quality → scale (integer arithmetic), steps clamped to 1..255 (baseline). */
function quantTable(base: number[], quality: number): number[] {
  const scale = quality < 50 ? Math.trunc(5000 / quality) : 200 - quality * 2
  return base.map((q) => Math.min(255, Math.max(1, Math.trunc((q * scale + 50) / 100))))
}

const KR = 0.299
const KB = 0.114
const KG = 1 - KR - KB
const C = (k: number) => (k === 0 ? Math.SQRT1_2 : 1)
const basis = (k: number, n: number) => (C(k) / 2) * Math.cos(((2 * n + 1) * k * Math.PI) / 16)

/**
 * JPEG without entropy coding, subsampling or 8-bit sample rounding: JFIF YCbCr (Y level-shifted
 * by 128, 0..255 units), orthonormal 8×8 DCT, quantise (round half away from zero) with the
 * quality-scaled tables, dequantise, inverse DCT, RGB. Quality = round(100 − 99·compression);
 * compression 0 skips quantisation. Blocks cut by the image edge are left unchanged.
 */
function jpeg(img: ImageF32, p: { compression: number }): ImageF32 {
  const quality = Math.min(100, Math.max(1, Math.round(100 - 99 * p.compression)))
  const tables = [quantTable(LUMA, quality), quantTable(CHROMA, quality), quantTable(CHROMA, quality)]
  const src = toPlanes(img)
  const out = toPlanes(img)
  const { width: w, height: h } = img
  const block = [0, 1, 2].map(() => new Float64Array(64))
  for (let by = 0; by + 8 <= h; by += 8) {
    for (let bx = 0; bx + 8 <= w; bx += 8) {
      for (let j = 0; j < 8; j++) {
        for (let i = 0; i < 8; i++) {
          const o = ((by + j) * w + bx + i) * 3
          const [r, g, b] = [src.data[o], src.data[o + 1], src.data[o + 2]]
          const y = KR * r + KG * g + KB * b
          block[0][j * 8 + i] = 255 * y - 128
          block[1][j * 8 + i] = (255 * (b - y)) / (2 * (1 - KB))
          block[2][j * 8 + i] = (255 * (r - y)) / (2 * (1 - KR))
        }
      }
      const samples = block.map((f, c) => {
        const coeff = new Float64Array(64)
        for (let v = 0; v < 8; v++) {
          for (let u = 0; u < 8; u++) {
            let s = 0
            for (let j = 0; j < 8; j++) for (let i = 0; i < 8; i++) s += f[j * 8 + i] * basis(u, i) * basis(v, j)
            const q = tables[c][v * 8 + u]
            coeff[v * 8 + u] = p.compression > 0 ? Math.sign(s) * Math.floor(Math.abs(s) / q + 0.5) * q : s
          }
        }
        const back = new Float64Array(64)
        for (let j = 0; j < 8; j++) {
          for (let i = 0; i < 8; i++) {
            let s = 0
            for (let v = 0; v < 8; v++) for (let u = 0; u < 8; u++) s += coeff[v * 8 + u] * basis(u, i) * basis(v, j)
            back[j * 8 + i] = s
          }
        }
        return back
      })
      for (let k = 0; k < 64; k++) {
        const y = (samples[0][k] + 128) / 255
        const cb = samples[1][k] / 255
        const cr = samples[2][k] / 255
        const r = y + 2 * (1 - KR) * cr
        const b = y + 2 * (1 - KB) * cb
        const o = ((by + (k >> 3)) * w + bx + (k & 7)) * 3
        out.data[o] = r
        out.data[o + 1] = (y - KR * r - KB * b) / KG
        out.data[o + 2] = b
      }
    }
  }
  return fromPlanes(out)
}

/** The ImageNet-C mode: 8-bit RGB (rounded, as the shader reads it) through libjpeg's round trip. */
function libjpeg(img: ImageF32, quality: number): ImageF32 {
  const bytes = new Uint8Array(img.width * img.height * 3)
  for (let i = 0; i < img.width * img.height; i++)
    for (let c = 0; c < 3; c++) bytes[i * 3 + c] = Math.floor(Math.fround(Math.min(1, Math.max(0, img.data[i * 4 + c])) * 255) + 0.5)
  const decoded = jpegRoundTrip(bytes, img.width, img.height, jpegQuantTables(quality))
  const out = createImage(img.width, img.height)
  for (let i = 0; i < img.width * img.height; i++) {
    for (let c = 0; c < 3; c++) out.data[i * 4 + c] = decoded[i * 3 + c] / 255
    out.data[i * 4 + 3] = 1
  }
  return out
}

export const reference: BuiltinReference = {
  id: 'jpeg',
  // 64-tap float32 DCT/IDCT (measured max 5e-7); holds while no coefficient lies within float32 error of a
  // quantisation boundary — one that did would flip a whole step (up to q/4 of 255 per pixel of its block).
  // The ImageNet-C mode is integer arithmetic on both sides: exact.
  tolerance: { mean: 1e-6, max: 1e-5 },
  compute: (img, p) => {
    const params = { compression: p.compression, severity: p.severity ?? 0 }
    return params.severity > 0 ? libjpeg(img, qualityOf(params)) : jpeg(img, params)
  },
}
