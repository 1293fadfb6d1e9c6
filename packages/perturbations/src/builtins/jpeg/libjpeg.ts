/**
 * A CPU port of what Pillow's `save(JPEG, quality)` + `open` does through libjpeg-turbo with its
 * defaults, in libjpeg's own integer arithmetic: JFIF YCbCr (jccolor.c), 4:2:0 with h2v2
 * downsampling (jcsample.c: 2×2 sums + alternating bias 1, 2), the "islow" forward DCT
 * (jfdctint.c), quantisation with rounding (jcdctmgr.c), dequantisation and the islow inverse
 * DCT with its range limiting (jidctint.c), "fancy" triangle h2v2 upsampling (jdsample.c) and
 * YCbCr → RGB (jdcolor.c). Entropy coding is lossless and left out. The shader in `glsl.ts` does
 * the same arithmetic; this is its reference.
 */

// jfdctint.c / jidctint.c: 13-bit fixed point constants, two extra bits between the passes
export const CONST_BITS = 13
export const PASS1_BITS = 2
export const FIX = {
  f0_298631336: 2446,
  f0_390180644: 3196,
  f0_541196100: 4433,
  f0_765366865: 6270,
  f0_899976223: 7373,
  f1_175875602: 9633,
  f1_501321110: 12299,
  f1_847759065: 15137,
  f1_961570560: 16069,
  f2_053119869: 16819,
  f2_562915447: 20995,
  f3_072711026: 25172,
} as const

// Products stay below 2³¹ for 8-bit samples, as libjpeg's 32-bit INT32 arithmetic assumes.
const descale = (x: number, n: number) => (x + (1 << (n - 1))) >> n

/** jpeg_fdct_islow's 1D butterfly on d[o], d[o+s], …; `shift` distinguishes the row pass (left shift) from the column pass. */
function fdct1d(d: Int32Array, o: number, s: number, rows: boolean) {
  const v = (k: number) => d[o + k * s]
  const tmp0 = v(0) + v(7), tmp7 = v(0) - v(7)
  const tmp1 = v(1) + v(6), tmp6 = v(1) - v(6)
  const tmp2 = v(2) + v(5), tmp5 = v(2) - v(5)
  const tmp3 = v(3) + v(4), tmp4 = v(3) - v(4)
  const tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3
  const tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2
  const n = rows ? CONST_BITS - PASS1_BITS : CONST_BITS + PASS1_BITS
  d[o] = rows ? (tmp10 + tmp11) << PASS1_BITS : descale(tmp10 + tmp11, PASS1_BITS)
  d[o + 4 * s] = rows ? (tmp10 - tmp11) << PASS1_BITS : descale(tmp10 - tmp11, PASS1_BITS)
  let z1 = (tmp12 + tmp13) * FIX.f0_541196100
  d[o + 2 * s] = descale(z1 + tmp13 * FIX.f0_765366865, n)
  d[o + 6 * s] = descale(z1 - tmp12 * FIX.f1_847759065, n)
  z1 = tmp4 + tmp7
  let z2 = tmp5 + tmp6, z3 = tmp4 + tmp6, z4 = tmp5 + tmp7
  const z5 = (z3 + z4) * FIX.f1_175875602
  const t4 = tmp4 * FIX.f0_298631336, t5 = tmp5 * FIX.f2_053119869
  const t6 = tmp6 * FIX.f3_072711026, t7 = tmp7 * FIX.f1_501321110
  z1 *= -FIX.f0_899976223
  z2 *= -FIX.f2_562915447
  z3 = z3 * -FIX.f1_961570560 + z5
  z4 = z4 * -FIX.f0_390180644 + z5
  d[o + 7 * s] = descale(t4 + z1 + z3, n)
  d[o + 5 * s] = descale(t5 + z2 + z4, n)
  d[o + 3 * s] = descale(t6 + z2 + z3, n)
  d[o + 1 * s] = descale(t7 + z1 + z4, n)
}

