import { describe, expect, it } from 'vitest'
import { builtinObjects } from './index'
import { buildTeapotMugMesh, TEAPOT_MUG_PARTS } from './teapotMug'
import { inside, partQueries, size } from './testParts'

const mesh = buildTeapotMugMesh()
const { part, box, whole, colour } = partQueries(mesh)
const TEAPOT = 0, MUG = 1
/** y of the centre row of the body's top cap: the coffee surface / the floor of the teapot's opening */
const topCapY = (end: 0 | 1) => {
  const p = part('body')
  return mesh.shapes[end].positions[(p.vertexStart + (p.rowCount - 1) * (p.ring + 1)) * 3 + 1]
}

describe('teapot <-> coffee mug geometry', () => {
  it('has all parts, in the declared order', () => {
    expect(mesh.parts.map((p) => p.name)).toEqual(Object.keys(TEAPOT_MUG_PARTS))
  })

  it('the mug is hollow: its coffee lies below the rim; the teapot opening hides under the lid', () => {
    const mug = box('body', MUG)
    expect(mug.max[1] - topCapY(MUG)).toBeGreaterThan(0.08 * size(mug, 1))
    const teapot = box('body', TEAPOT)
    expect(teapot.max[1] - topCapY(TEAPOT)).toBeGreaterThan(0)
    expect(box('lid', TEAPOT).min[1]).toBeLessThan(teapot.max[1])
    expect(size(box('lid', TEAPOT), 0)).toBeGreaterThan(size(box('body', TEAPOT), 0) * 0.5)
  })

  it('the teapot is squat with a spout in front and a handle behind; the mug is a tall cylinder', () => {
    const t = whole(TEAPOT), m = whole(MUG)
    // the spout tip is the front-most point of the teapot and rises above the body's shoulder
    expect(box('spout', TEAPOT).max[0]).toBeCloseTo(t.max[0], 4)
    expect(box('spout', TEAPOT).max[1]).toBeGreaterThan(box('body', TEAPOT).max[1] - 0.05)
    for (const end of [TEAPOT, MUG] as const) expect(box('handle', end).min[0]).toBeCloseTo(whole(end).min[0], 4)
    const aspect = (end: 0 | 1) => size(box('body', end), 1) / size(box('body', end), 0)
    expect(aspect(MUG)).toBeGreaterThan(1.6 * aspect(TEAPOT))
    // round in plan: as deep as wide
    expect(size(box('body', MUG), 2)).toBeCloseTo(size(box('body', MUG), 0), 2)
    expect(size(m, 1)).toBeGreaterThan(size(t, 1))
  })

  it('the teapot lid and spout hide inside the mug', () => {
    expect(inside(box('lid', MUG), box('body', MUG))).toBe(true)
    expect(inside(box('spout', MUG), box('body', MUG))).toBe(true)
  })
})

describe('teapot <-> coffee mug textures', () => {
  const [teapot, mug] = builtinObjects['teapot-mug']().textures
  const cobalt = (r: number, _g: number, b: number) => b > r + 60
  const white = (r: number, g: number, b: number) => Math.min(r, g, b) > 190

  it('the teapot is white porcelain with cobalt-blue painting', () => {
    const body = colour(teapot, 'body', cobalt)
    expect(body.fraction).toBeGreaterThan(0.08)
    expect(body.fraction).toBeLessThan(0.6)
    expect(colour(teapot, 'body', white).fraction).toBeGreaterThan(0.3)
    expect(colour(teapot, 'handle', cobalt).fraction).toBeGreaterThan(0.03)
  })

  it('the mug is red with a white inside and dark coffee under the rim', () => {
    const [r, g, b] = colour(mug, 'body').mean
    expect(r).toBeGreaterThan(g + 50)
    expect(r).toBeGreaterThan(b + 50)
    const [hr, hg] = colour(mug, 'handle').mean
    expect(hr).toBeGreaterThan(hg + 80)
    // the top cap (local v beyond the last loft station) is coffee: dark and brown
    const p = part('body')
    const cap = colour(mug, 'body', () => true, p.rowV[p.lastRing] + 0.02, 1).mean
    expect(Math.max(...cap)).toBeLessThan(150)
    expect(cap[0]).toBeGreaterThan(cap[2] + 15)
    // no cobalt on the mug, no red on the teapot
    expect(colour(mug, 'body', cobalt).fraction).toBe(0)
    expect(colour(teapot, 'body', (r, g) => r > g + 80).fraction).toBe(0)
  })
})
