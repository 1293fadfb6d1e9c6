/**
 * The built-in dog <-> cat pair. Both animals are built from the same list of lofted parts
 * (body, neck, head, snout, nose, eyes, ears, legs, paws, tail) with the same station and
 * ring counts; only the parameters of each part differ, so linear interpolation of the
 * vertex positions gives plausible in-between animals.
 *
 * Design units: y up, ground at y = 0, facing +x, +z = the animal's right. `build` then
 * normalises both ends jointly to a longest side of 2 centred at the origin.
 */
import { MorphBuilder, type BuiltMesh, type Cap } from './builder'
import type { Vec3 } from './geometry'
import { round, stations, sweep, tube, type LoftShape } from './loft'
import { catPainter, dogPainter } from './dogCatTextures'
import { paintTexture, TEXTURE_SIZE } from './textures'
import type { MorphableObject } from './types'

/** Part list in atlas/vertex order: ring points and station count, shared by both animals. */
export const DOG_CAT_PARTS = {
  body: { ring: 24, count: 18 },
  neck: { ring: 16, count: 8 },
  head: { ring: 20, count: 14 },
  snout: { ring: 16, count: 10 },
  nose: { ring: 12, count: 6 },
  eyeR: { ring: 12, count: 6 },
  eyeL: { ring: 12, count: 6 },
  earR: { ring: 12, count: 12 },
  earL: { ring: 12, count: 12 },
  legFR: { ring: 12, count: 12 },
  legFL: { ring: 12, count: 12 },
  legBR: { ring: 12, count: 12 },
  legBL: { ring: 12, count: 12 },
  pawFR: { ring: 12, count: 7 },
  pawFL: { ring: 12, count: 7 },
  pawBR: { ring: 12, count: 7 },
  pawBL: { ring: 12, count: 7 },
  tail: { ring: 12, count: 20 },
} as const

export type DogCatPart = keyof typeof DOG_CAT_PARTS
const POLES: readonly [Cap, Cap] = ['pole', 'pole']

interface AnimalParams {
  body: { rear: Vec3; front: Vec3; hRear: number; hFront: number; w: number; drop: number }
  neck: { from: Vec3; to: Vec3; r: number }
  head: { from: Vec3; to: Vec3; h: number; w: number }
  snout: { from: Vec3; to: Vec3; r0: [number, number]; r1: [number, number] }
  nose: { from: Vec3; to: Vec3; h: number; w: number }
  eye: { from: Vec3; to: Vec3; r: number }
  /** right ear (z > 0) control points, mirrored for the left ear */
  ear: { ctrl: Vec3[]; width: (t: number) => number; thick: (t: number) => number }
  legs: {
    frontX: number; rearX: number; z: number; top: number
    /** how far the rear leg's hock bends backwards */
    hock: number
    rFront: [number, number]; rRear: [number, number]
    paw: [number, number, number]
  }
  tail: { ctrl: Vec3[]; r: (t: number) => number }
}

const mirror = (v: Vec3): Vec3 => [v[0], v[1], -v[2]]
const X: Vec3 = [1, 0, 0]
const Y: Vec3 = [0, 1, 0]
const Z: Vec3 = [0, 0, 1]

