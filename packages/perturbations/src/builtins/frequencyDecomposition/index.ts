import { blurFunctionGlsl, blurPass, blurUniforms, blurUniformsGlsl, gaussianTaps } from '../../glsl/blur'
import type { PerturbationDefinition } from '../../types'

type Param = 'cutoff' | 'lowAlpha' | 'highAlpha' | 'lowSigma' | 'highSigma' | 'lowHue' | 'highHue'

const bandTaps = gaussianTaps(8)

/**
 * The paper's "Frequency Decomp.": a Laplacian split at `cutoff` (σ of the low-pass) into
 * low = G_cutoff * image and high = image − low, each band then blurred, hue-shifted and faded:
 *   low'  = mix(0.5, hue(G_lowSigma * low), lowAlpha)          (alpha 0 → uniform mid-gray)
 *   high' = (hue(0.5 + G_highSigma * high) − 0.5) · highAlpha  (alpha 0 → only the low band)
 *   out   = clamp(low' + high')
 * The high band is signed, so its hue is rotated as an offset from mid-gray (0.5 + high is how
 * the band is usually displayed); the HSV formulas extend linearly outside [0, 1], so this is
 * exact for any sign. At the defaults low' + high' = image up to float rounding.
 *
 * Five passes: cutoff blur H and V (→ low), the bands' H blurs, then one pass doing both bands'
 * V blurs and the combination. A band σ of 0 is a radius-0 kernel, i.e. a single tap.
 */
export const frequencyDecomposition: PerturbationDefinition<Param> = {
  id: 'frequency-decomposition',
  label: 'Frequency Decomp.',
  group: 'frequency',
  description: 'Splits the image into low/high frequency bands at a cutoff and fades, blurs or hue-shifts each.',
  params: [
    { name: 'cutoff', label: 'Cutoff (σ px)', min: 0.5, max: 16, step: 0.1, default: 4 },
    { name: 'lowAlpha', label: 'Low Alpha', min: 0, max: 1, step: 0.01, default: 1 },
    { name: 'highAlpha', label: 'High Alpha', min: 0, max: 1, step: 0.01, default: 1 },
    { name: 'lowSigma', label: 'Low Sigma (px)', min: 0, max: 8, step: 0.05, default: 0 },
    { name: 'highSigma', label: 'High Sigma (px)', min: 0, max: 8, step: 0.05, default: 0 },
    { name: 'lowHue', label: 'Low Hue', min: -0.5, max: 0.5, step: 0.01, default: 0 },
    { name: 'highHue', label: 'High Hue', min: -0.5, max: 0.5, step: 0.01, default: 0 },
  ],
  passes: [
    blurPass({ name: 'lowX', axis: 'x', sigma: (p) => p.cutoff, maxSigma: 16, prefix: 'uCut' }),
    blurPass({ name: 'low', axis: 'y', source: 'lowX', sigma: (p) => p.cutoff, maxSigma: 16, prefix: 'uCut' }),
    blurPass({ name: 'lowBandX', axis: 'x', source: 'low', sigma: (p) => p.lowSigma, maxSigma: 8, prefix: 'uLow' }),
    blurPass({
      name: 'highBandX',
      axis: 'x',
      // the high band is never stored unblurred: its H blur reads image − low directly
      fetch: (q) => `(fetchImage(tInput, ${q}) - fetchImage(tLow, ${q}))`,
      samplers: { tLow: 'low' },
      sigma: (p) => p.highSigma,
      maxSigma: 8,
      prefix: 'uHigh',
    }),
    {
      samplers: { tLowBandX: 'lowBandX', tHighBandX: 'highBandX' },
      fragmentShader: /* glsl */ `
uniform sampler2D tLowBandX;
uniform sampler2D tHighBandX;
uniform float lowAlpha;
uniform float highAlpha;
uniform float lowHue;
uniform float highHue;
${blurUniformsGlsl('uLow', bandTaps)}
${blurUniformsGlsl('uHigh', bandTaps)}
${blurFunctionGlsl('lowBand', 'uLow', 'y', (q) => `fetchImage(tLowBandX, ${q})`)}
${blurFunctionGlsl('highBand', 'uHigh', 'y', (q) => `fetchImage(tHighBandX, ${q})`)}
void main() {
  ivec2 p = imageCoord();
  vec3 low = lowBand(p).rgb;
  vec3 high = highBand(p).rgb;
  // a zero shift is skipped so the default path has no HSV round-trip rounding
  if (lowHue != 0.0) low = shiftHue(low, lowHue);
  if (highHue != 0.0) high = shiftHue(high + 0.5, highHue) - 0.5;
  low = mix(vec3(0.5), low, lowAlpha);
  high *= highAlpha;
  gl_FragColor = vec4(clamp(low + high, 0.0, 1.0), 1.0);
}`,
      uniforms: (p, ctx) => ({
        lowAlpha: p.lowAlpha,
        highAlpha: p.highAlpha,
        lowHue: p.lowHue,
        highHue: p.highHue,
        ...blurUniforms('uLow', p.lowSigma, bandTaps, ctx.cache),
        ...blurUniforms('uHigh', p.highSigma, bandTaps, ctx.cache),
      }),
    },
  ],
}
