import type { PerturbationDefinition } from '../../types'

/**
 * ImageNet-C "defocus_blur": convolution with a disk of radius r px. The disk is anti-aliased
 * (weight = clamp(r + ½ − |d|, 0, 1), roughly the pixel's coverage) so the blur grows smoothly
 * with the slider instead of in jumps at integer r²; weights are normalised and edges clamp.
 * At r = 0 only the centre has weight, so it is the identity. The weights are recomputed per
 * tap: a sqrt is cheaper than a texture fetch, and a 17×17 table would not fit in uniforms.
 */
export const defocusBlur: PerturbationDefinition<'radius'> = {
  id: 'defocus-blur',
  label: 'Defocus Blur',
  group: 'blur',
  description: 'Blurs with a disk (out-of-focus lens) of the given radius in pixels.',
  params: [{ name: 'radius', label: 'Radius (px)', min: 0, max: 8, step: 0.05, default: 0 }],
  passes: [
    {
      fragmentShader: /* glsl */ `
        uniform float radius;
        void main() {
          ivec2 p = imageCoord();
          int reach = int(floor(radius + 0.5)); // beyond it every weight is 0
          vec3 sum = vec3(0.0);
          float total = 0.0;
          for (int dy = -reach; dy <= reach; dy++) {
            for (int dx = -reach; dx <= reach; dx++) {
              float w = clamp(radius + 0.5 - length(vec2(dx, dy)), 0.0, 1.0);
              if (w > 0.0) {
                sum += w * fetchImage(tInput, p + ivec2(dx, dy)).rgb;
                total += w;
              }
            }
          }
          gl_FragColor = vec4(clamp(sum / total, 0.0, 1.0), 1.0);
        }`,
      uniforms: (p) => ({ radius: p.radius }),
    },
  ],
}
