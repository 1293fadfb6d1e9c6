import { cachedBy } from '../../cache'
import { dct8Glsl } from '../../glsl/dct'
import type { PerturbationDefinition } from '../../types'
import { IMAGENET_C_LEVELS, levelAt, severityParam } from '../imagenetC'
import { libjpegGlsl } from './glsl'
import { CONST_BITS, PASS1_BITS } from './libjpeg'

/** ITU-T T.81 Annex K example tables (the ones libjpeg scales), row-major by (v, u). */
const LUMA_TABLE = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
]
const CHROMA_TABLE = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
  ...new Array<number>(32).fill(99),
]

/** compression 0..1 → IJG quality 100..1 (integer, as libjpeg takes it). */
export const jpegQuality = (compression: number): number => Math.min(100, Math.max(1, Math.round(100 - 99 * compression)))

/** libjpeg's jpeg_quality_scaling + jpeg_add_quant_table (baseline: steps clamp to 1..255); luma then chroma. */
export function jpegQuantTables(quality: number): Float32Array {
  const scale = quality < 50 ? Math.floor(5000 / quality) : 200 - 2 * quality
  const q = (base: number) => Math.min(255, Math.max(1, Math.floor((base * scale + 50) / 100)))
  return Float32Array.from([...LUMA_TABLE.map(q), ...CHROMA_TABLE.map(q)])
}

/** The quantisation tables at a quality, rebuilt only when it changes. */
const cachedTables = (quality: number, cache: Map<string, unknown>): Float32Array => cachedBy(cache, 'jpeg', String(quality), () => jpegQuantTables(quality))

/** JFIF full-range YCbCr from Rec. 601 luma weights; the inverse is the exact matrix inverse. */
const yccGlsl = /* glsl */ `
const float KR = 0.299;
const float KB = 0.114;
const float KG = 1.0 - KR - KB;
// level-shifted YCbCr in JPEG's 0..255 sample units (Y − 128, Cb, Cr centred on 0)
vec3 rgbToYcc(vec3 c) {
  float y = dot(c, vec3(KR, KG, KB));
  return 255.0 * vec3(y, (c.b - y) / (2.0 * (1.0 - KB)), (c.r - y) / (2.0 * (1.0 - KR))) - vec3(128.0, 0.0, 0.0);
}
vec3 yccToRgb(vec3 f) {
  vec3 v = (f + vec3(128.0, 0.0, 0.0)) / 255.0;
  float r = v.x + 2.0 * (1.0 - KR) * v.z;
  float b = v.x + 2.0 * (1.0 - KB) * v.y;
  return vec3(r, (v.x - KR * r - KB * b) / KG, b);
}
`

/** The IJG quality the parameters ask for: the severity's (Pillow's levels, interpolated and rounded) when above 0. */
export function qualityOf(p: { compression: number; severity: number }): number {
  return p.severity > 0 ? Math.round(levelAt(IMAGENET_C_LEVELS.jpegQuality, p.severity, 100)) : jpegQuality(p.compression)
}

const libjpegUniform = (p: { severity: number }) => ({ libjpeg: p.severity > 0 })

/**
 * Two modes. `compression` (severity 0): a JPEG-like block DCT quantiser — JFIF YCbCr, 8×8 DCT,
 * quantisation with the standard tables scaled by libjpeg's quality formula (round half away from
 * zero), inverse DCT, RGB — without chroma subsampling or 8-bit rounding, so compression 0 is the
 * identity; blocks cut by the right/bottom edge pass through unchanged.
 *
 * An ImageNet-C `severity` above 0 instead does what the reference's "jpeg_compression" does,
 * Pillow's `save(JPEG, quality = 25, 18, 15, 10, 7)` and decode through libjpeg-turbo with its
 * defaults, in libjpeg's own integer arithmetic (`libjpeg.ts` is the CPU port, `glsl.ts` the
 * shader): fixed-point RGB → YCbCr, 4:2:0 h2v2 downsampling (bias 1, 2), islow forward DCT,
 * quantisation, islow inverse DCT with its range limit, "fancy" triangle upsampling (libjpeg-turbo
 * decodes 4:2:0 with it, not with merged upsampling, while do_fancy_upsampling is on) and
 * fixed-point YCbCr → RGB. Edge blocks are padded by edge replication as libjpeg pads them. Only
 * the lossless entropy coding is left out, so the output is Pillow's byte for byte (checked on the
 * fixtures and odd sizes); between levels the quality is interpolated and rounded.
 * Passes: YCbCr + downsampled chroma → quantised coefficients (each texel its (u, v) of its block)
 * → decoded 8-bit samples (blocks cut by the image edge, whose coefficients have no texels, redo
 * the forward transform in place) → upsampling and RGB.
 */
