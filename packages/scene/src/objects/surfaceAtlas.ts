/**
 * Where each texel of an object's texture atlas lies on its surface: the triangles rasterised in
 * UV space with their 3D positions interpolated. With it, any solid (3D) pattern can be painted
 * into the atlas of any object, built-in or uploaded, without knowing how it was built; e.g.
 * the random styles of texture-randomised ("stylized") training data, which then continue across
 * UV seams and part boundaries instead of showing the atlas layout.
 */
import { rasterizeTriangle } from './geometry'
import type { MorphableObject, RgbaImage } from './types'

export interface SurfaceAtlas {
  /** width and height in texels */
  size: number
  /** xyz per texel (row 0 = v 0 = the top row), on the shape of the chosen morph end */
  positions: Float32Array
  /** 1 where a triangle covers the texel, 2 where it was filled from a covered neighbour, 0 elsewhere */
  coverage: Uint8Array
}

/**
 * Rasterises `object`'s triangles at `size`×`size` texels in UV space (texel centres, top-left
 * rule-free: a texel on a shared edge takes the later triangle). Then grows the covered region
 * by `bleed` texels, copying the nearest covered neighbour, so that bilinear and mip-mapped
 * sampling at part edges still reads surface values.
 */
export function surfaceAtlas(object: MorphableObject, end: 0 | 1, size: number, bleed = 2): SurfaceAtlas {
  const P = object.shapes[end].positions
  const uv = object.uvs
  const idx = object.indices
  const positions = new Float32Array(size * size * 3)
  const coverage = new Uint8Array(size * size)
  const corner = (i: number): [number, number] => [uv[i * 2] * size, uv[i * 2 + 1] * size]
  for (let t = 0; t < idx.length; t += 3) {
    const a = idx[t], b = idx[t + 1], c = idx[t + 2]
    rasterizeTriangle(
      corner(a),
      corner(b),
      corner(c),
      size,
      (x, y, wa, wb, wc) => {
        const o = (y * size + x) * 3
        for (let k = 0; k < 3; k++) positions[o + k] = wa * P[a * 3 + k] + wb * P[b * 3 + k] + wc * P[c * 3 + k]
        coverage[y * size + x] = 1
      },
      1e-12,
    )
  }
  for (let step = 0; step < bleed; step++) grow(positions, coverage, size)
  return { size, positions, coverage }
}

/** One step of dilation: every empty texel with a filled 4-neighbour copies the first such neighbour. */
function grow(positions: Float32Array, coverage: Uint8Array, size: number): void {
  const before = coverage.slice()
  const neighbours = [-1, 1, -size, size]
  for (let i = 0; i < before.length; i++) {
    if (before[i]) continue
    const x = i % size
    for (const d of neighbours) {
      const j = i + d
      if (j < 0 || j >= before.length || (d === -1 && x === 0) || (d === 1 && x === size - 1) || !before[j]) continue
      positions.copyWithin(i * 3, j * 3, j * 3 + 3)
      coverage[i] = 2
      break
    }
  }
}

/**
 * Paints a solid pattern into the atlas: `paint(x, y, z, out)` writes an RGB colour (0..255) for
 * the surface point (x, y, z). Texels off the surface get `background`. Alpha is 255.
 */
export function paintSurface(atlas: SurfaceAtlas, paint: (x: number, y: number, z: number, out: Float64Array) => void, background: readonly [number, number, number] = [128, 128, 128]): RgbaImage {
  const { size, positions, coverage } = atlas
  const data = new Uint8ClampedArray(size * size * 4)
  const out = new Float64Array(3)
  for (let i = 0; i < size * size; i++) {
    if (coverage[i]) {
      paint(positions[i * 3], positions[i * 3 + 1], positions[i * 3 + 2], out)
      data[i * 4] = out[0]
      data[i * 4 + 1] = out[1]
      data[i * 4 + 2] = out[2]
    } else {
      data[i * 4] = background[0]
      data[i * 4 + 1] = background[1]
      data[i * 4 + 2] = background[2]
    }
    data[i * 4 + 3] = 255
  }
  return { width: size, height: size, data }
}
