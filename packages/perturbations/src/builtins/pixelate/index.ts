import type { PerturbationDefinition } from '../../types'

/**
 * ImageNet-C "pixelate": every blockSize×blockSize block (aligned to the top-left image corner)
 * takes the mean colour of its pixels; blocks cut by the right/bottom edge average only the
 * pixels inside the image. ImageNet-C down- and up-samples with a box filter, which is this.
 */
export const pixelate: PerturbationDefinition<'blockSize'> = {
  id: 'pixelate',
  label: 'Pixelate',
  group: 'spatial',
  description: 'Replaces each block of pixels by its average colour.',
  params: [{ name: 'blockSize', label: 'Block size (px)', min: 1, max: 16, step: 1, default: 1 }],
  passes: [
    {
      fragmentShader: /* glsl */ `
        uniform int blockSize;
        void main() {
          ivec2 size = ivec2(uResolution);
          ivec2 start = (imageCoord() / blockSize) * blockSize;
          ivec2 end = min(start + blockSize, size);
          vec3 sum = vec3(0.0);
          for (int y = start.y; y < end.y; y++)
            for (int x = start.x; x < end.x; x++) sum += fetchImage(tInput, ivec2(x, y)).rgb;
          ivec2 n = end - start;
          gl_FragColor = vec4(clamp(sum / float(n.x * n.y), 0.0, 1.0), 1.0);
        }`,
      uniforms: (p) => ({ blockSize: Math.max(1, Math.round(p.blockSize)) }),
    },
  ],
}