export const jpeg: PerturbationDefinition<'compression' | 'severity'> = {
  id: 'jpeg',
  label: 'JPEG',
  group: 'noise',
  description: 'JPEG-style block DCT quantisation; 1 is quality 1, 0 is off. The ImageNet-C severity (1–5) encodes and decodes as Pillow/libjpeg do.',
  params: [{ name: 'compression', label: 'Compression', min: 0, max: 1, step: 0.01, default: 0 }, { ...severityParam, label: 'ImageNet-C severity' }],
  passes: [
    {
      // Y at each pixel; Cb, Cr of the 4:2:0 chroma plane at chroma coordinates (the top-left quarter)
      name: 'ycc',
      fragmentShader: /* glsl */ `
${libjpegGlsl}
uniform bool libjpeg;
ivec3 bytesAt(ivec2 q) { return ivec3(floor(clamp(fetchImage(tInput, q).rgb, 0.0, 1.0) * 255.0 + 0.5)); }
void main() {
  if (!libjpeg) { gl_FragColor = vec4(0.0); return; }
  ivec2 p = imageCoord();
  int y = jpegRgbToYcc(bytesAt(p)).x;
  // jcsample.c h2v2_downsample: the input is edge-replicated, the bias alternates 1, 2 along a row
  ivec2 sum = ivec2(0);
  for (int k = 0; k < 4; k++) sum += jpegRgbToYcc(bytesAt(2 * p + ivec2(k & 1, k >> 1))).yz;
  gl_FragColor = vec4(float(y), vec2((sum + 1 + (p.x & 1)) >> 2), 1.0);
}`,
      uniforms: libjpegUniform,
    },
    {
      name: 'coefficients',
      samplers: { tYcc: 'ycc' },
      fragmentShader: /* glsl */ `
${dct8Glsl}
${yccGlsl}
${libjpegGlsl}
uniform sampler2D tYcc;
uniform bool quantise;
uniform bool libjpeg;
void main() {
  ivec2 p = imageCoord();
  ivec2 origin = (p / 8) * 8;
  ivec2 uv = p - origin;
  if (libjpeg) {
    // islow forward DCT of the block's samples (all rows, then this texel's column)
    ivec3 column[8];
    for (int j = 0; j < 8; j++) {
      ivec3 d[8];
      for (int i = 0; i < 8; i++) d[i] = blockSample(tYcc, origin + ivec2(i, j));
      fdct8(d, true);
      column[j] = d[uv.x];
    }
    fdct8(column, false);
    gl_FragColor = vec4(vec3(jpegQuantise(column[uv.y], uv.y * 8 + uv.x)), 1.0);
    return;
  }
  vec3 sum = vec3(0.0);
  for (int j = 0; j < 8; j++) {
    vec3 row = vec3(0.0);
    for (int i = 0; i < 8; i++) row += rgbToYcc(fetchImage(tInput, origin + ivec2(i, j)).rgb) * dct8(uv.x, i);
    sum += row * dct8(uv.y, j);
  }
  if (quantise) {
    int k = uv.y * 8 + uv.x;
    vec3 q = vec3(quantTables[k], quantTables[64 + k], quantTables[64 + k]);
    sum = sign(sum) * floor(abs(sum) / q + 0.5) * q;
  }
  gl_FragColor = vec4(sum, 1.0);
}`,
      uniforms: (p, ctx) => ({ ...libjpegUniform(p), quantise: p.compression > 0, quantTables: cachedTables(qualityOf(p), ctx.cache) }),
    },
    {
      // libjpeg mode: the decoder's 8-bit samples, Y at pixels and Cb, Cr at chroma coordinates
      name: 'samples',
      samplers: { tCoefficients: 'coefficients', tYcc: 'ycc' },
      fragmentShader: /* glsl */ `
${libjpegGlsl}
uniform sampler2D tCoefficients;
uniform sampler2D tYcc;
uniform bool libjpeg;
void main() {
  if (!libjpeg) { gl_FragColor = vec4(0.0); return; }
  ivec2 p = imageCoord();
  ivec2 origin = (p / 8) * 8;
  ivec2 ij = p - origin;
  ivec3 c[64];
  if (all(lessThanEqual(origin + 8, ivec2(uResolution)))) {
    for (int k = 0; k < 64; k++) c[k] = readInt(fetchImage(tCoefficients, origin + ivec2(k & 7, k >> 3))) * quantStep(k);
  } else {
    // a block cut by the image edge: its 64 coefficients have no texels of their own
    for (int j = 0; j < 8; j++) {
      ivec3 d[8];
      for (int i = 0; i < 8; i++) d[i] = blockSample(tYcc, origin + ivec2(i, j));
      fdct8(d, true);
      for (int i = 0; i < 8; i++) c[j * 8 + i] = d[i];
    }
    for (int u = 0; u < 8; u++) {
      ivec3 d[8];
      for (int v = 0; v < 8; v++) d[v] = c[v * 8 + u];
      fdct8(d, false);
      for (int v = 0; v < 8; v++) c[v * 8 + u] = jpegQuantise(d[v], v * 8 + u) * quantStep(v * 8 + u);
    }
  }
  // islow inverse DCT: every column for this texel's row, then the row
  ivec3 row[8];
  for (int u = 0; u < 8; u++) {
    ivec3 d[8];
    for (int v = 0; v < 8; v++) d[v] = c[v * 8 + u];
    idct8(d, ${CONST_BITS - PASS1_BITS});
    row[u] = d[ij.y];
  }
  idct8(row, ${CONST_BITS + PASS1_BITS + 3});
  ivec3 s = row[ij.x];
  gl_FragColor = vec4(float(rangeLimit(s.x)), float(rangeLimit(s.y)), float(rangeLimit(s.z)), 1.0);
}`,
      uniforms: (p, ctx) => ({ ...libjpegUniform(p), quantTables: cachedTables(qualityOf(p), ctx.cache) }),
    },
    {
      samplers: { tCoefficients: 'coefficients', tSamples: 'samples' },
      fragmentShader: /* glsl */ `
${dct8Glsl}
${yccGlsl}
${libjpegGlsl}
uniform sampler2D tCoefficients;
uniform sampler2D tSamples;
uniform bool libjpeg;
// the chroma plane is ceil(size / 2); the upsampler replicates its edges
ivec2 chromaAt(int x, int y) {
  ivec2 last = (ivec2(uResolution) + 1) / 2 - 1;
  return readInt(fetchImage(tSamples, clamp(ivec2(x, y), ivec2(0), last))).yz;
}
void main() {
  ivec2 p = imageCoord();
  if (libjpeg) {
    // jdsample.c h2v2_fancy_upsample: 3:1 towards the nearer chroma row, then 3:1 towards the nearer column
    ivec2 cp = p >> 1;
    int far = (p.y & 1) == 1 ? cp.y + 1 : cp.y - 1;
    ivec2 here = 3 * chromaAt(cp.x, cp.y) + chromaAt(cp.x, far);
    ivec2 cbcr;
    if ((p.x & 1) == 1) cbcr = (3 * here + 3 * chromaAt(cp.x + 1, cp.y) + chromaAt(cp.x + 1, far) + 7) >> 4;
    else cbcr = (3 * here + 3 * chromaAt(cp.x - 1, cp.y) + chromaAt(cp.x - 1, far) + 8) >> 4;
    gl_FragColor = vec4(vec3(jpegYccToRgb(readInt(fetchImage(tSamples, p)).x, cbcr)) / 255.0, 1.0);
    return;
  }
  ivec2 origin = (p / 8) * 8;
  if (any(greaterThan(origin + 8, ivec2(uResolution)))) {
    gl_FragColor = vec4(fetchImage(tInput, p).rgb, 1.0);
    return;
  }
  ivec2 ij = p - origin;
  vec3 sum = vec3(0.0);
  for (int v = 0; v < 8; v++) {
    vec3 row = vec3(0.0);
    for (int u = 0; u < 8; u++) row += fetchImage(tCoefficients, origin + ivec2(u, v)).rgb * dct8(u, ij.x);
    sum += row * dct8(v, ij.y);
  }
  gl_FragColor = vec4(clamp(yccToRgb(sum), 0.0, 1.0), 1.0);
}`,
      uniforms: libjpegUniform,
    },
  ],
}
