import { describe, expect, it } from 'vitest'
import { ATLAS_PAD, type BuiltMesh } from './builder'
import { buildDogCatMesh, createDogCat } from './dogCat'
import { boundingBox, signedVolume, turnedAboutY } from './geometry'
import { builtinObjectLabels, builtinObjects, getBuiltinObject, TEXTURE_SIZE } from './index'
import { lerpPositions, maskIoU, sideSilhouette } from './silhouette'
import { buildTruckCarMesh, createTruckCar, RACE_CAR_TURN } from './truckCar'
import { buildTeapotMugMesh, createTeapotMug, TEAPOT_TURN } from './teapotMug'
import { buildFishBirdMesh, createFishBird, MACAW_TURN } from './fishBird'
import { buildPlaneBoatMesh, createPlaneBoat } from './planeBoat'
import { BUILTIN_OBJECT_IDS, type BuiltinObjectId } from './builtins'
import type { MorphableObject, RgbaImage } from './types'

interface Case {
  id: BuiltinObjectId
  labels: [string, string]
  create: () => MorphableObject
  mesh: () => BuiltMesh
  /** both ends stand on one ground plane (not so for things that swim or fly) */
  grounded: boolean
  /** degrees each end is turned about the vertical after it is built (its pose) */
  turns: [number, number]
}

const cases: Case[] = [
  { id: 'dog-cat', labels: ['dog', 'cat'], create: createDogCat, mesh: buildDogCatMesh, grounded: true, turns: [0, 0] },
  { id: 'firetruck-racecar', labels: ['fire truck', 'race car'], create: createTruckCar, mesh: buildTruckCarMesh, grounded: true, turns: [0, RACE_CAR_TURN] },
  { id: 'teapot-mug', labels: ['teapot', 'coffee mug'], create: createTeapotMug, mesh: buildTeapotMugMesh, grounded: true, turns: [TEAPOT_TURN, 0] },
  { id: 'goldfish-macaw', labels: ['goldfish', 'macaw'], create: createFishBird, mesh: buildFishBirdMesh, grounded: false, turns: [0, MACAW_TURN] },
  { id: 'airliner-sailboat', labels: ['airliner', 'sailboat'], create: createPlaneBoat, mesh: buildPlaneBoatMesh, grounded: false, turns: [0, 0] },
]

it('every built-in object is covered here, and the first two ids stay as they were', () => {
  expect(cases.map((c) => c.id).sort()).toEqual([...BUILTIN_OBJECT_IDS].sort())
  expect(BUILTIN_OBJECT_IDS.slice(0, 2)).toEqual(['dog-cat', 'firetruck-racecar'])
})

const bytes = (a: ArrayBufferView) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
/** byte-wise equality (vitest's deep toEqual is far too slow for megabyte arrays) */
function sameBytes(a: ArrayBufferView, b: ArrayBufferView): boolean {
  const x = bytes(a), y = bytes(b)
  if (x.length !== y.length) return false
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false
  return true
}
const luminance = (img: RgbaImage, i: number) => 0.299 * img.data[i * 4] + 0.587 * img.data[i * 4 + 1] + 0.114 * img.data[i * 4 + 2]

