/**
 * The built-in teapot <-> coffee mug pair, built from one list of lofted parts:
 *
 *   teapot                        coffee mug
 *   squat round body, opening  -> tall cylinder, rim, inner wall and coffee surface
 *   domed lid with a knob      -> a disc hidden inside the mug
 *   S-curved spout             -> a stub hidden inside the mug
 *   round handle at the back   -> tall handle at the back
 *
 * Both bodies are lathed along the vertical axis (cross-sections stay horizontal, `axis: Y`),
 * so the profile can go up the outside, over the rim and back down the inside: the mug is
 * hollow to the coffee level, the teapot's opening sits under its lid.
 *
 * Design units: y up, ground at y = 0, spout towards +x. `build` normalises both ends jointly
 * to a longest side of 2 centred at the origin.
 */
import { MorphBuilder, type BuiltMesh, type Cap } from './builder'
import { turnedAboutY, type Vec3 } from './geometry'
import { sweep, tube, type LoftShape } from './loft'
import { paintTexture, TEXTURE_SIZE } from './textures'
import { mugPainter, teapotPainter } from './teapotMugTextures'
import type { MorphableObject } from './types'

/** Part list in atlas/vertex order: ring points, station count and caps, shared by both ends. */
export const TEAPOT_MUG_PARTS = {
  body: { ring: 40, count: 15, caps: ['flat', 'flat'] },
  lid: { ring: 32, count: 11, caps: ['flat', 'pole'] },
  spout: { ring: 16, count: 14, caps: ['pole', 'flat'] },
  handle: { ring: 14, count: 18, caps: ['pole', 'pole'] },
} as const satisfies Record<string, { ring: number; count: number; caps: readonly [Cap, Cap] }>

export type TeapotMugPart = keyof typeof TEAPOT_MUG_PARTS

const X: Vec3 = [1, 0, 0]
const Y: Vec3 = [0, 1, 0]
const Z: Vec3 = [0, 0, 1]

/**
 * A solid of revolution about the y axis from a (y, radius) profile. Rows after `rim` go back
 * down: the inner wall of an opening (the flat end cap closes it at the last row).
 */
function lathe(profile: readonly (readonly [number, number])[]): LoftShape {
  return { ref: X, axis: Y, stations: profile.map(([y, r]) => ({ c: [0, y, 0] as Vec3, a: r, b: r })) }
}

function teapot(): Record<TeapotMugPart, LoftShape> {
  return {
    // foot, belly, shoulder, the rim of the opening and a short inner wall under the lid
    body: lathe([
      [0, 0.3], [0.025, 0.33], [0.07, 0.41], [0.13, 0.47], [0.2, 0.505], [0.27, 0.515], [0.34, 0.5],
      [0.41, 0.46], [0.47, 0.4], [0.51, 0.34], [0.535, 0.3], [0.55, 0.29], [0.552, 0.27], [0.54, 0.265], [0.52, 0.26],
    ]),
    // a domed lid with a flange, a neck and a round knob
    lid: lathe([
      [0.53, 0.305], [0.56, 0.305], [0.59, 0.27], [0.625, 0.21], [0.65, 0.14], [0.665, 0.06],
      [0.675, 0.045], [0.7, 0.065], [0.73, 0.07], [0.755, 0.05], [0.77, 0.0],
    ]),
    spout: { ref: Z, stations: sweep([[0.3, 0.12, 0], [0.66, 0.13, 0], [0.7, 0.36, 0], [0.9, 0.53, 0]], TEAPOT_MUG_PARTS.spout.count, (t) => {
      const r = 0.12 - 0.075 * Math.sqrt(t)
      return [r, r * 0.9]
    }) },
    handle: { ref: Z, stations: sweep([[-0.38, 0.44, 0], [-0.86, 0.52, 0], [-0.86, 0.08, 0], [-0.4, 0.12, 0]], TEAPOT_MUG_PARTS.handle.count, () => [0.04, 0.055]) },
  }
}

function mug(): Record<TeapotMugPart, LoftShape> {
  return {
    // straight wall with a slight foot, rim, inner wall down to the coffee
    body: lathe([
      [0, 0.38], [0.02, 0.405], [0.06, 0.415], [0.15, 0.418], [0.25, 0.42], [0.35, 0.422], [0.45, 0.424],
      [0.55, 0.426], [0.65, 0.428], [0.75, 0.43], [0.84, 0.432], [0.9, 0.432], [0.91, 0.4], [0.89, 0.395], [0.82, 0.39],
    ]),
    // shrinks to a flat disc inside the mug, under the coffee
    lid: lathe([
      [0.4, 0.1], [0.41, 0.1], [0.42, 0.095], [0.43, 0.09], [0.44, 0.08], [0.45, 0.07],
      [0.46, 0.06], [0.47, 0.05], [0.48, 0.04], [0.49, 0.03], [0.5, 0.0],
    ]),
    spout: { ref: Z, stations: tube([[0.05, 0.3, 0], [0.25, 0.32, 0]], TEAPOT_MUG_PARTS.spout.count, [0.05, 0.05], [0.04, 0.04], 4) },
    handle: { ref: Z, stations: sweep([[-0.36, 0.76, 0], [-0.84, 0.82, 0], [-0.84, 0.12, 0], [-0.36, 0.2, 0]], TEAPOT_MUG_PARTS.handle.count, () => [0.045, 0.06]) },
  }
}

/** Geometry, UV atlas and part layout of the pair (textures not painted). */
export function buildTeapotMugMesh(): BuiltMesh {
  const a = teapot()
  const b = mug()
  const m = new MorphBuilder()
  for (const name of Object.keys(TEAPOT_MUG_PARTS) as TeapotMugPart[]) {
    const { ring, caps } = TEAPOT_MUG_PARTS[name]
    m.loft(name, ring, caps, a[name], b[name])
  }
  return m.build(TEXTURE_SIZE)
}

/**
 * The teapot stands turned 55° from the mug's heading (about the vertical, +x towards −z): at the
 * scene's default camera (yaw 50°) its spout points across the picture, not at the camera (Darknet
 * tiny at the default view: iron facing +x, teapot second turned). The turn comes after the texture
 * is painted and the pair normalised; a shape morph turns the object as it morphs.
 */
export const TEAPOT_TURN = 55

/** Generates the teapot <-> coffee mug pair (fresh every call; use `builtinObjects` for the memoised one). */
export function createTeapotMug(): MorphableObject {
  const mesh = buildTeapotMugMesh()
  return {
    id: 'teapot-mug',
    labels: ['teapot', 'coffee mug'],
    shapes: [turnedAboutY(mesh.shapes[0], TEAPOT_TURN), mesh.shapes[1]],
    uvs: mesh.uvs,
    indices: mesh.indices,
    textures: [paintTexture(mesh, 0, teapotPainter()), paintTexture(mesh, 1, mugPainter())],
  }
}
