import type { PerturbationDefinition } from '../../types'

export const MOTION_BLUR_MAX_TAPS = 24

/**
 * Integer pixel offsets of the N = max(1, round(length)) taps, evenly spaced on a segment of
 * `length` px centred on the pixel, at `angle` degrees counter-clockwise from +x as seen on
 * screen (image y points down, hence −sin). Offsets are rounded to whole pixels (floor(v + ½))
 * in float64 here, so the shader does no trigonometry and the GPU matches the CPU exactly.
 */
export function motionBlurOffsets(length: number, angle: number): Float32Array {
  const n = Math.min(MOTION_BLUR_MAX_TAPS, Math.max(1, Math.round(length)))
  const a = (angle * Math.PI) / 180
  const out = new Float32Array(MOTION_BLUR_MAX_TAPS * 2)
  for (let i = 0; i < n; i++) {
    const t = ((i + 0.5) / n - 0.5) * length
    out[2 * i] = Math.floor(t * Math.cos(a) + 0.5)
    out[2 * i + 1] = Math.floor(-t * Math.sin(a) + 0.5)
  }
  return out
}

/** Offsets are rebuilt only when length or angle change (one cache entry, not one per frame). */
function cachedOffsets(length: number, angle: number, cache: Map<string, unknown>): Float32Array {
  const key = `${length}:${angle}`
  let entry = cache.get('motion') as { key: string; offsets: Float32Array } | undefined
  if (!entry || entry.key !== key) {
    entry = { key, offsets: motionBlurOffsets(length, angle) }
    cache.set('motion', entry)
  }
  return entry.offsets
}

/** ImageNet-C "motion_blur": the mean of N samples along a line through the pixel, edge clamp. */
export const motionBlur: PerturbationDefinition<'length' | 'angle'> = {
  id: 'motion-blur',
  label: 'Motion Blur',
  group: 'blur',
  description: 'Averages the image along a line of the given length (px) and angle (degrees).',
  params: [
    { name: 'length', label: 'Length (px)', min: 0, max: MOTION_BLUR_MAX_TAPS, step: 0.1, default: 0 },
    { name: 'angle', label: 'Angle (°)', min: 0, max: 180, step: 1, default: 0 },
  ],
  passes: [
    {
      fragmentShader: /* glsl */ `
        uniform int taps;
        uniform vec2 offsets[${MOTION_BLUR_MAX_TAPS}];
        void main() {
          ivec2 p = imageCoord();
          vec3 sum = vec3(0.0);
          for (int i = 0; i < taps; i++) sum += fetchImage(tInput, p + ivec2(offsets[i])).rgb;
          gl_FragColor = vec4(clamp(sum / float(taps), 0.0, 1.0), 1.0);
        }`,
      uniforms: (p, ctx) => ({
        taps: Math.min(MOTION_BLUR_MAX_TAPS, Math.max(1, Math.round(p.length))),
        offsets: cachedOffsets(p.length, p.angle, ctx.cache),
      }),
    },
  ],
}
