import { blurPass, blurUniforms, gaussianTaps, type Axis } from '../../glsl/blur'
import type { PassSpec, PerturbationDefinition } from '../../types'
import { IMAGENET_C_LEVELS, imagenetCOutput, levelAt, seedParam, severityParam } from '../imagenetC'

/** Seeds 9000.. are this effect's own stream, independent of the other noise effects' in one chain. */
export const ELASTIC_SEED_OFFSET = 9000

/** The displacement field's smoothing: σ = 1 % of the side along each axis, radius int(3σ + 0.5) (scipy, truncate 3). */
export const fieldSigma = (side: number) => 0.01 * side
export const fieldRadius = (side: number) => Math.floor(3 * fieldSigma(side) + 0.5)
/** the largest σ the blur's weight array holds (images up to 2048 px); larger ones are cut at its radius */
const MAX_SIGMA = 20.48

/** scipy's 'reflect' (half-sample symmetric: −1 → 0, n → n − 1) of an `ivec2` expression, for offsets under one side */
const reflect = (q: string) => `min(max(${q}, -1 - ${q}), 2 * ivec2(uResolution) - 1 - max(${q}, -1 - ${q}))`

const alphaOf = (p: { severity: number }) => levelAt(IMAGENET_C_LEVELS.elasticAlpha, p.severity)

/** One axis of the field's Gaussian ('reflect' borders); the vertical one also scales by α. */
function fieldBlur(axis: Axis, name: string, from: string): PassSpec<'severity' | 'seed'> {
  const prefix = axis === 'x' ? 'uFieldX' : 'uFieldY'
  const pass = blurPass<'severity' | 'seed'>({
    name,
    axis,
    sigma: () => 0,
    maxSigma: MAX_SIGMA,
    prefix,
    fetch: (q) => `fetchImage(tFrom, ${reflect(q)})`,
    samplers: { tFrom: from },
    declarations: 'uniform float alpha;',
    finish: axis === 'y' ? 'c *= alpha;' : '',
  })
  // σ depends on the image's size, which only the uniform context knows
  return {
    ...pass,
    uniforms: (p, ctx) => {
      const side = axis === 'x' ? ctx.width : ctx.height
      return { alpha: alphaOf(p), ...blurUniforms(prefix, fieldSigma(side), gaussianTaps(MAX_SIGMA), ctx.cache, fieldRadius(side)) }
    },
  }
}

/**
 * ImageNet-C "elastic_transform" (imagecorruptions' version): per pixel, two uniform draws in
 * [−m, m] (m = 0.5 % of the height, for both axes, as the reference has it), each field smoothed
 * by a Gaussian of σ = 1 % of the side (mode 'reflect', truncate 3) and scaled by α = 12.5 … 30,
 * moves the pixel's sampling point to (y + dy, x + dx); the image is sampled there bilinearly with
 * 'reflect' borders (scipy's `map_coordinates(order=1)`), then clipped and truncated to 8 bits.
 * Passes: the uniform field (hash), its horizontal and vertical blur, the bilinear remap. Exact in
 * structure; the random numbers are our hash's, not numpy's, so it matches in distribution.
 * Between levels α is interpolated.
 */
export const elasticTransform: PerturbationDefinition<'severity' | 'seed'> = {
  id: 'elastic-transform',
  label: 'Elastic Transform',
  group: 'spatial',
  description: 'Moves pixels along a smooth random displacement field (ImageNet-C levels 1–5).',
  params: [severityParam, seedParam],
  passes: [
    {
      name: 'field',
      fragmentShader: /* glsl */ `
        uniform float seed;
        uniform float maxShift;
        void main() {
          vec2 u = hash3(imageCoord(), seed).xy;
          gl_FragColor = vec4(-maxShift + 2.0 * maxShift * u, 0.0, 1.0);
        }`,
      uniforms: (p, ctx) => ({ seed: Math.round(p.seed) + ELASTIC_SEED_OFFSET, maxShift: 0.005 * ctx.height }),
    },
    fieldBlur('x', 'fieldX', 'field'),
    fieldBlur('y', 'displacement', 'fieldX'),
    {
      samplers: { tDisplacement: 'displacement' },
      fragmentShader: /* glsl */ `
        uniform sampler2D tDisplacement;
        uniform float alpha;
        ${imagenetCOutput}
        vec3 at(ivec2 q) { return fetchImage(tInput, ${reflect('q')}).rgb; }
        void main() {
          ivec2 p = imageCoord();
          if (alpha <= 0.0) { gl_FragColor = vec4(fetchImage(tInput, p).rgb, 1.0); return; }
          vec2 c = vec2(p) + fetchImage(tDisplacement, p).rg;
          ivec2 i = ivec2(floor(c));
          vec2 t = c - floor(c);
          vec3 top = mix(at(i), at(i + ivec2(1, 0)), t.x);
          vec3 bottom = mix(at(i + ivec2(0, 1)), at(i + ivec2(1, 1)), t.x);
          gl_FragColor = vec4(imagenetCOutput(mix(top, bottom, t.y)), 1.0);
        }`,
      uniforms: (p) => ({ alpha: alphaOf(p) }),
    },
  ],
}
