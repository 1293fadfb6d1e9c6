/**
 * The built-in fire truck <-> race car pair, built from one list of lofted parts:
 *
 *   fire truck            race car
 *   cab                -> nose cone with cockpit
 *   equipment body     -> engine cover / monocoque
 *   side lockers       -> side pods
 *   front bumper       -> front wing
 *   water tank         -> rear wing (spoiler)
 *   ladder rails       -> rear-wing end plates
 *   ladder rungs 0, 1  -> rear-wing pylons (the other rungs shrink into the body)
 *   roof beacon        -> driver's helmet
 *   ladder turntable   -> air box
 *   6 wheels           -> 4 wheels (the second rear axle hides inside the rear wheels)
 *
 * Design units: y up, ground at y = 0, facing +x, length about 2. `build` normalises both
 * ends jointly to a longest side of 2 centred at the origin.
 */
import { MorphBuilder, type BuiltMesh, type Cap } from './builder'
import { turnedAboutY, type Vec3 } from './geometry'
import { prism, round, stations, sweep, type LoftShape, type Station } from './loft'
import { paintTexture, TEXTURE_SIZE } from './textures'
import { carPainter, truckPainter } from './truckCarTextures'
import type { MorphableObject } from './types'

export const RUNGS = 8
const WHEELS = ['wheelFR', 'wheelFL', 'wheelR1R', 'wheelR1L', 'wheelR2R', 'wheelR2L'] as const

/** Part list in atlas/vertex order: ring points and station count, shared by both vehicles. */
export const TRUCK_CAR_PARTS: Record<string, { ring: number; count: number }> = {
  cab: { ring: 32, count: 8 },
  body: { ring: 32, count: 9 },
  lockerR: { ring: 16, count: 5 },
  lockerL: { ring: 16, count: 5 },
  bumper: { ring: 16, count: 6 },
  tank: { ring: 24, count: 6 },
  railR: { ring: 8, count: 8 },
  railL: { ring: 8, count: 8 },
  ...Object.fromEntries(Array.from({ length: RUNGS }, (_, i) => [`rung${i}`, { ring: 8, count: 2 }])),
  beacon: { ring: 16, count: 7 },
  turntable: { ring: 16, count: 4 },
  ...Object.fromEntries(WHEELS.map((w) => [w, { ring: 28, count: 3 }])),
}

const FLAT: readonly [Cap, Cap] = ['flat', 'flat']
const X: Vec3 = [1, 0, 0]
const Y: Vec3 = [0, 1, 0]
const count = (part: string) => TRUCK_CAR_PARTS[part].count

/** Stations along x from a table of [x, bottom, top, halfWidth]. */
function hull(rows: readonly (readonly [number, number, number, number])[], shape: { r?: number; p?: number }): LoftShape {
  return {
    ref: Y,
    axis: X,
    stations: rows.map(([x, lo, hi, w]) => ({ c: [x, (lo + hi) / 2, 0] as Vec3, a: (hi - lo) / 2, b: w, ...shape })),
  }
}

/** A loft along z (wheels, wings, tank, bumper) centred at (x, y) with a section of half-sizes ax (along x), ay. */
function across(x: number, y: number, z0: number, z1: number, n: number, ax: number, ay: number, shape: { r?: number; p?: number }, profile?: (t: number) => number): LoftShape {
  const st: Station[] = sweep([[x, y, z0], [x, y, z1]], n, (t) => {
    const f = profile ? profile(t) : 1
    return [ax * f, ay * f]
  }).map((s) => ({ ...s, ...shape }))
  return { ref: X, stations: st }
}

const wheel = (x: number, y: number, z: number, r: number, width: number): LoftShape =>
  across(x, y, z - width / 2, z + width / 2, count('wheelFR'), r, r, { p: 2 }, (t) => 1 - 0.06 * (2 * t - 1) ** 4)

