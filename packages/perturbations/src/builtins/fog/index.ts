import { reductionPasses } from '../../glsl/reduce'
import type { PerturbationDefinition } from '../../types'
import { IMAGENET_C_LEVELS, imagenetCOutput, levelAt, seedParam, severityParam } from '../imagenetC'
import { mapSizeFor, plasmaTexture } from './plasma'

/** The severity's plasma weight c0 (0 at severity 0) and wibble decay c1 (level 1's below it). */
export function fogLevels(severity: number): { weight: number; decay: number } {
  return {
    weight: levelAt(IMAGENET_C_LEVELS.fog.map((c) => c[0]), severity),
    decay: levelAt(IMAGENET_C_LEVELS.fog.map((c) => c[1]), severity, IMAGENET_C_LEVELS.fog[0][1]),
  }
}

const weightUniform = (p: { severity: number }) => ({ weight: fogLevels(p.severity).weight })

/**
 * ImageNet-C "fog": a diamond-square plasma fractal (map side the next power of two ≥ the longer
 * side, cropped to the image's top-left) added to every channel with weight c0 = 1.5 … 3, then
 * the whole rescaled by max/(max + c0), where max is the image's largest channel value; clip and
 * 8-bit truncation.
 *
 * The fractal is generated on the CPU, exactly as the reference's `plasma_fractal` steps through
 * it (float32 map, wrap-around, noise of amplitude wibble², wibble divided by c1 per level), with
 * the uniform draws from our seeded hash instead of numpy's: so it matches in distribution, not
 * per pixel. It is a DataTexture cached per (map size, c1, seed) — a 256² map takes a few
 * milliseconds once, where the GPU would need a pass per level and ping-pong targets of the map's
 * size, not the image's. The maximum comes from two reduction passes (rows, then their maxima),
 * as `contrast` computes its means. Between levels c0 and c1 are interpolated.
 */
export const fog: PerturbationDefinition<'severity' | 'seed'> = {
  id: 'fog',
  label: 'Fog',
  group: 'noise',
  description: 'Adds a fractal haze and lowers the contrast (ImageNet-C levels 1–5).',
  params: [severityParam, seedParam],
  passes: [
    // pixel (0, 0) of `max` gets the image's largest channel value (in every channel)
    ...reductionPasses<'severity' | 'seed'>({
      name: 'max',
      op: 'max',
      value: 'vec3(max(c.r, max(c.g, c.b)))',
      declarations: 'uniform float weight;',
      skip: 'weight <= 0.0',
      uniforms: weightUniform,
    }),
    {
      samplers: { tMax: 'max' },
      fragmentShader: /* glsl */ `
        uniform sampler2D tMax;
        uniform sampler2D tPlasma;
        uniform float weight;
        ${imagenetCOutput}
        void main() {
          ivec2 p = imageCoord();
          vec3 c = fetchImage(tInput, p).rgb;
          if (weight > 0.0) {
            float m = fetchImage(tMax, ivec2(0)).r;
            c += weight * texelFetch(tPlasma, p, 0).r;
            c = imagenetCOutput(c * m / (m + weight));
          }
          gl_FragColor = vec4(c, 1.0);
        }`,
      uniforms: (p, ctx) => {
        const { weight, decay } = fogLevels(p.severity)
        const size = mapSizeFor(Math.max(ctx.width, ctx.height))
        // no map is built (or kept) while the effect is off
        return { weight, tPlasma: weight > 0 ? plasmaTexture(size, decay, p.seed, ctx.cache) : null }
      },
    },
  ],
}