function animal(P: AnimalParams): Record<DogCatPart, LoftShape> {
  const n = (part: DogCatPart) => DOG_CAT_PARTS[part].count
  const { body, legs } = P
  const bodyProfile = round(2.6)
  const bodyShape: LoftShape = {
    ref: Y,
    stations: stations(n('body'), (t) => {
      const f = bodyProfile(t)
      const c: Vec3 = [
        body.rear[0] + (body.front[0] - body.rear[0]) * t,
        body.rear[1] + (body.front[1] - body.rear[1]) * t - body.drop * Math.sin(Math.PI * t) ** 2 * (t - 0.3),
        0,
      ]
      return { c, a: f * (body.hRear + (body.hFront - body.hRear) * t * t), b: f * body.w }
    }),
  }
  const ellipse = (from: Vec3, to: Vec3, a: number, b: number, count: number, k = 2.2): LoftShape => {
    const f = round(k)
    return { ref: Y, stations: sweep([from, to], count, (t) => [a * f(t), b * f(t)]) }
  }
  const ear = (side: 1 | -1): LoftShape => ({
    ref: X,
    stations: sweep(side > 0 ? P.ear.ctrl : P.ear.ctrl.map(mirror), n('earR'), (t) => [P.ear.width(t), P.ear.thick(t)]),
  })
  const leg = (x: number, z: number, rear: boolean): LoftShape => {
    const r = rear ? legs.rRear : legs.rFront
    const ctrl: Vec3[] = rear
      ? [[x + 0.02, legs.top, z], [x - legs.hock, legs.top * 0.35, z], [x + 0.01, 0.04, z]]
      : [[x, legs.top, z], [x + 0.015, legs.top * 0.5, z], [x, 0.04, z]]
    const f = round(8)
    return { ref: X, stations: sweep(ctrl, n('legFR'), (t) => {
      const rr = (r[1] + (r[0] - r[1]) * (1 - t) ** 2) * f(t)
      return [rr, rr * 0.9]
    }) }
  }
  const paw = (x: number, z: number): LoftShape => {
    const [len, h, w] = legs.paw
    return ellipse([x - len * 0.35, h, z], [x + len * 0.65, h, z], h, w, n('pawFR'))
  }
  const zs = legs.z
  return {
    body: bodyShape,
    neck: { ref: Z, stations: tube([P.neck.from, P.neck.to], n('neck'), [P.neck.r, P.neck.r * 0.9], [P.neck.r * 0.9, P.neck.r * 0.85], 3) },
    head: ellipse(P.head.from, P.head.to, P.head.h, P.head.w, n('head')),
    snout: { ref: Y, stations: tube([P.snout.from, P.snout.to], n('snout'), P.snout.r0, P.snout.r1, 3.5) },
    nose: ellipse(P.nose.from, P.nose.to, P.nose.h, P.nose.w, n('nose')),
    eyeR: ellipse(P.eye.from, P.eye.to, P.eye.r, P.eye.r, n('eyeR')),
    eyeL: ellipse(mirror(P.eye.from), mirror(P.eye.to), P.eye.r, P.eye.r, n('eyeL')),
    earR: ear(1),
    earL: ear(-1),
    legFR: leg(legs.frontX, zs, false),
    legFL: leg(legs.frontX, -zs, false),
    legBR: leg(legs.rearX, zs, true),
    legBL: leg(legs.rearX, -zs, true),
    pawFR: paw(legs.frontX, zs),
    pawFL: paw(legs.frontX, -zs),
    pawBR: paw(legs.rearX, zs),
    pawBL: paw(legs.rearX, -zs),
    tail: { ref: Z, stations: sweep(P.tail.ctrl, n('tail'), (t) => [P.tail.r(t), P.tail.r(t)]) },
  }
}