/** jpeg_idct_islow's 1D butterfly: columns descale by CONST_BITS − PASS1_BITS, rows by CONST_BITS + PASS1_BITS + 3. */
function idct1d(d: Int32Array, o: number, s: number, n: number) {
  const v = (k: number) => d[o + k * s]
  let z2 = v(2), z3 = v(6)
  let z1 = (z2 + z3) * FIX.f0_541196100
  const tmp2e = z1 - z3 * FIX.f1_847759065
  const tmp3e = z1 + z2 * FIX.f0_765366865
  const tmp0e = (v(0) + v(4)) * (1 << CONST_BITS)
  const tmp1e = (v(0) - v(4)) * (1 << CONST_BITS)
  const tmp10 = tmp0e + tmp3e, tmp13 = tmp0e - tmp3e
  const tmp11 = tmp1e + tmp2e, tmp12 = tmp1e - tmp2e
  let tmp0 = v(7), tmp1 = v(5), tmp2 = v(3), tmp3 = v(1)
  z1 = tmp0 + tmp3
  z2 = tmp1 + tmp2
  z3 = tmp0 + tmp2
  let z4 = tmp1 + tmp3
  const z5 = (z3 + z4) * FIX.f1_175875602
  tmp0 *= FIX.f0_298631336
  tmp1 *= FIX.f2_053119869
  tmp2 *= FIX.f3_072711026
  tmp3 *= FIX.f1_501321110
  z1 *= -FIX.f0_899976223
  z2 *= -FIX.f2_562915447
  z3 = z3 * -FIX.f1_961570560 + z5
  z4 = z4 * -FIX.f0_390180644 + z5
  tmp0 += z1 + z3
  tmp1 += z2 + z4
  tmp2 += z2 + z3
  tmp3 += z1 + z4
  const out = [tmp10 + tmp3, tmp11 + tmp2, tmp12 + tmp1, tmp13 + tmp0, tmp13 - tmp0, tmp12 - tmp1, tmp11 - tmp2, tmp10 - tmp3]
  for (let k = 0; k < 8; k++) d[o + k * s] = descale(out[k], n)
}

/** The IDCT's range limit (jdmaster.c's table, indexed by the descaled value & 1023): clamp to 0..255 for |x| < 512, wrap beyond. */
export function rangeLimit(x: number): number {
  const i = x & 1023
  return i < 128 ? i + 128 : i < 512 ? 255 : i < 896 ? 0 : i - 896
}

/** Quantised coefficients of one 8×8 block of 8-bit samples (row-major by (v, u)), as jcdctmgr.c rounds them. */
export function forwardBlock(samples: ArrayLike<number>, table: ArrayLike<number>): Int32Array {
  const d = Int32Array.from(samples, (v) => v - 128)
  for (let r = 0; r < 8; r++) fdct1d(d, r * 8, 1, true)
  for (let c = 0; c < 8; c++) fdct1d(d, c, 8, false)
  // the DCT's output is 8× the true one: divide by 8q, rounding half away from zero
  return d.map((t, k) => {
    const q = table[k] * 8
    const a = Math.floor((Math.abs(t) + (q >> 1)) / q)
    return t < 0 ? -a : a
  })
}

/** 8-bit samples of one block from its quantised coefficients. */
export function inverseBlock(coefficients: ArrayLike<number>, table: ArrayLike<number>): Int32Array {
  const d = Int32Array.from(coefficients, (c, k) => c * table[k])
  for (let c = 0; c < 8; c++) idct1d(d, c, 8, CONST_BITS - PASS1_BITS)
  for (let r = 0; r < 8; r++) idct1d(d, r * 8, 1, CONST_BITS + PASS1_BITS + 3)
  return d.map(rangeLimit)
}

const SCALEBITS = 16
const ONE_HALF = 1 << (SCALEBITS - 1)
const fix16 = (x: number) => Math.floor(x * (1 << SCALEBITS) + 0.5)

/** jccolor.c's rgb_ycc_convert (CBCR_OFFSET + ONE_HALF − 1 makes the chroma rounding one short of half). */
export function rgbToYcc(r: number, g: number, b: number): [number, number, number] {
  const y = (fix16(0.299) * r + fix16(0.587) * g + fix16(0.114) * b + ONE_HALF) >> SCALEBITS
  const cb = (-fix16(0.16874) * r - fix16(0.33126) * g + fix16(0.5) * b + (128 << SCALEBITS) + ONE_HALF - 1) >> SCALEBITS
  const cr = (fix16(0.5) * r - fix16(0.41869) * g - fix16(0.08131) * b + (128 << SCALEBITS) + ONE_HALF - 1) >> SCALEBITS
  return [y, cb, cr]
}

const clamp255 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : v)

