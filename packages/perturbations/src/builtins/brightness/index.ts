import type { PerturbationDefinition } from '../../types'

export const brightness: PerturbationDefinition<'brightness'> = {
  id: 'brightness',
  label: 'Brightness',
  group: 'color',
  description: 'Adds a constant to every channel (ImageNet-C "brightness" shifts similarly).',
  params: [{ name: 'brightness', label: 'Brightness', min: -1, max: 1, step: 0.01, default: 0 }],
  passes: [
    {
      fragmentShader: /* glsl */ `
        uniform float brightness;
        void main() {
          vec4 c = texture2D(tInput, vUv);
          gl_FragColor = vec4(clamp(c.rgb + brightness, 0.0, 1.0), 1.0);
        }`,
      uniforms: (p) => ({ brightness: p.brightness }),
    },
  ],
}
