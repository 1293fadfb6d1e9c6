import { CONST_BITS, FIX, PASS1_BITS } from './libjpeg'

/**
 * libjpeg-turbo's integer arithmetic in GLSL ES 3.0 ints (32-bit, `>>` sign-extends like C's
 * arithmetic shift), on ivec3 = (Y, Cb, Cr) so the three components run in one go. The CPU port
 * in `libjpeg.ts` is the reference; see it for where each piece comes from.
 */

const fix16 = (x: number) => Math.floor(x * 65536 + 0.5)

export const libjpegGlsl = /* glsl */ `
ivec3 descale(ivec3 x, int n) { return (x + (1 << (n - 1))) >> n; }

// jpeg_fdct_islow, one 1D pass: rows (left shift by PASS1_BITS) or columns
void fdct8(inout ivec3 d[8], bool rows) {
  ivec3 tmp0 = d[0] + d[7], tmp7 = d[0] - d[7];
  ivec3 tmp1 = d[1] + d[6], tmp6 = d[1] - d[6];
  ivec3 tmp2 = d[2] + d[5], tmp5 = d[2] - d[5];
  ivec3 tmp3 = d[3] + d[4], tmp4 = d[3] - d[4];
  ivec3 tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3;
  ivec3 tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
  int n = rows ? ${CONST_BITS - PASS1_BITS} : ${CONST_BITS + PASS1_BITS};
  d[0] = rows ? (tmp10 + tmp11) << ${PASS1_BITS} : descale(tmp10 + tmp11, ${PASS1_BITS});
  d[4] = rows ? (tmp10 - tmp11) << ${PASS1_BITS} : descale(tmp10 - tmp11, ${PASS1_BITS});
  ivec3 z1 = (tmp12 + tmp13) * ${FIX.f0_541196100};
  d[2] = descale(z1 + tmp13 * ${FIX.f0_765366865}, n);
  d[6] = descale(z1 - tmp12 * ${FIX.f1_847759065}, n);
  z1 = tmp4 + tmp7;
  ivec3 z2 = tmp5 + tmp6, z3 = tmp4 + tmp6, z4 = tmp5 + tmp7;
  ivec3 z5 = (z3 + z4) * ${FIX.f1_175875602};
  tmp4 *= ${FIX.f0_298631336}; tmp5 *= ${FIX.f2_053119869};
  tmp6 *= ${FIX.f3_072711026}; tmp7 *= ${FIX.f1_501321110};
  z1 *= -${FIX.f0_899976223};
  z2 *= -${FIX.f2_562915447};
  z3 = z3 * -${FIX.f1_961570560} + z5;
  z4 = z4 * -${FIX.f0_390180644} + z5;
  d[7] = descale(tmp4 + z1 + z3, n);
  d[5] = descale(tmp5 + z2 + z4, n);
  d[3] = descale(tmp6 + z2 + z3, n);
  d[1] = descale(tmp7 + z1 + z4, n);
}

// jpeg_idct_islow, one 1D pass (columns: n = CONST_BITS − PASS1_BITS; rows: CONST_BITS + PASS1_BITS + 3)
void idct8(inout ivec3 d[8], int n) {
  ivec3 z2 = d[2], z3 = d[6];
  ivec3 z1 = (z2 + z3) * ${FIX.f0_541196100};
  ivec3 tmp2 = z1 - z3 * ${FIX.f1_847759065};
  ivec3 tmp3 = z1 + z2 * ${FIX.f0_765366865};
  ivec3 tmp0 = (d[0] + d[4]) << ${CONST_BITS};
  ivec3 tmp1 = (d[0] - d[4]) << ${CONST_BITS};
  ivec3 tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3;
  ivec3 tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
  tmp0 = d[7]; tmp1 = d[5]; tmp2 = d[3]; tmp3 = d[1];
  z1 = tmp0 + tmp3; z2 = tmp1 + tmp2; z3 = tmp0 + tmp2;
  ivec3 z4 = tmp1 + tmp3;
  ivec3 z5 = (z3 + z4) * ${FIX.f1_175875602};
  tmp0 *= ${FIX.f0_298631336}; tmp1 *= ${FIX.f2_053119869};
  tmp2 *= ${FIX.f3_072711026}; tmp3 *= ${FIX.f1_501321110};
  z1 *= -${FIX.f0_899976223};
  z2 *= -${FIX.f2_562915447};
  z3 = z3 * -${FIX.f1_961570560} + z5;
  z4 = z4 * -${FIX.f0_390180644} + z5;
  tmp0 += z1 + z3; tmp1 += z2 + z4; tmp2 += z2 + z3; tmp3 += z1 + z4;
  d[0] = descale(tmp10 + tmp3, n); d[7] = descale(tmp10 - tmp3, n);
  d[1] = descale(tmp11 + tmp2, n); d[6] = descale(tmp11 - tmp2, n);
  d[2] = descale(tmp12 + tmp1, n); d[5] = descale(tmp12 - tmp1, n);
  d[3] = descale(tmp13 + tmp0, n); d[4] = descale(tmp13 - tmp0, n);
}

// the IDCT's range-limit table, indexed by x & 1023
int rangeLimit(int x) {
  int i = x & 1023;
  return i < 128 ? i + 128 : i < 512 ? 255 : i < 896 ? 0 : i - 896;
}

uniform float quantTables[128];
ivec3 quantStep(int k) { return ivec3(int(quantTables[k]), int(quantTables[64 + k]), int(quantTables[64 + k])); }
// jcdctmgr.c: the DCT output is 8× the true coefficient; divide by 8q, rounding half away from zero
ivec3 jpegQuantise(ivec3 t, int k) {
  ivec3 q = quantStep(k) * 8;
  return sign(t) * ((abs(t) + (q >> 1)) / q);
}
ivec3 readInt(vec4 v) { return ivec3(floor(v.rgb + 0.5)); }
// a block's level-shifted samples from the 'ycc' pass: Y edge-replicated; Cb, Cr columns were
// downsampled from replicated input, but rows past the chroma plane repeat its last row (jcprepct.c)
ivec3 blockSample(sampler2D ycc, ivec2 q) {
  int lastChromaRow = (int(uResolution.y) + 1) / 2 - 1;
  int y = readInt(fetchImage(ycc, q)).x;
  ivec2 c = readInt(fetchImage(ycc, ivec2(q.x, min(q.y, lastChromaRow)))).yz;
  return ivec3(y, c) - 128;
}

// jccolor.c rgb_ycc_convert on 8-bit RGB
ivec3 jpegRgbToYcc(ivec3 c) {
  int y = (${fix16(0.299)} * c.r + ${fix16(0.587)} * c.g + ${fix16(0.114)} * c.b + 32768) >> 16;
  int cb = (-${fix16(0.16874)} * c.r - ${fix16(0.33126)} * c.g + ${fix16(0.5)} * c.b + ${(128 << 16) + 32767}) >> 16;
  int cr = (${fix16(0.5)} * c.r - ${fix16(0.41869)} * c.g - ${fix16(0.08131)} * c.b + ${(128 << 16) + 32767}) >> 16;
  return ivec3(y, cb, cr);
}
// jdcolor.c ycc_rgb_convert
ivec3 jpegYccToRgb(int y, ivec2 cbcr) {
  ivec2 c = cbcr - 128;
  int r = y + ((${fix16(1.402)} * c.y + 32768) >> 16);
  int g = y + ((-${fix16(0.34414)} * c.x + 32768 - ${fix16(0.71414)} * c.y) >> 16);
  int b = y + ((${fix16(1.772)} * c.x + 32768) >> 16);
  return clamp(ivec3(r, g, b), 0, 255);
}
`