/** jdcolor.c's ycc_rgb_convert with its tables' rounding. */
export function yccToRgb(y: number, cb: number, cr: number): [number, number, number] {
  const crr = (fix16(1.402) * (cr - 128) + ONE_HALF) >> SCALEBITS
  const cbb = (fix16(1.772) * (cb - 128) + ONE_HALF) >> SCALEBITS
  const g = (-fix16(0.34414) * (cb - 128) + ONE_HALF - fix16(0.71414) * (cr - 128)) >> SCALEBITS
  return [clamp255(y + crr), clamp255(y + g), clamp255(y + cbb)]
}

/**
 * The whole round trip for an 8-bit RGB image (3 bytes per pixel, row 0 at the top).
 * `tables`: 64 luma then 64 chroma quantisation steps, row-major by (v, u).
 */
export function jpegRoundTrip(rgb: Uint8Array, width: number, height: number, tables: ArrayLike<number>): Uint8Array {
  const px = (x: number, y: number, c: number) => rgb[(Math.min(height - 1, Math.max(0, y)) * width + Math.min(width - 1, Math.max(0, x))) * 3 + c]
  const ycc = (x: number, y: number) => rgbToYcc(px(x, y, 0), px(x, y, 1), px(x, y, 2))
  const cw = Math.ceil(width / 2), chh = Math.ceil(height / 2)
  // component planes padded to whole blocks the way libjpeg pads them: columns by replicating the
  // input's last column (jcsample.c, before downsampling), rows by replicating the input's last row
  // up to an even count (jcprepct.c) and then each component's own last row
  const plane = (w: number, h: number, at: (x: number, y: number) => number) => {
    const pw = Math.ceil(w / 8) * 8, ph = Math.ceil(h / 8) * 8
    const data = new Int32Array(pw * ph)
    for (let y = 0; y < ph; y++) for (let x = 0; x < pw; x++) data[y * pw + x] = at(x, y)
    return { pw, ph, data }
  }
  const luma = plane(width, height, (x, y) => ycc(x, y)[0])
  const chroma = (c: 1 | 2) =>
    plane(cw, chh, (x, yPadded) => {
      const y = Math.min(yPadded, chh - 1)
      const s = ycc(2 * x, 2 * y)[c] + ycc(2 * x + 1, 2 * y)[c] + ycc(2 * x, 2 * y + 1)[c] + ycc(2 * x + 1, 2 * y + 1)[c]
      return (s + 1 + (x & 1)) >> 2
    })
  const planes = [luma, chroma(1), chroma(2)]
  for (const [i, p] of planes.entries()) {
    const table = Array.from({ length: 64 }, (_, k) => tables[(i === 0 ? 0 : 64) + k])
    const block = new Int32Array(64)
    for (let by = 0; by < p.ph; by += 8)
      for (let bx = 0; bx < p.pw; bx += 8) {
        for (let k = 0; k < 64; k++) block[k] = p.data[(by + (k >> 3)) * p.pw + bx + (k & 7)]
        const out = inverseBlock(forwardBlock(block, table), table)
        for (let k = 0; k < 64; k++) p.data[(by + (k >> 3)) * p.pw + bx + (k & 7)] = out[k]
      }
  }
  const result = new Uint8Array(width * height * 3)
  const sample = (p: (typeof planes)[number], x: number, y: number) => p.data[Math.min(chh - 1, Math.max(0, y)) * p.pw + Math.min(cw - 1, Math.max(0, x))]
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const [cb, cr] = [planes[1], planes[2]].map((p) => fancyUpsample((cx, cy) => sample(p, cx, cy), x, y))
      const rgbOut = yccToRgb(luma.data[y * luma.pw + x], cb, cr)
      result.set(rgbOut, (y * width + x) * 3)
    }
  return result
}

/** jdsample.c's h2v2_fancy_upsample at output pixel (x, y): weights 9, 3, 3, 1 (/16), bias 8 or 7 by column parity; edges replicate. */
export function fancyUpsample(at: (cx: number, cy: number) => number, x: number, y: number): number {
  const cx = x >> 1, cy = y >> 1
  const near = cy, far = y & 1 ? cy + 1 : cy - 1
  const colsum = (k: number) => 3 * at(k, near) + at(k, far)
  return x & 1 ? (3 * colsum(cx) + colsum(cx + 1) + 7) >> 4 : (3 * colsum(cx) + colsum(cx - 1) + 8) >> 4
}
