/**
 * The built-in goldfish <-> macaw pair, built from one list of lofted parts:
 *
 *   goldfish                      macaw (perched)
 *   horizontal body, deep     ->  upright body, tilted back
 *   head (merged into body)   ->  round head
 *   upper / lower lip         ->  hooked upper beak / lower mandible
 *   pectoral fins             ->  folded wings
 *   caudal fin (fan)          ->  long pointed tail
 *   pelvic fins               ->  legs
 *   dorsal and anal fins      ->  hidden inside the body
 *   (hidden in the body)      ->  the perch, a branch across the feet
 *
 * Design units: y up, facing +x, +z = the animal's right. The fish swims at mid-height of the
 * bird, so the pair does not share a ground plane (a swimming fish has none). `build`
 * normalises both ends jointly to a longest side of 2 centred at the origin.
 */
import { MorphBuilder, type BuiltMesh, type Cap } from './builder'
import { turnedAboutY, type Vec3 } from './geometry'
import { round, stations, sweep, type LoftShape } from './loft'
import { macawPainter, goldfishPainter } from './fishBirdTextures'
import { paintTexture, TEXTURE_SIZE } from './textures'
import type { MorphableObject } from './types'

const POLES: readonly [Cap, Cap] = ['pole', 'pole']
const FAN: readonly [Cap, Cap] = ['pole', 'flat']
const FLAT: readonly [Cap, Cap] = ['flat', 'flat']

/** Part list in atlas/vertex order: ring points, station count and caps, shared by both ends. */
export const FISH_BIRD_PARTS = {
  body: { ring: 28, count: 16, caps: POLES },
  head: { ring: 20, count: 12, caps: POLES },
  beakUpper: { ring: 14, count: 10, caps: POLES },
  beakLower: { ring: 12, count: 7, caps: POLES },
  eyeR: { ring: 12, count: 6, caps: POLES },
  eyeL: { ring: 12, count: 6, caps: POLES },
  wingR: { ring: 14, count: 12, caps: POLES },
  wingL: { ring: 14, count: 12, caps: POLES },
  tail: { ring: 16, count: 14, caps: FAN },
  dorsal: { ring: 10, count: 10, caps: POLES },
  anal: { ring: 10, count: 7, caps: POLES },
  legR: { ring: 10, count: 7, caps: POLES },
  legL: { ring: 10, count: 7, caps: POLES },
  perch: { ring: 16, count: 8, caps: FLAT },
} as const satisfies Record<string, { ring: number; count: number; caps: readonly [Cap, Cap] }>

export type FishBirdPart = keyof typeof FISH_BIRD_PARTS

const X: Vec3 = [1, 0, 0]
const Y: Vec3 = [0, 1, 0]
const Z: Vec3 = [0, 0, 1]
const n = (part: FishBirdPart) => FISH_BIRD_PARTS[part].count
const lerp = (a: number, b: number, t: number) => a + (b - a) * t

/** An ellipsoid-like blob between two points with half-sizes a (along ref) and b. */
function blob(from: Vec3, to: Vec3, a: number, b: number, count: number, ref: Vec3, k = 2.2): LoftShape {
  const f = round(k)
  return { ref, stations: sweep([from, to], count, (t) => [a * f(t), b * f(t)]) }
}

/** A thin flat fin or feather along a curve: `width(t)` along ref, thickness `thick(t)`. */
function blade(ctrl: readonly Vec3[], count: number, ref: Vec3, width: (t: number) => number, thick: (t: number) => number): LoftShape {
  return { ref, stations: sweep(ctrl, count, (t) => [width(t), thick(t)]) }
}

/** A small hidden blob inside the body (parts one end does not have). */
const hidden = (c: Vec3, count: number, r = 0.02): LoftShape => blob([c[0] - r, c[1], c[2]], [c[0] + r, c[1], c[2]], r, r, count, Y)

