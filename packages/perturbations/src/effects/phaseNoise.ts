import { complexGlsl, dftFunctionGlsl, twiddleTexture } from '../glsl/dft'
import type { Axis } from '../glsl/blur'
import type { PassSpec, PerturbationDefinition } from '../types'

type Param = 'width' | 'seed'

/**
 * Phase noise at spectral bin (u, v): width · r, r uniform in [−1, 1) from the integer hash of
 * the bin. Odd symmetry noise(u, v) = −noise(−u, −v) keeps the spectrum Hermitian, so the
 * inverse transform stays real: each conjugate pair hashes its canonical member (the one that
 * comes first in row-major order) and the other takes the negative. Self-conjugate bins (DC and
 * the Nyquist bins) have real coefficients and get no noise, so the mean colour is kept.
 */
const phaseNoiseGlsl = /* glsl */ `
uniform float width;
uniform float seed;
vec2 phaseRotation(ivec2 uv) {
  ivec2 size = ivec2(uResolution);
  ivec2 mirror = (size - uv) % size;
  if (mirror == uv) return vec2(1.0, 0.0);
  bool canonical = uv.y < mirror.y || (uv.y == mirror.y && uv.x < mirror.x);
  float r = 2.0 * hash3(canonical ? uv : mirror, seed).x - 1.0;
  float phi = width * (canonical ? r : -r);
  return vec2(cos(phi), sin(phi));
}
`

// Real colour channels as complex inputs with zero imaginary part.
const loadGlsl = /* glsl */ `
vec4 loadRG(vec4 c) { return vec4(c.r, 0.0, c.g, 0.0); }
vec4 loadB(vec4 c) { return vec4(c.b, 0.0, 0.0, 0.0); }
`

/** One 1D DFT step over `sources` (sampled as named); `main` is the shader's body, `noise` adds `phaseRotation`. */
function dftStage(o: { name?: string; axis: Axis; sign: 1 | -1; sources: Record<string, string>; load?: string; noise?: boolean; main: string }): PassSpec<Param> {
  return {
    name: o.name,
    samplers: o.sources,
    fragmentShader: /* glsl */ `
${complexGlsl}
${loadGlsl}
${o.noise ? phaseNoiseGlsl : ''}
${Object.keys(o.sources)
  .map((s) => `uniform sampler2D ${s};`)
  .join('\n')}
uniform sampler2D tTwiddles;
${dftFunctionGlsl('dft', o.axis, o.sign, o.load ? (t) => `${o.load}(${t})` : undefined)}
void main() {
  ivec2 p = imageCoord();
  ${o.main}
}`,
    uniforms: (p, ctx) => ({
      ...(o.noise ? { width: p.width, seed: Math.round(p.seed) } : {}),
      tTwiddles: twiddleTexture(o.axis === 'x' ? ctx.width : ctx.height, ctx.cache),
    }),
  }
}

/**
 * model-vs-human's "phase noise" (Geirhos et al.): uniform noise in [−width, width] radians is
 * added to the Fourier phase of the image; amplitudes are kept. The same noise field is used for
 * all three channels (model-vs-human works on grayscale; a shared field keeps gray pixels gray
 * instead of adding colour noise). 2D DFT as separable passes, two channel groups (RG, B):
 * rows, columns (+ phase rotation), inverse columns, inverse rows (real part only).
 */
export const phaseNoise: PerturbationDefinition<Param> = {
  id: 'phase-noise',
  label: 'Phase Noise',
  group: 'frequency',
  description: 'Adds uniform random noise (± width radians) to the Fourier phase, keeping amplitudes.',
  params: [
    { name: 'width', label: 'Width (rad)', min: 0, max: Math.PI, step: 0.01, default: 0 },
    { name: 'seed', label: 'Seed', min: 0, max: 999, step: 1, default: 0 },
  ],
  passes: [
    dftStage({ name: 'rowsRG', axis: 'x', sign: -1, sources: { tA: 'input' }, load: 'loadRG', main: 'gl_FragColor = dft(tA, tTwiddles, p);' }),
    dftStage({ name: 'rowsB', axis: 'x', sign: -1, sources: { tA: 'input' }, load: 'loadB', main: 'gl_FragColor = dft(tA, tTwiddles, p);' }),
    ...(['RG', 'B'] as const).map((g) =>
      dftStage({
        name: `spectrum${g}`,
        axis: 'y',
        sign: -1,
        sources: { tA: `rows${g}` },
        noise: true,
        main: 'vec4 z = dft(tA, tTwiddles, p); vec2 r = phaseRotation(p); gl_FragColor = vec4(cmul(z.xy, r), cmul(z.zw, r));',
      }),
    ),
    ...(['RG', 'B'] as const).map((g) =>
      dftStage({ name: `cols${g}`, axis: 'y', sign: 1, sources: { tA: `spectrum${g}` }, main: 'gl_FragColor = dft(tA, tTwiddles, p) / uResolution.y;' }),
    ),
    dftStage({
      axis: 'x',
      sign: 1,
      sources: { tA: 'colsRG', tB: 'colsB' },
      main: /* glsl */ `
        vec4 rg = dft(tA, tTwiddles, p);
        vec4 b = dft(tB, tTwiddles, p);
        gl_FragColor = vec4(clamp(vec3(rg.x, rg.z, b.x) / uResolution.x, 0.0, 1.0), 1.0);`,
    }),
  ],
}
