import { cachedBy } from '../../cache'
import type { PerturbationDefinition } from '../../types'
import { IMAGENET_C_LEVELS, imagenetCOutput, levelAt, severityParam } from '../imagenetC'

/** The most zoom layers a level averages (level 2: 1.00 … 1.15). */
export const ZOOM_BLUR_MAX_LAYERS = Math.max(...IMAGENET_C_LEVELS.zoomFactors.map((c) => c.length))

/** Python's `round`: half to even. */
const roundHalfEven = (v: number) => {
  const r = Math.round(v)
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r
}

/**
 * One axis of the reference's `clipped_zoom(img, z)`: the centred crop of ch = ⌈n/z⌉ pixels from
 * top = ⌊(n − ch)/2⌋, scaled by scipy's `zoom(order=1)` to round(ch·z) pixels, whose output pixel
 * i samples the crop at i·(ch − 1)/(out − 1) (grid_mode=False; checked against scipy 1.10 to
 * float32 rounding), of which the first n are kept. Output pixel i reads the image at i·scale + top.
 */
export function zoomAxis(n: number, z: number): { scale: number; top: number } {
  const ch = Math.ceil(n / z)
  const top = Math.floor((n - ch) / 2)
  const out = roundHalfEven(ch * z)
  return { scale: out > 1 ? (ch - 1) / (out - 1) : 0, top }
}

/**
 * The zoom factors at a continuous severity. Whole levels are the reference's lists exactly. In
 * between, the upper level's list is scaled towards 1 (z ↦ 1 + (z − 1)·t) so that its largest
 * factor is the levels' largest factors interpolated linearly (1 at severity 0): the blur's reach
 * grows smoothly, and only the number of layers changes at a level.
 */
export function zoomFactors(severity: number): number[] {
  const s = Math.min(5, Math.max(0, severity))
  if (s <= 0) return []
  const levels = IMAGENET_C_LEVELS.zoomFactors
  const upper = levels[Math.ceil(s) - 1]
  if (Number.isInteger(s)) return [...upper]
  const largest = levelAt(levels.map((c) => c[c.length - 1]), s, 1)
  const t = (largest - 1) / (upper[upper.length - 1] - 1)
  return upper.map((z) => 1 + (z - 1) * t)
}

/** Per layer (x scale, x offset, y scale, y offset), padded to the uniform array's length. */
export function zoomLayers(severity: number, width: number, height: number): { count: number; layers: Float32Array } {
  const factors = zoomFactors(severity)
  const layers = new Float32Array(ZOOM_BLUR_MAX_LAYERS * 4)
  factors.forEach((z, i) => {
    const x = zoomAxis(width, z)
    const y = zoomAxis(height, z)
    layers.set([x.scale, x.top, y.scale, y.top], i * 4)
  })
  return { count: factors.length, layers }
}

const cachedLayers = (severity: number, width: number, height: number, cache: Map<string, unknown>) => cachedBy(cache, 'zoom', `${severity}:${width}:${height}`, () => zoomLayers(severity, width, height))

/**
 * ImageNet-C "zoom_blur": the mean of the image and its `clipped_zoom`s (centre crops scaled back
 * up by bilinear interpolation, see `zoomAxis`) for every zoom factor of the level (1.00 … 1.11 in
 * steps of 0.01 at level 1, … 1.00 … 1.30 in steps of 0.03 at level 5; 1.00 is included, so the
 * image itself counts twice), then the clip and 8-bit truncation. Sums in float32 like the
 * reference, which interpolates in float64 before rounding each layer to float32. Between levels
 * see `zoomFactors`; severity 0 is the identity.
 */
export const zoomBlur: PerturbationDefinition<'severity'> = {
  id: 'zoom-blur',
  label: 'Zoom Blur',
  group: 'blur',
  description: 'Averages the image with zoomed-in copies of itself, as a camera zooming during the exposure (ImageNet-C levels 1–5).',
  params: [severityParam],
  passes: [
    {
      fragmentShader: /* glsl */ `
        uniform int uLayers;
        uniform vec4 uZoom[${ZOOM_BLUR_MAX_LAYERS}];
        ${imagenetCOutput}
        void main() {
          ivec2 p = imageCoord();
          vec3 c = fetchImage(tInput, p).rgb;
          if (uLayers == 0) {
            gl_FragColor = vec4(c, 1.0);
            return;
          }
          vec3 sum = vec3(0.0);
          for (int i = 0; i < uLayers; i++) {
            vec2 at = vec2(p) * uZoom[i].xz + uZoom[i].yw;
            vec2 base = floor(at);
            vec2 f = at - base;
            ivec2 q = ivec2(base);
            vec3 top = mix(fetchImage(tInput, q).rgb, fetchImage(tInput, q + ivec2(1, 0)).rgb, f.x);
            vec3 bottom = mix(fetchImage(tInput, q + ivec2(0, 1)).rgb, fetchImage(tInput, q + ivec2(1, 1)).rgb, f.x);
            sum += mix(top, bottom, f.y);
          }
          gl_FragColor = vec4(imagenetCOutput((c + sum) / float(uLayers + 1)), 1.0);
        }`,
      uniforms: (p, ctx) => {
        const { count, layers } = cachedLayers(p.severity, ctx.width, ctx.height, ctx.cache)
        return { uLayers: count, uZoom: layers }
      },
    },
  ],
}