function goldfish(): Record<FishBirdPart, LoftShape> {
  // [x, half-height] from the tail (pole) to the snout (pole); the belly hangs a little lower
  const outline: [number, number][] = [
    [-0.6, 0], [-0.56, 0.075], [-0.46, 0.1], [-0.34, 0.16], [-0.2, 0.235], [-0.06, 0.295], [0.08, 0.33], [0.2, 0.335],
    [0.31, 0.315], [0.41, 0.28], [0.49, 0.23], [0.55, 0.175], [0.6, 0.12], [0.63, 0.075], [0.65, 0.035], [0.66, 0],
  ]
  const body: LoftShape = {
    ref: Y,
    stations: outline.map(([x, a], i) => ({ c: [x, 0.6 - 0.035 * Math.sin((Math.PI * i) / (outline.length - 1)), 0] as Vec3, a, b: a * 0.58 })),
  }
  const fin = (t: number, max: number) => max * Math.sin(Math.PI * Math.min(1, t * 1.05)) ** 0.6
  const pectoral = (side: 1 | -1): LoftShape =>
    blade([[0.3, 0.47, 0.1 * side], [0.2, 0.4, 0.2 * side], [0.1, 0.36, 0.27 * side]], n('wingR'), X, (t) => fin(t, 0.075), () => 0.012)
  const pelvic = (side: 1 | -1): LoftShape =>
    blade([[0.08, 0.33, 0.05 * side], [0.0, 0.24, 0.08 * side], [-0.08, 0.18, 0.09 * side]], n('legR'), X, (t) => fin(t, 0.05), () => 0.01)
  return {
    body,
    head: blob([0.3, 0.63, 0], [0.66, 0.6, 0], 0.25, 0.18, n('head'), Y),
    beakUpper: blob([0.625, 0.6, 0], [0.695, 0.6, 0], 0.05, 0.032, n('beakUpper'), Z),
    beakLower: blob([0.615, 0.565, 0], [0.675, 0.565, 0], 0.04, 0.026, n('beakLower'), Z),
    eyeR: blob([0.5, 0.67, 0.15], [0.5, 0.67, 0.215], 0.05, 0.05, n('eyeR'), Y),
    eyeL: blob([0.5, 0.67, -0.15], [0.5, 0.67, -0.215], 0.05, 0.05, n('eyeL'), Y),
    wingR: pectoral(1),
    wingL: pectoral(-1),
    // a wide fan, slightly forked by a dip in the middle of its trailing edge
    tail: { ref: Y, stations: stations(n('tail'), (t) => ({ c: [lerp(-0.56, -1.02, t), 0.6 + 0.02 * t, 0], a: 0.06 + 0.36 * t ** 0.8, b: 0.02 * (1 - 0.5 * t) })) },
    dorsal: blade([[0.18, 0.9, 0], [-0.1, 1.06, 0], [-0.38, 0.78, 0]], n('dorsal'), Y, (t) => 0.07 * Math.sin(Math.PI * t) ** 0.7, () => 0.012),
    anal: blade([[-0.22, 0.38, 0], [-0.32, 0.27, 0], [-0.42, 0.4, 0]], n('anal'), Y, (t) => 0.05 * Math.sin(Math.PI * t) ** 0.7, () => 0.01),
    legR: pelvic(1),
    legL: pelvic(-1),
    perch: { ref: Y, stations: sweep([[0.05, 0.6, -0.03], [0.05, 0.6, 0.03]], n('perch'), () => [0.02, 0.02]) },
  }
}