/** A medium dog: long muzzle, hanging ears, long legs, bushy sabre tail. */
const DOG: AnimalParams = {
  body: { rear: [-0.46, 0.65, 0], front: [0.42, 0.61, 0], hRear: 0.16, hFront: 0.235, w: 0.16, drop: 0.04 },
  neck: { from: [0.3, 0.72, 0], to: [0.55, 0.92, 0], r: 0.11 },
  head: { from: [0.44, 0.98, 0], to: [0.76, 1.0, 0], h: 0.125, w: 0.12 },
  snout: { from: [0.6, 0.935, 0], to: [0.95, 0.905, 0], r0: [0.08, 0.078], r1: [0.056, 0.056] },
  nose: { from: [0.905, 0.93, 0], to: [0.965, 0.93, 0], h: 0.032, w: 0.04 },
  eye: { from: [0.7, 1.035, 0.062], to: [0.755, 1.035, 0.062], r: 0.025 },
  ear: {
    ctrl: [[0.55, 1.03, 0.05], [0.56, 1.17, 0.14], [0.6, 1.05, 0.175], [0.62, 0.84, 0.145]],
    width: (t) => 0.08 * Math.sin(Math.PI * Math.min(1, t * 1.05)) ** 0.4 * (0.8 + 0.4 * t),
    thick: (t) => 0.022 * Math.sin(Math.PI * t) ** 0.3,
  },
  legs: { frontX: 0.3, rearX: -0.33, z: 0.09, top: 0.64, hock: 0.1, rFront: [0.095, 0.046], rRear: [0.12, 0.047], paw: [0.13, 0.045, 0.056] },
  tail: { ctrl: [[-0.38, 0.72, 0], [-0.62, 0.76, 0], [-0.74, 0.9, 0], [-0.76, 1.06, 0]], r: (t) => 0.065 * Math.sin(Math.PI * t) ** 0.6 * (1.1 - 0.3 * t) },
}

/** A cat: round head, short muzzle, upright pointed ears, compact body, long thin raised tail. */
const CAT: AnimalParams = {
  body: { rear: [-0.4, 0.42, 0], front: [0.34, 0.43, 0], hRear: 0.155, hFront: 0.15, w: 0.14, drop: 0.0 },
  neck: { from: [0.25, 0.48, 0], to: [0.42, 0.64, 0], r: 0.1 },
  head: { from: [0.38, 0.71, 0], to: [0.62, 0.72, 0], h: 0.12, w: 0.13 },
  snout: { from: [0.54, 0.665, 0], to: [0.65, 0.66, 0], r0: [0.052, 0.066], r1: [0.045, 0.056] },
  nose: { from: [0.636, 0.686, 0], to: [0.66, 0.686, 0], h: 0.015, w: 0.02 },
  eye: { from: [0.585, 0.74, 0.055], to: [0.625, 0.74, 0.055], r: 0.03 },
  ear: {
    ctrl: [[0.49, 0.77, 0.055], [0.495, 0.86, 0.07], [0.5, 0.94, 0.088]],
    width: (t) => 0.062 * Math.min(1, t * 5) ** 0.5 * (1 - t) ** 0.9,
    thick: (t) => 0.07 * Math.min(1, t * 5) ** 0.5 * (1 - t) ** 0.9,
  },
  legs: { frontX: 0.27, rearX: -0.29, z: 0.08, top: 0.43, hock: 0.08, rFront: [0.07, 0.037], rRear: [0.1, 0.037], paw: [0.095, 0.036, 0.045] },
  tail: { ctrl: [[-0.38, 0.5, 0], [-0.72, 0.45, 0], [-0.7, 0.98, 0], [-0.54, 1.06, 0]], r: (t) => 0.032 * Math.sin(Math.PI * Math.min(1, t * 1.02)) ** 0.25 },
}

/** Geometry, UV atlas and part layout of the pair (textures not painted). */
export function buildDogCatMesh(): BuiltMesh {
  const dog = animal(DOG)
  const cat = animal(CAT)
  const b = new MorphBuilder()
  for (const name of Object.keys(DOG_CAT_PARTS) as DogCatPart[]) b.loft(name, DOG_CAT_PARTS[name].ring, POLES, dog[name], cat[name])
  return b.build(TEXTURE_SIZE)
}

/** Generates the dog <-> cat pair (fresh every call; use `builtinObjects` for the memoised one). */
export function createDogCat(): MorphableObject {
  const mesh = buildDogCatMesh()
  return {
    id: 'dog-cat',
    labels: ['dog', 'cat'],
    shapes: mesh.shapes,
    uvs: mesh.uvs,
    indices: mesh.indices,
    textures: [paintTexture(mesh, 0, dogPainter()), paintTexture(mesh, 1, catPainter())],
  }
}
