import type { PerturbationDefinition } from '../../types'

/** The default snippet is the paper's: a contrast adjustment driven by the one slider. */
export const defaultCustomSource = `// color: the pixel (vec4, sRGB 0..1); uv: position; amount: the slider.
color.rgb = (color.rgb - 0.5) * amount + 0.5;`

/**
 * Paper: "a text field where they can write their own GLSL code, taking a single parameter
 * which is controlled by the slider. The code snippet defaults to code for contrast adjustment."
 */
export const customGlsl: PerturbationDefinition<'amount'> = {
  id: 'custom-glsl',
  label: 'Custom GLSL',
  group: 'custom',
  description: 'Your own GLSL statements; modify `color` using `uv` and the slider `amount`.',
  params: [{ name: 'amount', label: 'Custom Parameter', min: 0, max: 3, step: 0.01, default: 1 }],
  editableSource: { default: defaultCustomSource, language: 'glsl' },
  passes: [
    {
      fragmentShader: (source) => /* glsl */ `
uniform float amount;
vec4 customPerturbation(vec4 color, vec2 uv) {
#line 1
${source}
;return color;
}
void main() {
  vec4 c = customPerturbation(texture2D(tInput, vUv), vUv);
  gl_FragColor = vec4(clamp(c.rgb, 0.0, 1.0), 1.0);
}`,
      uniforms: (p) => ({ amount: p.amount }),
    },
  ],
}
