import type { PerturbationDefinition } from '../../types'

export const contrast: PerturbationDefinition<'contrast'> = {
  id: 'contrast',
  label: 'Contrast',
  group: 'color',
  description: 'Scales every channel about mid-gray: (c − 0.5)·k + 0.5. k = 0 is uniform gray.',
  params: [{ name: 'contrast', label: 'Contrast', min: 0, max: 3, step: 0.01, default: 1 }],
  passes: [
    {
      fragmentShader: /* glsl */ `
        uniform float contrast;
        void main() {
          vec4 c = texture2D(tInput, vUv);
          gl_FragColor = vec4(clamp((c.rgb - 0.5) * contrast + 0.5, 0.0, 1.0), 1.0);
        }`,
      uniforms: (p) => ({ contrast: p.contrast }),
    },
  ],
}