function truck(): Record<string, LoftShape> {
  const out: Record<string, LoftShape> = {
    // tall cab with a slightly raked windscreen
    cab: hull([[0.38, 0.2, 0.98, 0.35], [0.48, 0.2, 0.98, 0.35], [0.6, 0.2, 0.98, 0.35], [0.72, 0.2, 0.98, 0.35],
      [0.84, 0.2, 0.97, 0.35], [0.92, 0.2, 0.94, 0.35], [0.98, 0.2, 0.8, 0.35], [1.0, 0.2, 0.64, 0.35]], { r: 0.1 }),
    body: hull(Array.from({ length: count('body') }, (_, i) => [-1.0 + (1.36 * i) / (count('body') - 1), 0.24, 0.86, 0.345] as const), { r: 0.05 }),
    lockerR: { ref: Y, stations: prism([-0.24, 0.2, 0.33], [0.47, 0.2, 0.33], 0.1, 0.035, count('lockerR'), 0.15) },
    lockerL: { ref: Y, stations: prism([-0.24, 0.2, -0.33], [0.47, 0.2, -0.33], 0.1, 0.035, count('lockerL'), 0.15) },
    bumper: across(1.02, 0.19, -0.37, 0.37, count('bumper'), 0.04, 0.07, { r: 0.3 }),
    tank: across(-0.8, 0.93, -0.3, 0.3, count('tank'), 0.11, 0.11, { p: 2 }),
    railR: { ref: Y, stations: prism([-0.98, 1.07, 0.17], [0.94, 1.07, 0.17], 0.035, 0.014, count('railR'), 0.2) },
    railL: { ref: Y, stations: prism([-0.98, 1.07, -0.17], [0.94, 1.07, -0.17], 0.035, 0.014, count('railL'), 0.2) },
    beacon: across(0.72, 1.0, -0.22, 0.22, count('beacon'), 0.05, 0.035, { r: 0.5 }),
    turntable: { ref: X, stations: sweep([[-0.5, 0.84, 0], [-0.5, 1.04, 0]], count('turntable'), () => [0.16, 0.16]) },
    wheelFR: wheel(0.68, 0.17, 0.3, 0.17, 0.12),
    wheelFL: wheel(0.68, 0.17, -0.3, 0.17, 0.12),
    wheelR1R: wheel(-0.42, 0.17, 0.3, 0.17, 0.12),
    wheelR1L: wheel(-0.42, 0.17, -0.3, 0.17, 0.12),
    wheelR2R: wheel(-0.74, 0.17, 0.3, 0.17, 0.12),
    wheelR2L: wheel(-0.74, 0.17, -0.3, 0.17, 0.12),
  }
  for (let i = 0; i < RUNGS; i++) {
    const x = -0.9 + (1.78 * i) / (RUNGS - 1)
    out[`rung${i}`] = across(x, 1.07, -0.17, 0.17, count('rung0'), 0.012, 0.012, { p: 2 })
  }
  return out
}

