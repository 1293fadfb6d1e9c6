import { reductionPasses } from '../../glsl/reduce'
import type { PerturbationDefinition } from '../../types'
import { IMAGENET_C_LEVELS, imagenetCOutput, levelAt, severityParam } from '../imagenetC'

/** The continuous control, as every pass of the effect applies it to its input. */
const scaled = /* glsl */ `
uniform float contrast;
vec3 scaled(vec3 c) { return clamp((c - 0.5) * contrast + 0.5, 0.0, 1.0); }
`

/**
 * Scales every channel about mid-gray, (c − 0.5)·k + 0.5; then, with an ImageNet-C `severity`
 * above 0, the reference's "contrast": each channel about its mean over the whole image,
 * (x − mean)·c + mean (c = 0.4 … 0.05 at levels 1–5), and its 8-bit truncation. The means come
 * from two reduction passes (each row's, then theirs), so the image is read once more, not per pixel.
 */
export const contrast: PerturbationDefinition<'contrast' | 'severity'> = {
  id: 'contrast',
  label: 'Contrast',
  group: 'color',
  description: 'Scales every channel about mid-gray: (c − 0.5)·k + 0.5, k = 0 is uniform gray; the ImageNet-C severity (1–5) scales about the image mean as the reference does.',
  params: [{ name: 'contrast', label: 'Contrast', min: 0, max: 3, step: 0.01, default: 1 }, { ...severityParam, label: 'ImageNet-C severity' }],
  passes: [
    // pixel (0, 0) of `mean` gets the image's mean per channel
    ...reductionPasses<'contrast' | 'severity'>({
      name: 'mean',
      op: 'mean',
      value: 'scaled(c)',
      declarations: `uniform float level;\n${scaled}`,
      skip: 'level >= 1.0',
      uniforms: (p) => ({ contrast: p.contrast, level: levelAt(IMAGENET_C_LEVELS.contrast, p.severity, 1) }),
    }),
    {
      samplers: { tMean: 'mean' },
      fragmentShader: /* glsl */ `
        uniform sampler2D tMean;
        uniform float level;
        ${scaled}
        ${imagenetCOutput}
        void main() {
          vec3 c = scaled(fetchImage(tInput, imageCoord()).rgb);
          if (level < 1.0) {
            vec3 mean = fetchImage(tMean, ivec2(0, 0)).rgb;
            c = imagenetCOutput((c - mean) * level + mean);
          }
          gl_FragColor = vec4(c, 1.0);
        }`,
      uniforms: (p) => ({ contrast: p.contrast, level: levelAt(IMAGENET_C_LEVELS.contrast, p.severity, 1) }),
    },
  ],
}
