import { blurPass } from '../../glsl/blur'
import type { ParamValues, PerturbationDefinition } from '../../types'
import { IMAGENET_C_LEVELS, imagenetCOutput, levelAt, seedParam, severityParam } from '../imagenetC'

/** Seeds 6000.. are this effect's own stream, independent of the other noise effects' in one chain. */
export const FROST_SEED_OFFSET = 6000

/**
 * The procedural frost, calibrated on the reference's photos (see `frost`). Crystal layers:
 * Voronoi cell size, needle length and width (px), weight — coarse to fine.
 */
export const FROST_CRYSTALS = [
  [40, 14, 2, 1],
  [22, 9, 1.5, 0.8],
  [12, 5, 1, 0.5],
] as const
/** weight of the cloudy base (value noise of 56 and 23 px, 0.6 : 0.4) against the crystals */
export const FROST_BASE_WEIGHT = 0.8
/** σ (px) of the final softening: the photos are smooth at the pixel scale */
export const FROST_SOFTEN = 0.7
/** mean and spread of the softened field over many seeds, to map it to the photos' tone */
export const FROST_FIELD_MEAN = 1.2333
export const FROST_FIELD_STD = 0.2952
/** mean RGB of the crops the reference draws (frost1–5, equally likely) and their spread */
export const FROST_TINT = [0.57, 0.66, 0.7] as const
export const FROST_SPREAD = 0.11

export function frostWeights(p: ParamValues<'severity' | 'seed'>): { image: number; frost: number; seed: number } {
  const levels = IMAGENET_C_LEVELS.frost
  return {
    image: levelAt(levels.map((l) => l[0]), p.severity, 1),
    frost: levelAt(levels.map((l) => l[1]), p.severity, 0),
    seed: Math.round(p.seed) + FROST_SEED_OFFSET,
  }
}

const crystalsGlsl = FROST_CRYSTALS.map(([cell, length, width, weight], k) => `field += ${weight.toFixed(3)} * crystals(q, ${cell.toFixed(1)}, ${length.toFixed(1)}, ${width.toFixed(1)}, stream + ${(2 + 2 * k).toFixed(1)});`).join('\n          ')

/**
 * ImageNet-C "frost": c0·x + c1·frost, clipped and truncated to 8 bits, where the reference's
 * frost is a random 224 px crop of one of its frost photographs (frost1–5; frost6 is never
 * drawn, and frost2 and frost3 are the same picture) scaled by 1.1.
 *
 * We do not ship the photographs: the frost is synthesised on the GPU, seeded. A cloudy value-noise
 * base plus three layers of crystal needles — ridged, strongly anisotropic value noise whose
 * direction is constant within each Voronoi cell, so needles grow in straight patches like frost
 * ferns — softened by a Gaussian of σ 0.7 px and mapped to the photos' mean tint (R 0.57,
 * G 0.66, B 0.70) and spread (0.11). A user citing "ImageNet-C frost" gets the reference's blend
 * weights, its tint and brightness on average, and a texture whose 224 px spectrum is within a
 * factor of about two of the photos' at every scale, so the difference image's mean, spread and
 * spectrum fall within the reference's seed-to-seed range. They do not get the photographs'
 * pixels or their variety: each reference draw has one photo's colour (frost1 is turquoise,
 * frost2 near white, frost5 darker grey), ours always the average tint, and our crystals are
 * a stylised, uniform pattern rather than real ice.
 */
export const frost: PerturbationDefinition<'severity' | 'seed'> = {
  id: 'frost',
  label: 'Frost',
  group: 'noise',
  description: 'Frosted glass: a procedural ice-crystal texture blended over the image (ImageNet-C levels 1–5, synthesised instead of the reference’s photos).',
  params: [severityParam, seedParam],
  passes: [
    {
      name: 'frostField',
      fragmentShader: /* glsl */ `
        uniform float stream;
        float valueNoise(vec2 uv, float s) {
          vec2 i = floor(uv), f = uv - i;
          f = f * f * (3.0 - 2.0 * f);
          ivec2 c = ivec2(i);
          float a = hash3(c, s).x, b = hash3(c + ivec2(1, 0), s).x;
          float d = hash3(c + ivec2(0, 1), s).x, e = hash3(c + ivec2(1, 1), s).x;
          return mix(mix(a, b, f.x), mix(d, e, f.x), f.y);
        }
        // needles along the direction of the nearest Voronoi point's cell; the direction is the
        // rational (trig-free) parametrisation of the half circle, since GPU cos/sin are too coarse
        // at 224 px / 1 px-wide needles for the CPU reference to follow
        float crystals(vec2 q, float cell, float len, float width, float s) {
          vec2 u = q / cell;
          ivec2 c = ivec2(floor(u));
          float best = 1.0e9, t = 0.0;
          for (int j = -1; j <= 1; j++) for (int i = -1; i <= 1; i++) {
            ivec2 k = c + ivec2(i, j);
            vec3 h = hash3(k, s);
            vec2 d = u - (vec2(k) + h.xy);
            float dist = dot(d, d);
            if (dist < best) { best = dist; t = 2.0 * h.z - 1.0; }
          }
          float cs = (1.0 - t * t) / (1.0 + t * t), sn = 2.0 * t / (1.0 + t * t);
          float n = valueNoise(vec2((q.x * cs + q.y * sn) / len, (q.y * cs - q.x * sn) / width), s + 1.0);
          float ridge = 1.0 - abs(2.0 * n - 1.0);
          return ridge * ridge * ridge;
        }
        void main() {
          vec2 q = vec2(imageCoord());
          float field = ${FROST_BASE_WEIGHT.toFixed(3)} * (0.6 * valueNoise(q / 56.0, stream) + 0.4 * valueNoise(q / 23.0, stream + 1.0));
          ${crystalsGlsl}
          gl_FragColor = vec4(field, 0.0, 0.0, 1.0);
        }`,
      uniforms: (p) => ({ stream: frostWeights(p).seed * 16 }),
    },
    blurPass({ name: 'frostX', axis: 'x', source: 'frostField', prefix: 'soften', maxSigma: FROST_SOFTEN, sigma: () => FROST_SOFTEN }),
    blurPass({
      axis: 'y',
      source: 'frostX',
      prefix: 'soften',
      maxSigma: FROST_SOFTEN,
      sigma: () => FROST_SOFTEN,
      declarations: /* glsl */ `
        uniform float imageWeight, frostWeight;
        ${imagenetCOutput}`,
      finish: /* glsl */ `
        vec3 x = fetchImage(tInput, p).rgb;
        vec3 ice = clamp(vec3(${FROST_TINT.map((v) => v.toFixed(3)).join(', ')}) + ${FROST_SPREAD.toFixed(3)} * (c.r - ${FROST_FIELD_MEAN.toFixed(4)}) / ${FROST_FIELD_STD.toFixed(4)}, 0.0, 1.0);
        c = frostWeight > 0.0 ? imagenetCOutput(imageWeight * x + frostWeight * ice) : x;`,
      extraUniforms: (p) => {
        const w = frostWeights(p)
        return { imageWeight: w.image, frostWeight: w.frost }
      },
    }),
  ],
}
