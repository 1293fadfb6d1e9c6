/**
 * The built-in airliner <-> sailboat pair, built from one list of lofted parts:
 *
 *   airliner               sailboat
 *   fuselage           ->  hull
 *   right wing         ->  jib (fore sail)
 *   left wing          ->  keel
 *   right stabiliser   ->  boom
 *   left stabiliser    ->  rudder
 *   tail fin           ->  mainsail
 *   right engine       ->  mast
 *   left engine        ->  deckhouse
 *
 * Design units: y up, nose / bow towards +x. The airliner flies at the height of the middle
 * of the boat's rig rather than standing on the boat's keel line (it has no ground), so both
 * stay in the middle of the frame. `build` normalises both ends jointly to a longest side of 2
 * centred at the origin.
 */
import { MorphBuilder, type BuiltMesh, type Cap } from './builder'
import type { Vec3 } from './geometry'
import { stations, sweep, type LoftShape } from './loft'
import { boatPainter, planePainter } from './planeBoatTextures'
import { paintTexture, TEXTURE_SIZE } from './textures'
import type { MorphableObject } from './types'

const POLES: readonly [Cap, Cap] = ['pole', 'pole']
const ROOT_TIP: readonly [Cap, Cap] = ['flat', 'pole']
const FLAT: readonly [Cap, Cap] = ['flat', 'flat']

/** Part list in atlas/vertex order: ring points, station count and caps, shared by both ends. */
export const PLANE_BOAT_PARTS = {
  fuselage: { ring: 28, count: 15, caps: POLES },
  wingR: { ring: 16, count: 11, caps: ROOT_TIP },
  wingL: { ring: 16, count: 11, caps: ROOT_TIP },
  stabR: { ring: 12, count: 6, caps: FLAT },
  stabL: { ring: 12, count: 6, caps: FLAT },
  fin: { ring: 16, count: 10, caps: ROOT_TIP },
  engineR: { ring: 20, count: 6, caps: FLAT },
  engineL: { ring: 20, count: 6, caps: FLAT },
} as const satisfies Record<string, { ring: number; count: number; caps: readonly [Cap, Cap] }>

export type PlaneBoatPart = keyof typeof PLANE_BOAT_PARTS

const X: Vec3 = [1, 0, 0]
const Y: Vec3 = [0, 1, 0]
const DOWN: Vec3 = [0, -1, 0]
const n = (part: PlaneBoatPart) => PLANE_BOAT_PARTS[part].count
const lerp = (a: number, b: number, t: number) => a + (b - a) * t
/** The airliner's height above the boat's waterline. */
const ALT = 0.5

/** Stations along x (either way) from a table of [x, centre y, half-height, half-width]. */
function hull(rows: readonly (readonly [number, number, number, number])[], p: number): LoftShape {
  return { ref: Y, axis: alongX(rows[0][0], rows[rows.length - 1][0]), stations: rows.map(([x, y, a, b]) => ({ c: [x, y, 0] as Vec3, a, b, p })) }
}

/** The section axis must point the way the stations run, or the loft comes out inside out. */
const alongX = (first: number, last: number): Vec3 => (last > first ? X : [-1, 0, 0])

/** Rounds the last few percent of a span down to nothing, for wing tips. */
const tip = (t: number, from = 0.88) => (t < from ? 1 : Math.sqrt(Math.max(0, 1 - ((t - from) / (1 - from)) ** 2)) * 0.85 + 0.15)

function airliner(): Record<PlaneBoatPart, LoftShape> {
  const wing = (side: 1 | -1): LoftShape => ({
    ref: X,
    stations: sweep([[0.12, ALT - 0.05, 0.06 * side], [-0.34, ALT + 0.03, 0.9 * side]], n('wingR'), (t) => [lerp(0.18, 0.05, t) * tip(t), lerp(0.024, 0.008, t) * tip(t)]),
  })
  const stab = (side: 1 | -1): LoftShape => ({
    ref: X,
    stations: sweep([[-0.8, ALT + 0.06, 0.02 * side], [-0.97, ALT + 0.08, 0.34 * side]], n('stabR'), (t) => [lerp(0.09, 0.035, t), lerp(0.013, 0.006, t)]),
  })
  const engine = (side: 1 | -1): LoftShape => ({
    ref: Y,
    stations: sweep([[0.3, ALT - 0.1, 0.33 * side], [-0.03, ALT - 0.1, 0.33 * side]], n('engineR'), (t) => {
      const r = 0.062 * (1 - 0.25 * t * t)
      return [r, r * 0.95]
    }),
  })
  return {
    // nose (+x) to tail cone, whose centre line sweeps up
    fuselage: hull([
      [1.0, ALT - 0.02, 0, 0], [0.975, ALT - 0.017, 0.05, 0.048], [0.93, ALT - 0.01, 0.085, 0.08], [0.85, ALT, 0.112, 0.102],
      [0.74, ALT, 0.122, 0.11], [0.55, ALT, 0.124, 0.112], [0.3, ALT, 0.124, 0.112], [0.05, ALT, 0.124, 0.112],
      [-0.2, ALT, 0.124, 0.112], [-0.45, ALT + 0.005, 0.12, 0.108], [-0.62, ALT + 0.02, 0.1, 0.09], [-0.76, ALT + 0.04, 0.076, 0.066],
      [-0.88, ALT + 0.06, 0.05, 0.042], [-0.96, ALT + 0.072, 0.028, 0.024], [-1.0, ALT + 0.078, 0, 0],
    ], 2),
    wingR: wing(1),
    wingL: wing(-1),
    stabR: stab(1),
    stabL: stab(-1),
    fin: { ref: X, stations: sweep([[-0.74, ALT + 0.05, 0], [-0.95, ALT + 0.44, 0]], n('fin'), (t) => [lerp(0.15, 0.06, t) * tip(t, 0.9), lerp(0.016, 0.007, t)]) },
    engineR: engine(1),
    engineL: engine(-1),
  }
}

