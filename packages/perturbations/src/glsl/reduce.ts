import type { ParamValues, PassSpec, UniformContext, UniformValue } from '../types'

export interface ReductionOptions<K extends string> {
  /** the pass that holds the result at pixel (0, 0); the per-row pass is `<name>Rows` */
  name: string
  /** the mean or the maximum over the image, per component */
  op: 'mean' | 'max'
  /** GLSL expression in `vec3 c`, an input texel: what is reduced (default `c`) */
  value?: string
  /** GLSL declarations `value` and `skip` need (uniforms, functions) */
  declarations?: string
  /** GLSL condition under which the effect needs no reduction: both passes then write 0 and read nothing */
  skip: string
  /** the uniforms `declarations` declare */
  uniforms: (params: ParamValues<K>, ctx: UniformContext) => Record<string, UniformValue>
}

/**
 * Two passes that reduce the whole image to one value per channel, for effects that need a global
 * statistic (the reference's per-channel image mean, its image maximum): each row into column 0,
 * then those into pixel (0, 0), so the image is read once more, not once per pixel. Later passes
 * read it with `fetchImage(<sampler of name>, ivec2(0))`.
 */
export function reductionPasses<K extends string>({ name, op, value = 'c', declarations = '', skip, uniforms }: ReductionOptions<K>): PassSpec<K>[] {
  const start = op === 'mean' ? 'vec3(0.0)' : 'vec3(-3.0e38)'
  const combine = (acc: string, v: string) => (op === 'mean' ? `${acc} += ${v};` : `${acc} = max(${acc}, ${v});`)
  const finish = (acc: string, count: string) => (op === 'mean' ? `${acc} / ${count}` : acc)
  return [
    {
      name: `${name}Rows`,
      fragmentShader: /* glsl */ `
        ${declarations}
        void main() {
          ivec2 p = imageCoord();
          if (p.x != 0 || (${skip})) { gl_FragColor = vec4(0.0); return; }
          vec3 acc = ${start};
          for (int x = 0; x < 4096; x++) {
            if (x >= int(uResolution.x)) break;
            vec3 c = fetchImage(tInput, ivec2(x, p.y)).rgb;
            ${combine('acc', `(${value})`)}
          }
          gl_FragColor = vec4(${finish('acc', 'uResolution.x')}, 1.0);
        }`,
      uniforms,
    },
    {
      name,
      samplers: { tRows: `${name}Rows` },
      fragmentShader: /* glsl */ `
        uniform sampler2D tRows;
        ${declarations}
        void main() {
          ivec2 p = imageCoord();
          if (p.x != 0 || p.y != 0 || (${skip})) { gl_FragColor = vec4(0.0); return; }
          vec3 acc = ${start};
          for (int y = 0; y < 4096; y++) {
            if (y >= int(uResolution.y)) break;
            ${combine('acc', 'fetchImage(tRows, ivec2(0, y)).rgb')}
          }
          gl_FragColor = vec4(${finish('acc', 'uResolution.y')}, 1.0);
        }`,
      uniforms,
    },
  ]
}