function macaw(): Record<FishBirdPart, LoftShape> {
  // body: from the vent up to the neck along a spine tilted back ~20° from vertical
  const from: Vec3 = [-0.1, 0.6, 0], to: Vec3 = [0.14, 1.28, 0]
  const bodyProfile = round(2.4)
  const body: LoftShape = {
    // ref points to the back, like the fish's dorsal side, so the morph does not twist
    ref: [-1, 0.35, 0],
    stations: stations(n('body'), (t) => {
      const f = bodyProfile(t) * (1 - 0.25 * t)
      return { c: [lerp(from[0], to[0], t) + 0.03 * Math.sin(Math.PI * t), lerp(from[1], to[1], t), 0], a: 0.21 * f, b: 0.19 * f }
    }),
  }
  const wing = (side: 1 | -1): LoftShape =>
    blade([[0.1, 1.17, 0.16 * side], [-0.06, 0.92, 0.2 * side], [-0.26, 0.42, 0.12 * side]], n('wingR'), X,
      (t) => 0.15 * Math.min(1, t * 4) ** 0.5 * (1 - t) ** 0.6, (t) => 0.05 * (1 - 0.7 * t))
  const leg = (side: 1 | -1): LoftShape => blob([0.0, 0.68, 0.075 * side], [0.05, 0.53, 0.08 * side], 0.035, 0.032, n('legR'), X, 6)
  return {
    body,
    head: blob([0.04, 1.34, 0], [0.33, 1.39, 0], 0.16, 0.145, n('head'), Y),
    // hooked beak: up and forward from the face, then curling down to the tip
    beakUpper: { ref: Z, stations: sweep([[0.28, 1.39, 0], [0.45, 1.46, 0], [0.49, 1.28, 0], [0.41, 1.19, 0]], n('beakUpper'), (t) => {
      const r = 0.075 * (1 - t) ** 0.8 + 0.004
      return [r, r * 0.85]
    }) },
    beakLower: blob([0.27, 1.31, 0], [0.4, 1.27, 0], 0.06, 0.05, n('beakLower'), Z),
    eyeR: blob([0.23, 1.42, 0.11], [0.23, 1.42, 0.15], 0.03, 0.03, n('eyeR'), Y),
    eyeL: blob([0.23, 1.42, -0.11], [0.23, 1.42, -0.15], 0.03, 0.03, n('eyeL'), Y),
    wingR: wing(1),
    wingL: wing(-1),
    // long tail feathers down and back, flat and wide across (ref z), ending in a point
    tail: { ref: Z, stations: stations(n('tail'), (t) => ({ c: [lerp(-0.12, -0.58, t), lerp(0.66, -0.48, t), 0], a: 0.11 * (1 - 0.75 * t ** 1.5) + 0.005, b: 0.03 * (1 - 0.5 * t) })) },
    dorsal: hidden([0.02, 0.95, 0], n('dorsal')),
    anal: hidden([-0.02, 0.8, 0], n('anal')),
    legR: leg(1),
    legL: leg(-1),
    perch: { ref: Y, stations: sweep([[0.04, 0.48, -0.4], [0.04, 0.48, 0.4]], n('perch'), (t) => {
      const r = 0.05 + 0.006 * Math.sin(t * 23)
      return [r, r]
    }) },
  }
}

/** Geometry, UV atlas and part layout of the pair (textures not painted). */
export function buildFishBirdMesh(): BuiltMesh {
  const a = goldfish()
  const b = macaw()
  const m = new MorphBuilder()
  for (const name of Object.keys(FISH_BIRD_PARTS) as FishBirdPart[]) {
    const { ring, caps } = FISH_BIRD_PARTS[name]
    m.loft(name, ring, caps, a[name], b[name])
  }
  return m.build(TEXTURE_SIZE)
}

/**
 * The macaw perches turned 65° from the fish's heading (about the vertical, +x towards −z): at the
 * scene's default camera (yaw 50°) it shows its side and wing, as macaws are mostly photographed,
 * rather than a round red chest that ImageNet models read as a ball (MobileNet v2 at the default
 * view: ski 0.11 facing +x, macaw 0.86 turned). The turn comes after the texture is painted and
 * the pair normalised, so both stay as designed; a shape morph turns the object as it morphs.
 */
export const MACAW_TURN = 65

/** Generates the goldfish <-> macaw pair (fresh every call; use `builtinObjects` for the memoised one). */
export function createFishBird(): MorphableObject {
  const mesh = buildFishBirdMesh()
  return {
    id: 'goldfish-macaw',
    labels: ['goldfish', 'macaw'],
    shapes: [mesh.shapes[0], turnedAboutY(mesh.shapes[1], MACAW_TURN)],
    uvs: mesh.uvs,
    indices: mesh.indices,
    textures: [paintTexture(mesh, 0, goldfishPainter()), paintTexture(mesh, 1, macawPainter())],
  }
}
