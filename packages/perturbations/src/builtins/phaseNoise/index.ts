import { complexGlsl, fftStageGlsl, fftStageUniforms, fftStages, type FftStage } from '../../glsl/fft'
import type { PassSpec, PerturbationDefinition, UniformContext } from '../../types'
import { seedParam } from '../imagenetC'

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

/** The radix stages of a 1D transform along `axis` of this image, cached per size. */
function stages(ctx: UniformContext, axis: 0 | 1, sign: 1 | -1): FftStage[] {
  const n = axis === 0 ? ctx.width : ctx.height
  const key = `fft:${n}:${axis}:${sign}`
  let cached = ctx.cache.get(key) as FftStage[] | undefined
  if (!cached) {
    cached = fftStages(n, axis, sign)
    ctx.cache.set(key, cached)
  }
  return cached
}

/**
 * One 1D transform of every row (axis 0) or column (axis 1) as a repeated pass, one iteration per
 * radix stage, starting from `from`. `uFirst` and `uLast` are true on the first and last stage.
 */
function transformPass(o: { name: string; from: string; axis: 0 | 1; sign: 1 | -1; main: string }): PassSpec<Param> {
  return {
    name: o.name,
    samplers: { tSource: o.name },
    iterations: (_, ctx) => stages(ctx, o.axis, o.sign).length,
    iterateFrom: o.from,
    fragmentShader: /* glsl */ `
${complexGlsl}
${fftStageGlsl(o.axis)}
uniform sampler2D tSource;
uniform bool uFirst;
uniform bool uLast;
void main() {
  ${o.main}
}`,
    uniforms: (_, ctx) => {
      const all = stages(ctx, o.axis, o.sign)
      return {
        ...fftStageUniforms(all[ctx.iteration], ctx.width, ctx.height, ctx.cache),
        uFirst: ctx.iteration === 0,
        uLast: ctx.iteration === all.length - 1,
      }
    },
  }
}

/**
 * model-vs-human's "phase noise" (Geirhos et al.): uniform noise in [−width, width] radians is
 * added to the Fourier phase of the image; amplitudes are kept. The same noise field is used for
 * all three channels (model-vs-human works on grayscale; a shared field keeps gray pixels gray
 * instead of adding colour noise).
 *
 * A 2D FFT round trip (see `glsl/fft.ts`): forward rows and columns, a pass that rotates every
 * bin's phase, inverse columns and rows, each transform a repeated pass with one iteration per
 * radix stage. At 224×224 that is 13 passes of at most 8 taps where a direct DFT took 7 passes of
 * 224 taps. The channels travel as (r + i·g, b); rotating a bin is linear, so it acts on each
 * channel's spectrum separately even though two of them share a complex number.
 */
export const phaseNoise: PerturbationDefinition<Param> = {
  id: 'phase-noise',
  label: 'Phase Noise',
  group: 'frequency',
  description: 'Adds uniform random noise (± width radians) to the Fourier phase, keeping amplitudes.',
  params: [
    { name: 'width', label: 'Width (rad)', min: 0, max: Math.PI, step: 0.01, default: 0 },
    seedParam,
  ],
  passes: [
    // the image's alpha must not become the imaginary part of its blue channel
    transformPass({ name: 'rows', from: 'input', axis: 0, sign: -1, main: 'gl_FragColor = fftStage(tSource, uFirst ? 0.0 : 1.0, imageCoord());' }),
    transformPass({ name: 'spectrum', from: 'rows', axis: 1, sign: -1, main: 'gl_FragColor = fftStage(tSource, 1.0, imageCoord());' }),
    {
      name: 'rotated',
      samplers: { tSpectrum: 'spectrum' },
      fragmentShader: /* glsl */ `
${complexGlsl}
${phaseNoiseGlsl}
uniform sampler2D tSpectrum;
void main() {
  ivec2 bin = imageCoord();
  vec4 z = fetchImage(tSpectrum, bin);
  vec2 rotation = phaseRotation(bin);
  gl_FragColor = vec4(cmul(z.xy, rotation), cmul(z.zw, rotation));
}`,
      uniforms: (p) => ({ width: p.width, seed: Math.round(p.seed) }),
    },
    transformPass({ name: 'columns', from: 'rotated', axis: 1, sign: 1, main: 'gl_FragColor = fftStage(tSource, 1.0, imageCoord());' }),
    transformPass({
      name: 'image',
      from: 'columns',
      axis: 0,
      sign: 1,
      main: /* glsl */ `
  vec4 z = fftStage(tSource, 1.0, imageCoord());
  // after the last stage: (r + i·g, b + i·0) → rgb, normalised by 1/(W·H)
  gl_FragColor = uLast ? vec4(clamp(z.xyz / (uResolution.x * uResolution.y), 0.0, 1.0), 1.0) : z;`,
    }),
  ],
}
