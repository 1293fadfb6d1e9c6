import type { PerturbationDefinition } from '../../types'

/** Paper: "Alpha defaults to 1.0 and simply darkens the image towards black when reduced." */
export const alpha: PerturbationDefinition<'alpha'> = {
  id: 'alpha',
  label: 'Alpha',
  group: 'color',
  description: 'Fades the image to black.',
  params: [{ name: 'alpha', label: 'Alpha', min: 0, max: 1, step: 0.01, default: 1 }],
  passes: [
    {
      fragmentShader: /* glsl */ `
        uniform float alpha;
        void main() {
          vec4 c = texture2D(tInput, vUv);
          gl_FragColor = vec4(clamp(c.rgb * alpha, 0.0, 1.0), 1.0);
        }`,
      uniforms: (p) => ({ alpha: p.alpha }),
    },
  ],
}
