import { describe, expect, it } from 'vitest'
import { MorphBuilder, packAtlas } from './builder'
import { boundingBox, computeNormals, normalizeJointly, signedVolume, turnedAboutY } from './geometry'
import { ellipsoid, prism, roundedRect, type LoftShape } from './loft'
import { createNoise, hash2, mulberry32 } from './random'

// unit cube [0,1]^3, 8 shared corners, triangles counter-clockwise seen from outside
const cubePositions = new Float32Array([0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1])
const cubeIndices = new Uint32Array([
  0, 2, 1, 0, 3, 2, // z = 0, facing -z
  4, 5, 6, 4, 6, 7, // z = 1
  0, 1, 5, 0, 5, 4, // y = 0
  3, 7, 6, 3, 6, 2, // y = 1
  0, 4, 7, 0, 7, 3, // x = 0
  1, 2, 6, 1, 6, 5, // x = 1
])

describe('computeNormals', () => {
  it('gives a counter-clockwise triangle in the x-y plane the normal +z', () => {
    const n = computeNormals(new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0]), new Uint32Array([0, 1, 2]))
    expect(Array.from(n)).toEqual([0, 0, 1, 0, 0, 1, 0, 0, 1])
  })

  it('averages the faces around a cube corner into an outward, diagonal-ish normal', () => {
    const n = computeNormals(cubePositions, cubeIndices)
    for (let v = 0; v < 8; v++) {
      let dot = 0
      for (let k = 0; k < 3; k++) {
        const outward = cubePositions[v * 3 + k] > 0.5 ? 1 : -1
        // every component points away from the cube (each corner touches three faces)
        expect(n[v * 3 + k] * outward).toBeGreaterThan(0.3)
        dot += (n[v * 3 + k] * outward) / Math.sqrt(3)
      }
      expect(dot).toBeGreaterThan(0.9)
    }
  })

  it('shares one normal between welded vertices and never returns NaN', () => {
    // two triangles meeting at a crease along x, with the shared edge duplicated
    const positions = new Float32Array([0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0])
    const indices = new Uint32Array([0, 1, 2, 3, 4, 5])
    const plain = computeNormals(positions, indices)
    expect(plain[2]).toBeCloseTo(1) // vertex 0 only sees the z-facing triangle
    const welded = computeNormals(positions, indices, new Uint32Array([0, 1, 2, 0, 4, 1]))
    expect(Array.from(welded.slice(0, 3))).toEqual(Array.from(welded.slice(9, 12)))
    expect(welded[1]).toBeCloseTo(Math.SQRT1_2, 5) // the second triangle faces +y
    expect(welded[2]).toBeCloseTo(Math.SQRT1_2, 5)
    const degenerate = computeNormals(new Float32Array(9), new Uint32Array([0, 1, 2]))
    expect(Array.from(degenerate)).toEqual([0, 1, 0, 0, 1, 0, 0, 1, 0])
  })
})

describe('signedVolume / normalizeJointly', () => {
  it('is +1 for the outward cube and -1 when the winding is flipped', () => {
    expect(signedVolume(cubePositions, cubeIndices)).toBeCloseTo(1, 6)
    const flipped = cubeIndices.slice()
    for (let t = 0; t < flipped.length; t += 3) [flipped[t + 1], flipped[t + 2]] = [flipped[t + 2], flipped[t + 1]]
    expect(signedVolume(cubePositions, flipped)).toBeCloseTo(-1, 6)
  })

  it('maps several meshes with one transform: joint longest side 2, joint centre at 0', () => {
    const a = new Float32Array([0, 0, 0, 4, 1, 1])
    const b = new Float32Array([1, 0, 0, 2, 3, 1])
    normalizeJointly([a, b])
    expect(Array.from(a)).toEqual([-1, -0.75, -0.25, 1, -0.25, 0.25])
    expect(Array.from(b)).toEqual([-0.5, -0.75, -0.25, 0, 0.75, 0.25])
  })
})

describe('random', () => {
  it('mulberry32 is deterministic, seed-dependent and uniform in [0, 1)', () => {
    const a = mulberry32(42), b = mulberry32(42), c = mulberry32(43)
    const xs = Array.from({ length: 2000 }, () => a())
    expect(xs).toEqual(Array.from({ length: 2000 }, () => b()))
    expect(xs.slice(0, 10)).not.toEqual(Array.from({ length: 10 }, () => c()))
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...xs)).toBeLessThan(1)
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1)
  })

  it('value noise is bounded, seeded, smooth and periodic where asked', () => {
    const n = createNoise(7), m = createNoise(7), o = createNoise(8)
    let differs = false
    for (let i = 0; i < 500; i++) {
      const x = i * 0.37, y = i * 0.11, z = -i * 0.23
      const v = n.n3(x, y, z)
      expect(Math.abs(v)).toBeLessThanOrEqual(1)
      expect(v).toBe(m.n3(x, y, z))
      if (v !== o.n3(x, y, z)) differs = true
      expect(n.n2p(x, y, 5)).toBeCloseTo(n.n2p(x + 5, y, 5), 12)
      // continuity: a tiny step changes the value only a little
      expect(Math.abs(n.n3(x + 1e-4, y, z) - v)).toBeLessThan(1e-3)
    }
    expect(differs).toBe(true)
    const h = hash2(3, 4, 5)
    expect(h).toBe(hash2(3, 4, 5))
    expect(h).not.toBe(hash2(4, 3, 5))
  })
})

