import type { PerturbationDefinition } from '../../types'

/** Paper: reducing saturation "towards 0.0 de-saturates the image until … purely grayscale". Above 1 over-saturates. */
export const saturation: PerturbationDefinition<'saturation'> = {
  id: 'saturation',
  label: 'Saturation',
  group: 'color',
  description: 'Mixes each pixel with its luminance (Rec. 709); 0 is grayscale.',
  params: [{ name: 'saturation', label: 'Saturation', min: 0, max: 2, step: 0.01, default: 1 }],
  passes: [
    {
      fragmentShader: /* glsl */ `
        uniform float saturation;
        void main() {
          vec4 c = texture2D(tInput, vUv);
          gl_FragColor = vec4(clamp(mix(vec3(luma(c.rgb)), c.rgb, saturation), 0.0, 1.0), 1.0);
        }`,
      uniforms: (p) => ({ saturation: p.saturation }),
    },
  ],
}