function sailboat(): Record<PlaneBoatPart, LoftShape> {
  const sail = (count: number, y0: number, y1: number, front: (t: number) => number, back: (t: number) => number, camber: (t: number) => number): LoftShape => ({
    ref: X,
    axis: Y,
    stations: stations(count, (t) => {
      const f = front(t), b = back(t)
      return { c: [(f + b) / 2, lerp(y0, y1, t), camber(t)], a: Math.max(0.004, (f - b) / 2), b: 0.008 }
    }),
  })
  return {
    // bow (+x) to a near-flat transom, sheer rising towards the bow
    fuselage: hull([
      [0.88, 0.14, 0, 0], [0.85, 0.128, 0.05, 0.03], [0.78, 0.112, 0.085, 0.075], [0.67, 0.1, 0.105, 0.13], [0.53, 0.09, 0.118, 0.18],
      [0.37, 0.083, 0.124, 0.215], [0.2, 0.078, 0.126, 0.235], [0.02, 0.076, 0.124, 0.242], [-0.16, 0.076, 0.12, 0.238],
      [-0.34, 0.078, 0.112, 0.225], [-0.5, 0.082, 0.102, 0.205], [-0.62, 0.086, 0.092, 0.185], [-0.7, 0.09, 0.084, 0.168],
      [-0.735, 0.092, 0.075, 0.15], [-0.745, 0.092, 0, 0],
    ], 3.4),
    // jib: tack at the bow, clew aft, head high on the forestay; cambered to leeward (+z)
    wingR: sail(n('wingR'), 0.24, 1.3, (t) => lerp(0.8, 0.24, t), (t) => lerp(0.3, 0.22, t), (t) => 0.07 * (1 - t) * Math.sin(Math.PI * (0.3 + 0.7 * t)) ** 0.5),
    // keel: a deep fin under the middle of the hull (stations run downwards, so the axis does too)
    wingL: { ref: X, axis: DOWN, stations: stations(n('wingL'), (t) => ({ c: [lerp(0.12, 0.04, t), lerp(0.0, -0.44, t), 0], a: lerp(0.14, 0.09, t) * tip(t, 0.8), b: 0.024 * tip(t, 0.8) })) },
    // boom along the foot of the mainsail
    stabR: { ref: Y, stations: sweep([[0.2, 0.3, 0], [-0.44, 0.31, 0]], n('stabR'), () => [0.02, 0.018]) },
    // rudder under the stern
    stabL: { ref: X, axis: DOWN, stations: stations(n('stabL'), (t) => ({ c: [lerp(-0.62, -0.66, t), lerp(0.02, -0.26, t), 0], a: 0.055, b: 0.014 })) },
    // mainsail: luff on the mast, leech with a little roach, belly to leeward
    fin: sail(n('fin'), 0.33, 1.5, () => 0.18, (t) => lerp(-0.42, 0.15, t) - 0.06 * Math.sin(Math.PI * t), (t) => 0.08 * Math.sin(Math.PI * t) * (1 - 0.5 * t)),
    engineR: { ref: X, stations: sweep([[0.2, 0.12, 0], [0.2, 1.56, 0]], n('engineR'), (t) => [0.022 - 0.006 * t, 0.02 - 0.005 * t]) },
    engineL: { ref: Y, axis: alongX(0.02, -0.4), stations: stations(n('engineL'), (t) => ({ c: [lerp(0.02, -0.4, t), 0.2, 0], a: 0.06, b: 0.14 - 0.02 * t, r: 0.35 })) },
  }
}

/** Geometry, UV atlas and part layout of the pair (textures not painted). */
export function buildPlaneBoatMesh(): BuiltMesh {
  const a = airliner()
  const b = sailboat()
  const m = new MorphBuilder()
  for (const name of Object.keys(PLANE_BOAT_PARTS) as PlaneBoatPart[]) {
    const { ring, caps } = PLANE_BOAT_PARTS[name]
    m.loft(name, ring, caps, a[name], b[name])
  }
  return m.build(TEXTURE_SIZE)
}

/** Generates the airliner <-> sailboat pair (fresh every call; use `builtinObjects` for the memoised one). */
export function createPlaneBoat(): MorphableObject {
  const mesh = buildPlaneBoatMesh()
  return {
    id: 'airliner-sailboat',
    labels: ['airliner', 'sailboat'],
    shapes: mesh.shapes,
    uvs: mesh.uvs,
    indices: mesh.indices,
    textures: [paintTexture(mesh, 0, planePainter()), paintTexture(mesh, 1, boatPainter())],
  }
}