describe.each(cases)('built-in object $id', ({ id, labels, create, mesh, grounded, turns }) => {
  const obj = builtinObjects[id]()
  const V = obj.shapes[0].positions.length / 3
  const built = mesh()

  it('has its id and labels and is memoised', () => {
    expect(obj.id).toBe(id)
    expect(obj.labels).toEqual(labels)
    expect(builtinObjectLabels[id]).toEqual(obj.labels)
    expect(builtinObjects[id]()).toBe(obj)
    expect(getBuiltinObject(id)).toBe(obj)
  })

  it('shares one topology between both ends', () => {
    expect(V).toBeGreaterThan(500)
    expect(V).toBeLessThanOrEqual(20_000)
    for (const s of obj.shapes) {
      expect(s.positions.length).toBe(V * 3)
      expect(s.normals.length).toBe(V * 3)
    }
    expect(obj.uvs.length).toBe(V * 2)
    expect(obj.indices.length % 3).toBe(0)
    expect(obj.indices.length).toBeGreaterThan(3 * 500)
    let max = 0
    for (const i of obj.indices) max = Math.max(max, i)
    expect(max).toBeLessThan(V)
    // the builder's part layout produces exactly these shared arrays for both ends
    expect(sameBytes(built.indices, obj.indices)).toBe(true)
    expect(sameBytes(built.uvs, obj.uvs)).toBe(true)
  })

  it('has finite positions and uvs inside the atlas', () => {
    for (const s of obj.shapes) expect(s.positions.every(Number.isFinite)).toBe(true)
    expect(obj.uvs.every((u) => u >= 0 && u <= 1)).toBe(true)
  })

  it('has unit-length normals on both ends', () => {
    for (const s of obj.shapes) {
      let worst = 0
      for (let v = 0; v < V; v++) {
        const l = Math.hypot(s.normals[v * 3], s.normals[v * 3 + 1], s.normals[v * 3 + 2])
        worst = Math.max(worst, Number.isNaN(l) ? Infinity : Math.abs(l - 1))
      }
      expect(worst).toBeLessThan(1e-3)
    }
  })

  it('is normalised jointly (longest side 2, centred at the origin), then each end turned to its pose', () => {
    for (const end of [0, 1] as const) {
      const posed = turnedAboutY(built.shapes[end], turns[end])
      expect(sameBytes(obj.shapes[end].positions, posed.positions)).toBe(true)
      expect(sameBytes(obj.shapes[end].normals, posed.normals)).toBe(true)
    }
    const min = [Infinity, Infinity, Infinity], max = [-Infinity, -Infinity, -Infinity]
    for (const s of built.shapes) {
      const b = boundingBox(s.positions)
      for (let k = 0; k < 3; k++) {
        min[k] = Math.min(min[k], b.min[k])
        max[k] = Math.max(max[k], b.max[k])
      }
    }
    expect(Math.max(max[0] - min[0], max[1] - min[1], max[2] - min[2])).toBeCloseTo(2, 4)
    for (let k = 0; k < 3; k++) expect(Math.abs(min[k] + max[k])).toBeLessThan(1e-4)
    // both ends stand on the same ground (where they stand at all) and face +x (longer along x than across)
    const b0 = boundingBox(built.shapes[0].positions), b1 = boundingBox(built.shapes[1].positions)
    if (grounded) expect(Math.abs(b0.min[1] - b1.min[1])).toBeLessThan(0.02)
    for (const b of [b0, b1]) expect(b.max[0] - b.min[0]).toBeGreaterThan(b.max[2] - b.min[2])
  })

  it('faces outwards: every closed part has a positive volume, normals agree with the winding', () => {
    for (const s of obj.shapes) {
      for (const part of built.parts) {
        const vol = signedVolume(s.positions, obj.indices, part.triStart, part.triStart + part.triCount)
        expect(vol, part.name).toBeGreaterThan(0)
      }
      // area-weighted agreement between face normals and the vertex normals of their corners
      let agree = 0, total = 0
      const P = s.positions, N = s.normals
      for (let t = 0; t < obj.indices.length; t += 3) {
        const [a, b, c] = [obj.indices[t] * 3, obj.indices[t + 1] * 3, obj.indices[t + 2] * 3]
        const ux = P[b] - P[a], uy = P[b + 1] - P[a + 1], uz = P[b + 2] - P[a + 2]
        const vx = P[c] - P[a], vy = P[c + 1] - P[a + 1], vz = P[c + 2] - P[a + 2]
        const fx = uy * vz - uz * vy, fy = uz * vx - ux * vz, fz = ux * vy - uy * vx
        const area = Math.hypot(fx, fy, fz)
        const d = fx * (N[a] + N[b] + N[c]) + fy * (N[a + 1] + N[b + 1] + N[c + 1]) + fz * (N[a + 2] + N[b + 2] + N[c + 2])
        total += area
        if (d > 0) agree += area
      }
      expect(agree / total).toBeGreaterThan(0.995)
    }
  })

  it('gives every part its own atlas rectangle', () => {
    const rects = built.parts.map((p) => p.rect)
    for (const r of rects) {
      expect(r.x).toBeGreaterThanOrEqual(0)
      expect(r.y).toBeGreaterThanOrEqual(0)
      expect(r.x + r.w).toBeLessThanOrEqual(TEXTURE_SIZE)
      expect(r.y + r.h).toBeLessThanOrEqual(TEXTURE_SIZE)
      expect(Math.min(r.w, r.h)).toBeGreaterThan(2 * ATLAS_PAD)
    }
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i], b = rects[j]
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
        expect(overlap, `${built.parts[i].name} / ${built.parts[j].name}`).toBe(false)
      }
    }
    // each part's uvs stay inside its own rectangle
    for (const p of built.parts) {
      let inside = true
      for (let v = p.vertexStart; v < p.vertexStart + p.vertexCount; v++) {
        const x = obj.uvs[v * 2] * TEXTURE_SIZE, y = obj.uvs[v * 2 + 1] * TEXTURE_SIZE
        inside &&= x >= p.rect.x + ATLAS_PAD - 1e-3 && x <= p.rect.x + p.rect.w - ATLAS_PAD + 1e-3
        inside &&= y >= p.rect.y + ATLAS_PAD - 1e-3 && y <= p.rect.y + p.rect.h - ATLAS_PAD + 1e-3
      }
      expect(inside, p.name).toBe(true)
    }
    // and the atlas is reasonably well used
    const used = rects.reduce((s, r) => s + r.w * r.h, 0) / TEXTURE_SIZE ** 2
    expect(used).toBeGreaterThan(0.6)
  })

  it('has clearly different side silhouettes at the two ends (as designed, before the pose turn)', () => {
    const [a, b] = built.shapes.map((s) => sideSilhouette(s.positions, obj.indices))
    const mid = sideSilhouette(lerpPositions(built.shapes[0].positions, built.shapes[1].positions, 0.5), obj.indices)
    const fill = (m: Uint8Array) => m.reduce((s, x) => s + x, 0) / m.length
    expect(fill(a)).toBeGreaterThan(0.05)
    expect(fill(b)).toBeGreaterThan(0.05)
    expect(maskIoU(a, a)).toBe(1)
    expect(maskIoU(a, b)).toBeLessThan(0.6)
    // the half-way morph is in between: closer to each end than the ends are to each other
    expect(maskIoU(a, mid)).toBeGreaterThan(maskIoU(a, b))
    expect(maskIoU(b, mid)).toBeGreaterThan(maskIoU(a, b))
  })

  it('paints two opaque, clearly different, detailed textures', () => {
    const [t0, t1] = obj.textures
    let diff = 0
    for (const t of [t0, t1]) {
      expect(t.width).toBe(TEXTURE_SIZE)
      expect(t.height).toBe(TEXTURE_SIZE)
      expect(t.data).toBeInstanceOf(Uint8ClampedArray)
      expect(t.data.length).toBe(TEXTURE_SIZE * TEXTURE_SIZE * 4)
      let mean = 0, sq = 0, grad = 0, alphaOk = true
      const n = TEXTURE_SIZE * TEXTURE_SIZE
      for (let i = 0; i < n; i++) {
        const l = luminance(t, i)
        mean += l
        sq += l * l
        if (i % TEXTURE_SIZE) grad += Math.abs(l - luminance(t, i - 1))
        if (t.data[i * 4 + 3] !== 255) alphaOk = false
      }
      mean /= n
      expect(alphaOk).toBe(true)
      // non-trivial variance and plenty of texel-to-texel detail (high frequencies)
      expect(Math.sqrt(sq / n - mean * mean)).toBeGreaterThan(20)
      expect(grad / n).toBeGreaterThan(4)
    }
    for (let i = 0; i < t0.data.length; i++) if (i % 4 !== 3) diff += Math.abs(t0.data[i] - t1.data[i])
    expect(diff / (TEXTURE_SIZE * TEXTURE_SIZE * 3)).toBeGreaterThan(35)
  })

  it('is deterministic: a fresh generation is byte-identical', () => {
    const t0 = performance.now()
    const again = create()
    // target is ~200 ms on a quiet machine; this only catches pathological slow-downs
    expect(performance.now() - t0).toBeLessThan(3000)
    for (let e = 0; e < 2; e++) {
      expect(sameBytes(again.shapes[e].positions, obj.shapes[e].positions)).toBe(true)
      expect(sameBytes(again.shapes[e].normals, obj.shapes[e].normals)).toBe(true)
      expect(sameBytes(again.textures[e].data, obj.textures[e].data)).toBe(true)
    }
    expect(sameBytes(again.uvs, obj.uvs)).toBe(true)
    expect(sameBytes(again.indices, obj.indices)).toBe(true)
    expect(again === obj).toBe(false) // (not .not.toBe: vitest then deep-compares megabytes)
  })
})
