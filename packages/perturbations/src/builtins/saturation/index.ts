import type { PerturbationDefinition } from '../../types'
import { IMAGENET_C_LEVELS, imagenetCOutput, levelAt, severityParam } from '../imagenetC'

/**
 * Paper: reducing saturation "towards 0.0 de-saturates the image until … purely grayscale". Above 1
 * over-saturates. With an ImageNet-C `severity` above 0, then the reference's "saturate": HSV
 * saturation · a + b (levels 1–5: 0.3, 0.1, 2, 5 + 0.1, 20 + 0.2), clipped, and its 8-bit truncation.
 */
export const saturation: PerturbationDefinition<'saturation' | 'severity'> = {
  id: 'saturation',
  label: 'Saturation',
  group: 'color',
  description: 'Mixes each pixel with its luminance (Rec. 709); 0 is grayscale. The ImageNet-C severity (1–5) scales the HSV saturation as the reference does.',
  params: [{ name: 'saturation', label: 'Saturation', min: 0, max: 2, step: 0.01, default: 1 }, { ...severityParam, label: 'ImageNet-C severity' }],
  passes: [
    {
      fragmentShader: /* glsl */ `
        uniform float saturation;
        uniform vec2 saturate;
        uniform float imagenetC;
        ${imagenetCOutput}
        void main() {
          vec4 t = texture2D(tInput, vUv);
          vec3 c = clamp(mix(vec3(luma(t.rgb)), t.rgb, saturation), 0.0, 1.0);
          if (imagenetC > 0.0) {
            vec3 hsv = rgb2hsv(c);
            hsv.y = clamp(hsv.y * saturate.x + saturate.y, 0.0, 1.0);
            c = imagenetCOutput(hsv2rgb(hsv));
          }
          gl_FragColor = vec4(c, 1.0);
        }`,
      uniforms: (p) => ({
        saturation: p.saturation,
        saturate: { x: levelAt(IMAGENET_C_LEVELS.saturateScale, p.severity, 1), y: levelAt(IMAGENET_C_LEVELS.saturateShift, p.severity, 0) },
        imagenetC: p.severity > 0 ? 1 : 0,
      }),
    },
  ],
}
