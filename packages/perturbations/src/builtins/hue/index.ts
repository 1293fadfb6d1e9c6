import type { PerturbationDefinition } from '../../types'

/** Paper: "Hue goes from -0.5 to 0.5, which corresponds to -180/180 degrees on the color wheel." */
export const hue: PerturbationDefinition<'hue'> = {
  id: 'hue',
  label: 'Hue',
  group: 'color',
  description: "Rotates every pixel's hue; ±0.5 is ±180°.",
  params: [{ name: 'hue', label: 'Hue', min: -0.5, max: 0.5, step: 0.01, default: 0 }],
  passes: [
    {
      fragmentShader: /* glsl */ `
        uniform float hue;
        void main() {
          vec4 c = texture2D(tInput, vUv);
          gl_FragColor = vec4(clamp(shiftHue(c.rgb, hue), 0.0, 1.0), 1.0);
        }`,
      uniforms: (p) => ({ hue: p.hue }),
    },
  ],
}
