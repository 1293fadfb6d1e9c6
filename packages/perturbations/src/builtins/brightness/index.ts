import type { PerturbationDefinition } from '../../types'
import { IMAGENET_C_LEVELS, imagenetCOutput, levelAt, severityParam } from '../imagenetC'

/**
 * Adds a constant to every channel; then, with an ImageNet-C `severity` above 0, the reference's
 * "brightness": HSV value + c (c = 0.1 … 0.5 at levels 1–5), clipped, and its 8-bit truncation.
 */
export const brightness: PerturbationDefinition<'brightness' | 'severity'> = {
  id: 'brightness',
  label: 'Brightness',
  group: 'color',
  description: 'Adds a constant to every channel; the ImageNet-C severity (1–5) raises the HSV value as the reference does.',
  params: [{ name: 'brightness', label: 'Brightness', min: -1, max: 1, step: 0.01, default: 0 }, { ...severityParam, label: 'ImageNet-C severity' }],
  passes: [
    {
      fragmentShader: /* glsl */ `
        uniform float brightness;
        uniform float level;
        ${imagenetCOutput}
        void main() {
          vec3 c = clamp(texture2D(tInput, vUv).rgb + brightness, 0.0, 1.0);
          if (level > 0.0) {
            vec3 hsv = rgb2hsv(c);
            hsv.z = clamp(hsv.z + level, 0.0, 1.0);
            c = imagenetCOutput(hsv2rgb(hsv));
          }
          gl_FragColor = vec4(c, 1.0);
        }`,
      uniforms: (p) => ({ brightness: p.brightness, level: levelAt(IMAGENET_C_LEVELS.brightness, p.severity) }),
    },
  ],
}