describe('lofts and the morph builder', () => {
  it('roundedRect runs counter-clockwise around an a x b rectangle', () => {
    const pts = roundedRect(2, 1, 0.1, 16)
    expect(pts.length).toBe(32)
    let area = 0, maxX = 0, maxY = 0
    for (let j = 0; j < 16; j++) {
      const k = (j + 1) % 16
      area += pts[j * 2] * pts[k * 2 + 1] - pts[k * 2] * pts[j * 2 + 1]
      maxX = Math.max(maxX, Math.abs(pts[j * 2]))
      maxY = Math.max(maxY, Math.abs(pts[j * 2 + 1]))
    }
    expect(area / 2).toBeGreaterThan(0.97 * 8) // close to the full 4 x 2 rectangle
    expect(maxX).toBeCloseTo(2, 9)
    expect(maxY).toBeCloseTo(1, 9)
    expect(() => roundedRect(1, 1, 0.1, 10)).toThrow()
  })

  it('builds closed, outward parts with the right volume and shared topology', () => {
    const ball: LoftShape = { ref: [0, 1, 0], stations: ellipsoid([-1, 0, 0], [1, 0, 0], 1, 1, 33) }
    const box: LoftShape = { ref: [0, 1, 0], stations: prism([-1, 0, 0], [1, 0, 0], 0.5, 0.25, 33, 0.02) }
    const mesh = new MorphBuilder().loft('ball', 32, ['pole', 'pole'], ball, ball).loft('box', 16, ['flat', 'flat'], box, box).build(256)
    // normalised: longest side (2) stays 2, so volumes keep their scale
    const [pb, px] = mesh.parts
    const vBall = signedVolume(mesh.shapes[0].positions, mesh.indices, pb.triStart, pb.triStart + pb.triCount)
    const vBox = signedVolume(mesh.shapes[0].positions, mesh.indices, px.triStart, px.triStart + px.triCount)
    expect(vBall / ((4 / 3) * Math.PI)).toBeGreaterThan(0.97)
    expect(vBall / ((4 / 3) * Math.PI)).toBeLessThan(1.0001)
    expect(vBox / (2 * 1 * 0.5)).toBeGreaterThan(0.99)
    expect(vBox / (2 * 1 * 0.5)).toBeLessThan(1.0001)
    // the box's side normals are crisp: at the middle station they point straight out
    const N = px.ring, row = px.firstRing + 16
    const n = mesh.shapes[0].normals
    const first = (px.vertexStart + row * (N + 1)) * 3
    expect(Math.abs(n[first + 1])).toBeGreaterThan(0.99) // j = 0 lies on the +y (ref) side
    const box3 = boundingBox(mesh.shapes[0].positions)
    expect(box3.max[0] - box3.min[0]).toBeCloseTo(2, 5)
  })

  it('rejects ends with different station counts', () => {
    const a: LoftShape = { ref: [0, 1, 0], stations: ellipsoid([-1, 0, 0], [1, 0, 0], 1, 1, 9) }
    const b: LoftShape = { ref: [0, 1, 0], stations: ellipsoid([-1, 0, 0], [1, 0, 0], 1, 1, 10) }
    expect(() => new MorphBuilder().loft('x', 8, ['pole', 'pole'], a, b)).toThrow(/station counts/)
  })

  it('packAtlas places rectangles without overlap inside the atlas, deterministically', () => {
    const rand = mulberry32(1)
    const sizes = Array.from({ length: 25 }, () => ({ w: 0.1 + rand(), h: 0.1 + rand() * 2 }))
    const rects = packAtlas(sizes, 512)
    expect(packAtlas(sizes, 512)).toEqual(rects)
    let area = 0
    rects.forEach((a, i) => {
      area += a.w * a.h
      expect(a.x >= 0 && a.y >= 0 && a.x + a.w <= 512 && a.y + a.h <= 512).toBe(true)
      rects.forEach((b, j) => {
        if (j <= i) return
        expect(a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h).toBe(false)
      })
    })
    expect(area / 512 ** 2).toBeGreaterThan(0.6)
  })
})

describe('turnedAboutY', () => {
  it('turns +x towards −z about the vertical, positions and normals alike, keeping lengths', () => {
    const mesh = { positions: new Float32Array([1, 0.5, 0, 0, 2, 1]), normals: new Float32Array([1, 0, 0, 0, 0, 1]) }
    const quarter = turnedAboutY(mesh, 90)
    expect(Array.from(quarter.positions, (v) => +v.toFixed(6) + 0)).toEqual([0, 0.5, -1, 1, 2, 0])
    expect(Array.from(quarter.normals, (v) => +v.toFixed(6) + 0)).toEqual([0, 0, -1, 1, 0, 0])
    const back = turnedAboutY(turnedAboutY(mesh, 37), -37)
    for (let i = 0; i < 6; i++) expect(back.positions[i]).toBeCloseTo(mesh.positions[i], 6)
    expect(mesh.positions[0]).toBe(1) // the input is left as it was
  })
})
