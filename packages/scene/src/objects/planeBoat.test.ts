import { describe, expect, it } from 'vitest'
import { builtinObjects } from './index'
import { buildPlaneBoatMesh, PLANE_BOAT_PARTS } from './planeBoat'
import { inside, partQueries, size } from './testParts'

const mesh = buildPlaneBoatMesh()
const { box, whole, colour } = partQueries(mesh)
const PLANE = 0, BOAT = 1

describe('airliner <-> sailboat geometry', () => {
  it('has all parts, in the declared order', () => {
    expect(mesh.parts.map((p) => p.name)).toEqual(Object.keys(PLANE_BOAT_PARTS))
  })

  it('the airliner: long fuselage, wide swept wings, a tail fin on top, engines under the wings', () => {
    const p = whole(PLANE)
    expect(size(box('fuselage', PLANE), 0)).toBeGreaterThan(0.99 * size(p, 0))
    expect(size(p, 2)).toBeGreaterThan(0.8 * size(p, 0))
    // swept back: the wing tip trails its root
    const wing = box('wingR', PLANE)
    expect(wing.max[2]).toBeCloseTo(p.max[2], 4)
    expect(box('wingR', PLANE).min[0]).toBeLessThan(box('engineR', PLANE).min[0])
    expect(box('fin', PLANE).max[1]).toBeCloseTo(p.max[1], 4)
    expect(box('fin', PLANE).max[0]).toBeLessThan(p.min[0] + 0.35 * size(p, 0))
    for (const e of ['engineR', 'engineL']) expect(box(e, PLANE).min[1]).toBeLessThan(box('wingR', PLANE).min[1])
    expect(box('engineR', PLANE).min[2]).toBeGreaterThan(0)
    expect(box('engineL', PLANE).max[2]).toBeLessThan(0)
  })

  it('the sailboat: mast on top, keel at the bottom, two tall thin sails, narrow hull', () => {
    const b = whole(BOAT)
    expect(box('engineR', BOAT).max[1]).toBeCloseTo(b.max[1], 4)
    expect(box('wingL', BOAT).min[1]).toBeCloseTo(b.min[1], 4)
    for (const sail of ['wingR', 'fin']) {
      const s = box(sail, BOAT)
      expect(size(s, 1)).toBeGreaterThan(0.5 * size(b, 1))
      expect(size(s, 2)).toBeLessThan(0.25 * size(s, 1))
    }
    // the jib reaches the bow; the mainsail sits behind the mast, the boom under it
    expect(box('wingR', BOAT).max[0]).toBeGreaterThan(box('fuselage', BOAT).max[0] - 0.15)
    expect(box('fin', BOAT).max[0]).toBeLessThan(box('engineR', BOAT).max[0] + 0.01)
    expect(box('stabR', BOAT).max[1]).toBeLessThan(box('fin', BOAT).min[1] + 0.02)
    expect(size(box('fuselage', BOAT), 2)).toBeLessThan(0.4 * size(box('fuselage', BOAT), 0))
    // the deckhouse stands on the hull, within its length and beam
    const house = box('engineL', BOAT), hull = box('fuselage', BOAT)
    expect(inside({ min: [house.min[0], hull.min[1], house.min[2]], max: [house.max[0], hull.max[1], house.max[2]] }, hull)).toBe(true)
    expect(box('engineL', BOAT).max[1]).toBeGreaterThan(box('fuselage', BOAT).max[1])
  })
})

describe('airliner <-> sailboat textures', () => {
  const [plane, boat] = builtinObjects['airliner-sailboat']().textures
  const dark = (r: number, g: number, b: number) => Math.max(r, g, b) < 70

  it('the airliner is white with cabin windows and a blue tail', () => {
    const fuselage = colour(plane, 'fuselage')
    expect(Math.min(...fuselage.mean)).toBeGreaterThan(150)
    expect(colour(plane, 'fuselage', dark).fraction).toBeGreaterThan(0.005)
    const [r, , b] = colour(plane, 'fin').mean
    expect(b).toBeGreaterThan(r + 50)
  })

  it('the sailboat has white sails, a dark keel and a navy hull', () => {
    for (const sail of ['wingR', 'fin']) expect(colour(boat, sail, (r, g, b) => Math.min(r, g, b) > 200).fraction).toBeGreaterThan(0.6)
    expect(Math.max(...colour(boat, 'wingL').mean)).toBeLessThan(60)
    expect(colour(boat, 'fuselage', (r, g, b) => b > r + 40 && b < 130).fraction).toBeGreaterThan(0.15)
  })
})