function raceCar(): Record<string, LoftShape> {
  const sphere = round(2)
  const out: Record<string, LoftShape> = {
    // low nose cone, the cockpit opening is at its rear
    cab: hull([[0.0, 0.09, 0.42, 0.17], [0.16, 0.09, 0.41, 0.16], [0.32, 0.09, 0.37, 0.13], [0.48, 0.09, 0.32, 0.1],
      [0.64, 0.09, 0.27, 0.08], [0.8, 0.08, 0.22, 0.065], [0.94, 0.07, 0.18, 0.05], [1.0, 0.07, 0.16, 0.035]], { p: 3 }),
    // engine cover rising to the air box, narrowing to the gearbox at the rear
    body: hull([[-0.92, 0.08, 0.26, 0.07], [-0.8, 0.07, 0.3, 0.09], [-0.66, 0.06, 0.34, 0.11], [-0.52, 0.06, 0.38, 0.13],
      [-0.38, 0.06, 0.42, 0.15], [-0.24, 0.06, 0.45, 0.17], [-0.1, 0.06, 0.46, 0.18], [0.0, 0.06, 0.44, 0.18], [0.06, 0.07, 0.42, 0.17]], { p: 3.5 }),
    bumper: across(0.93, 0.06, -0.48, 0.48, count('bumper'), 0.1, 0.016, { p: 2.5 }),
    tank: across(-0.9, 0.5, -0.41, 0.41, count('tank'), 0.13, 0.02, { p: 2.5 }),
    railR: { ref: Y, stations: prism([-1.03, 0.43, 0.415], [-0.74, 0.43, 0.415], 0.13, 0.008, count('railR'), 0.2) },
    railL: { ref: Y, stations: prism([-1.03, 0.43, -0.415], [-0.74, 0.43, -0.415], 0.13, 0.008, count('railL'), 0.2) },
    beacon: across(0.12, 0.45, -0.075, 0.075, count('beacon'), 0.08, 0.075, { p: 2 }, (t) => 0.25 + 0.75 * sphere(0.08 + 0.84 * t)),
    turntable: { ref: X, stations: sweep([[-0.1, 0.4, 0], [-0.07, 0.57, 0]], count('turntable'), (t) => [0.09 - 0.035 * t, 0.075 - 0.025 * t]).map((s) => ({ ...s, p: 3 })) },
    wheelFR: wheel(0.62, 0.15, 0.4, 0.15, 0.15),
    wheelFL: wheel(0.62, 0.15, -0.4, 0.15, 0.15),
    wheelR1R: wheel(-0.56, 0.17, 0.39, 0.17, 0.22),
    wheelR1L: wheel(-0.56, 0.17, -0.39, 0.17, 0.22),
    wheelR2R: wheel(-0.56, 0.17, 0.39, 0.17 * 0.96, 0.22 * 0.9),
    wheelR2L: wheel(-0.56, 0.17, -0.39, 0.17 * 0.96, 0.22 * 0.9),
  }
  // coke-bottle side pods between the wheels
  const pod = (z: number): LoftShape => ({
    ref: Y,
    stations: stations(count('lockerR'), (t) => {
      const x = -0.48 + 0.7 * t
      const f = 0.45 + 0.55 * Math.sin((Math.PI / 2) * Math.min(1, t * 1.6))
      return { c: [x, 0.07 + 0.1 * f, z], a: 0.1 * f, b: 0.1 * f, r: 0.45 }
    }),
  })
  out.lockerR = pod(0.26)
  out.lockerL = pod(-0.26)
  for (let i = 0; i < RUNGS; i++) {
    if (i < 2) {
      // rear-wing pylons
      const z = i === 0 ? 0.05 : -0.05
      out[`rung${i}`] = { ref: X, stations: sweep([[-0.87, 0.25, z], [-0.87, 0.5, z]], count('rung0'), () => [0.03, 0.008]).map((s) => ({ ...s, p: 2 })) }
    } else {
      out[`rung${i}`] = across(-0.3 + 0.02 * i, 0.25, -0.01, 0.01, count('rung0'), 0.004, 0.004, { p: 2 })
    }
  }
  return out
}

/** Geometry, UV atlas and part layout of the pair (textures not painted). */
export function buildTruckCarMesh(): BuiltMesh {
  const a = truck()
  const b = raceCar()
  const m = new MorphBuilder()
  for (const name of Object.keys(TRUCK_CAR_PARTS)) m.loft(name, TRUCK_CAR_PARTS[name].ring, FLAT, a[name], b[name])
  return m.build(TEXTURE_SIZE)
}

/**
 * The race car stands turned 60° from the truck's heading (about the vertical, +x towards −z): at
 * the scene's default camera (yaw 50°) it shows its side, as race cars are mostly photographed; head
 * on from above, its open wheels and thin nose read as a tricycle or pinwheel to ImageNet models
 * (MobileNet v2 at the default view: pinwheel 0.64 facing +x, racer top-1 turned). The turn comes
 * after the texture is painted and the pair normalised; a shape morph turns the object as it morphs.
 */
export const RACE_CAR_TURN = 60

/** Generates the fire truck <-> race car pair (fresh every call; use `builtinObjects` for the memoised one). */
export function createTruckCar(): MorphableObject {
  const mesh = buildTruckCarMesh()
  return {
    id: 'firetruck-racecar',
    labels: ['fire truck', 'race car'],
    shapes: [mesh.shapes[0], turnedAboutY(mesh.shapes[1], RACE_CAR_TURN)],
    uvs: mesh.uvs,
    indices: mesh.indices,
    textures: [paintTexture(mesh, 0, truckPainter()), paintTexture(mesh, 1, carPainter())],
  }
}
