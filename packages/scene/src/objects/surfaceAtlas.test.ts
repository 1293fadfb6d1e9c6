import { describe, expect, it } from 'vitest'
import { boundingBox } from './geometry'
import { builtinObjects } from './index'
import { paintSurface, surfaceAtlas } from './surfaceAtlas'
import type { MorphableObject } from './types'

/** A unit square in the x-y plane whose UVs equal its positions (u = x, v = y), as two triangles. */
function square(): MorphableObject {
  const positions = Float32Array.from([0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0])
  const shape = { positions, normals: new Float32Array(12) }
  return {
    id: 'square',
    labels: ['a', 'b'],
    shapes: [shape, { positions: positions.map((p) => p * 2), normals: shape.normals }],
    uvs: Float32Array.from([0, 0, 1, 0, 1, 1, 0, 1]),
    indices: Uint32Array.from([0, 1, 2, 0, 2, 3]),
    textures: [{ width: 1, height: 1, data: new Uint8ClampedArray(4) }, { width: 1, height: 1, data: new Uint8ClampedArray(4) }],
  }
}

describe('surfaceAtlas', () => {
  it('puts the interpolated surface point at every texel centre', () => {
    const size = 16
    const atlas = surfaceAtlas(square(), 0, size, 0)
    expect(atlas.coverage.every((c) => c === 1)).toBe(true)
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const i = (y * size + x) * 3
        expect(atlas.positions[i]).toBeCloseTo((x + 0.5) / size, 5)
        expect(atlas.positions[i + 1]).toBeCloseTo((y + 0.5) / size, 5)
        expect(atlas.positions[i + 2]).toBe(0)
      }
    }
    // the other morph end: the same texels, that end's positions
    const other = surfaceAtlas(square(), 1, size, 0)
    expect(other.positions[(3 * size + 5) * 3]).toBeCloseTo((2 * 5.5) / size, 5)
  })

  it('covers exactly the texels inside the triangles, then bleeds outwards by the given steps', () => {
    const half = { ...square(), indices: Uint32Array.from([0, 1, 2]) } // the triangle below the diagonal u = v
    const size = 8
    const bare = surfaceAtlas(half, 0, size, 0)
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) expect(bare.coverage[y * size + x]).toBe(x >= y ? 1 : 0)
    const bled = surfaceAtlas(half, 0, size, 1)
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) expect(bled.coverage[y * size + x]).toBe(x >= y ? 1 : x === y - 1 ? 2 : 0)
    }
    // a bled texel copies its covered neighbour's position
    const i = 3 * size + 2, j = 3 * size + 3
    expect(Array.from(bled.positions.slice(i * 3, i * 3 + 3))).toEqual(Array.from(bled.positions.slice(j * 3, j * 3 + 3)))
  })

  it('on a built-in object, covers the used part of the atlas with points on the object', () => {
    const obj = builtinObjects['dog-cat']()
    const atlas = surfaceAtlas(obj, 1, 128)
    const covered = atlas.coverage.reduce((n, c) => n + (c ? 1 : 0), 0) / atlas.coverage.length
    expect(covered).toBeGreaterThan(0.5)
    const box = boundingBox(obj.shapes[1].positions)
    for (let t = 0; t < atlas.coverage.length; t++) {
      if (!atlas.coverage[t]) continue
      for (let k = 0; k < 3; k++) {
        const p = atlas.positions[t * 3 + k]
        expect(p >= box.min[k] - 1e-5 && p <= box.max[k] + 1e-5).toBe(true)
      }
    }
  })
})

describe('paintSurface', () => {
  it('paints the surface point of each covered texel and the background elsewhere', () => {
    const half = { ...square(), indices: Uint32Array.from([0, 1, 2]) }
    const atlas = surfaceAtlas(half, 0, 4, 0)
    const img = paintSurface(atlas, (x, y, _z, out) => out.set([x * 255, y * 255, 7]), [1, 2, 3])
    expect(img.width).toBe(4)
    // texel (2, 1): covered, at (0.625, 0.375); texel (0, 3): not covered
    expect(Array.from(img.data.slice((1 * 4 + 2) * 4, (1 * 4 + 2) * 4 + 4))).toEqual([Math.round(0.625 * 255), Math.round(0.375 * 255), 7, 255])
    expect(Array.from(img.data.slice((3 * 4 + 0) * 4, (3 * 4 + 0) * 4 + 4))).toEqual([1, 2, 3, 255])
  })
})
