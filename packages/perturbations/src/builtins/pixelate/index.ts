import type { PerturbationDefinition } from '../../types'
import { IMAGENET_C_LEVELS, imagenetCOutput, levelAt, severityParam } from '../imagenetC'

/** The widest PIL BOX footprint the ImageNet-C path reads per axis (scale ≤ 4 at level 5, + 1 for a partial edge). */
const MAX_BOX = 6

/**
 * Pixelation two ways. `blockSize`: every blockSize×blockSize block (aligned to the top-left
 * corner) takes the mean colour of its pixels; blocks cut by the right/bottom edge average only
 * the pixels inside the image. An ImageNet-C `severity` above 0 replaces it with the reference's
 * "pixelate": Pillow's BOX resize down to int(side·c) pixels (c = 0.6 … 0.25 at levels 1–5; rows
 * first, rounded to 8 bits in between, as Pillow does), then NEAREST back up, then the 8-bit output.
 */
export const pixelate: PerturbationDefinition<'blockSize' | 'severity'> = {
  id: 'pixelate',
  label: 'Pixelate',
  group: 'spatial',
  description: 'Replaces each block of pixels by its average colour; the ImageNet-C severity (1–5) pixelates as the reference does.',
  params: [{ name: 'blockSize', label: 'Block size (px)', min: 1, max: 16, step: 1, default: 1 }, { ...severityParam, label: 'ImageNet-C severity' }],
  passes: [
    {
      fragmentShader: /* glsl */ `
        uniform int blockSize;
        uniform vec2 small;
        ${imagenetCOutput}
        vec3 round8(vec3 v) { return floor(clamp(v, 0.0, 1.0) * 255.0 + 0.5) / 255.0; }
        // Pillow's BOX taps of output pixel i when an axis of n pixels shrinks to m: the x with
        // x ∈ [int(i·s + 0.5), int((i + 1)·s + 0.5)) and i·s − 0.5 < x ≤ (i + 1)·s − 0.5, s = n/m
        ivec2 boxTaps(int i, float n, float m) {
          float s = n / m;
          int first = max(int(float(i) * s + 0.5), int(floor(float(i) * s - 0.5)) + 1);
          int end = min(min(int((float(i) + 1.0) * s + 0.5), int(n)), int(floor((float(i) + 1.0) * s - 0.5)) + 1);
          return ivec2(first, end);
        }
        void main() {
          ivec2 size = ivec2(uResolution);
          ivec2 p = imageCoord();
          if (small.x > 0.0) {
            // NEAREST up: the small pixel under this one's centre
            ivec2 q = ivec2(floor((vec2(p) + 0.5) * small / uResolution));
            ivec2 xs = boxTaps(q.x, uResolution.x, small.x);
            ivec2 ys = boxTaps(q.y, uResolution.y, small.y);
            vec3 column = vec3(0.0);
            for (int j = 0; j < ${MAX_BOX}; j++) {
              int y = ys.x + j;
              if (y >= ys.y) break;
              vec3 row = vec3(0.0);
              for (int k = 0; k < ${MAX_BOX}; k++) {
                int x = xs.x + k;
                if (x >= xs.y) break;
                row += fetchImage(tInput, ivec2(x, y)).rgb;
              }
              column += round8(row / float(xs.y - xs.x));
            }
            gl_FragColor = vec4(imagenetCOutput(round8(column / float(ys.y - ys.x))), 1.0);
            return;
          }
          ivec2 start = (p / blockSize) * blockSize;
          ivec2 end = min(start + blockSize, size);
          vec3 sum = vec3(0.0);
          for (int y = start.y; y < end.y; y++)
            for (int x = start.x; x < end.x; x++) sum += fetchImage(tInput, ivec2(x, y)).rgb;
          ivec2 n = end - start;
          gl_FragColor = vec4(clamp(sum / float(n.x * n.y), 0.0, 1.0), 1.0);
        }`,
      uniforms: (p, ctx) => {
        const c = levelAt(IMAGENET_C_LEVELS.pixelate, p.severity, 1)
        const side = (n: number) => Math.max(1, Math.floor(n * c))
        return { blockSize: Math.max(1, Math.round(p.blockSize)), small: p.severity > 0 ? { x: side(ctx.width), y: side(ctx.height) } : { x: 0, y: 0 } }
      },
    },
  ],
}
