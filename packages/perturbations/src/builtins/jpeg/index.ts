import { dct8Glsl } from '../../glsl/dct'
import type { PerturbationDefinition } from '../../types'

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

function cachedTables(quality: number, cache: Map<string, unknown>): Float32Array {
  let entry = cache.get('jpeg') as { quality: number; tables: Float32Array } | undefined
  if (!entry || entry.quality !== quality) {
    entry = { quality, tables: jpegQuantTables(quality) }
    cache.set('jpeg', entry)
  }
  return entry.tables
}

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

/**
 * ImageNet-C "jpeg_compression"-like: YCbCr, 8×8 block DCT, quantisation with the standard
 * tables scaled by libjpeg's quality formula (round half away from zero, like libjpeg), inverse
 * DCT, RGB. No chroma subsampling and no 8-bit rounding of samples, so compression 0 (no
 * quantisation) is the identity. Blocks start at the top-left; pixels in blocks cut by the
 * right/bottom edge (sizes not divisible by 8) pass through unchanged.
 * Pass 1: each texel computes the dequantised coefficient (u, v) = its offset in its block.
 * Pass 2: each texel sums its block's 64 coefficients back to a sample.
 */
export const jpeg: PerturbationDefinition<'compression'> = {
  id: 'jpeg',
  label: 'JPEG',
  group: 'noise',
  description: 'JPEG-style block DCT quantisation; 1 is quality 1, 0 is off.',
  params: [{ name: 'compression', label: 'Compression', min: 0, max: 1, step: 0.01, default: 0 }],
  passes: [
    {
      name: 'coefficients',
      fragmentShader: /* glsl */ `
${dct8Glsl}
${yccGlsl}
uniform bool quantise;
uniform float quantTables[128];
void main() {
  ivec2 p = imageCoord();
  ivec2 origin = (p / 8) * 8;
  ivec2 uv = p - origin;
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
      uniforms: (p, ctx) => ({ quantise: p.compression > 0, quantTables: cachedTables(jpegQuality(p.compression), ctx.cache) }),
    },
    {
      samplers: { tCoefficients: 'coefficients' },
      fragmentShader: /* glsl */ `
${dct8Glsl}
${yccGlsl}
uniform sampler2D tCoefficients;
void main() {
  ivec2 p = imageCoord();
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
    },
  ],
}
