import { DataTexture, FloatType, NearestFilter, RedFormat } from 'three'
import { cachedBy } from '../../cache'
import { seededPermutation } from '../../random'
import type { PerturbationDefinition } from '../../types'
import { seedParam } from '../imagenetC'

/** Cached per (grid, seed): the permutation changes only when a slider does, never per frame. */
function permutationTexture(grid: number, seed: number, cache: Map<string, unknown>): DataTexture {
  return cachedBy(cache, 'perm', `${grid}:${seed}`, () => {
    const tex = new DataTexture(Float32Array.from(seededPermutation(grid * grid, seed)), grid * grid, 1, RedFormat, FloatType)
    tex.minFilter = tex.magFilter = NearestFilter
    tex.needsUpdate = true
    return tex
  })
}

/**
 * Zhang & Zhu 2019 style patch shuffling: the image is cut into a k×k grid whose cells are
 * re-ordered by a seeded permutation; cell `i` (row-major from the top left) shows source cell
 * `perm[i]`. k = 1 is the identity. Cell edges are `floor(i·size/k)`, so any size works.
 */
export const patchShuffle: PerturbationDefinition<'grid' | 'seed'> = {
  id: 'patch-shuffle',
  label: 'Patch Shuffling',
  group: 'spatial',
  description: 'Randomly re-orders the cells of a k×k grid (destroys global structure, keeps local texture).',
  params: [
    { name: 'grid', label: 'Grid k', min: 1, max: 8, step: 1, default: 1 },
    seedParam,
  ],
  passes: [
    {
      fragmentShader: /* glsl */ `
        uniform float grid;
        uniform sampler2D tPermutation;
        void main() {
          int k = int(grid + 0.5);
          ivec2 size = ivec2(uResolution);
          ivec2 p = imageCoord();
          // cell index and offset inside the cell, with integer cell edges floor(i*size/k)
          ivec2 cell = (p * k) / size;
          cell += ivec2(greaterThanEqual(p, ((cell + 1) * size) / k));
          ivec2 cellStart = (cell * size) / k;
          int target = int(texelFetch(tPermutation, ivec2(cell.y * k + cell.x, 0), 0).r + 0.5);
          ivec2 srcCell = ivec2(target % k, target / k);
          ivec2 srcStart = (srcCell * size) / k;
          ivec2 srcEnd = ((srcCell + 1) * size) / k;
          ivec2 src = min(srcStart + (p - cellStart), srcEnd - 1);
          gl_FragColor = vec4(fetchImage(tInput, src).rgb, 1.0);
        }`,
      uniforms: (p, ctx) => ({ grid: Math.round(p.grid), tPermutation: permutationTexture(Math.round(p.grid), Math.round(p.seed), ctx.cache) }),
    },
  ],
}
