import { describe, expect, it } from 'vitest'
import { buildFishBirdMesh, FISH_BIRD_PARTS } from './fishBird'
import { builtinObjects } from './index'
import { inside, partQueries, size } from './testParts'

const mesh = buildFishBirdMesh()
const { box, whole, colour } = partQueries(mesh)
const FISH = 0, BIRD = 1

describe('goldfish <-> macaw geometry', () => {
  it('has all parts, in the declared order', () => {
    expect(mesh.parts.map((p) => p.name)).toEqual(Object.keys(FISH_BIRD_PARTS))
  })

  it('the fish is long and horizontal, the macaw upright', () => {
    const fish = whole(FISH), bird = whole(BIRD)
    expect(size(fish, 0)).toBeGreaterThan(1.8 * size(fish, 1))
    expect(size(bird, 1)).toBeGreaterThan(1.8 * size(bird, 0))
    expect(size(box('body', BIRD), 1)).toBeGreaterThan(size(box('body', BIRD), 0))
    // both sit in the middle of the joint box: neither hangs off one edge
    const mid = (b: typeof fish) => (b.min[1] + b.max[1]) / 2
    expect(Math.abs(mid(fish) - mid(bird))).toBeLessThan(0.2)
  })

  it('the fish tail is a tall vertical fan at the back; the macaw tail is the long, lowest point', () => {
    const tail = box('tail', FISH)
    expect(tail.min[0]).toBeCloseTo(whole(FISH).min[0], 4)
    expect(size(tail, 1)).toBeGreaterThan(5 * size(tail, 2))
    expect(size(tail, 1)).toBeGreaterThan(0.9 * size(box('body', FISH), 1))
    expect(box('tail', BIRD).min[1]).toBeCloseTo(whole(BIRD).min[1], 4)
    expect(size(box('tail', BIRD), 1)).toBeGreaterThan(0.45 * size(whole(BIRD), 1))
  })

  it('the macaw has a hooked beak in front, stands on a perch; the fish hides the perch, the bird the extra fins', () => {
    const beak = box('beakUpper', BIRD)
    expect(beak.max[0]).toBeCloseTo(whole(BIRD).max[0], 4)
    expect(beak.min[1]).toBeLessThan(box('beakLower', BIRD).min[1]) // the hook reaches below the lower mandible
    const perch = box('perch', BIRD)
    expect(size(perch, 2)).toBeGreaterThan(3 * size(perch, 0))
    for (const leg of ['legR', 'legL']) expect(box(leg, BIRD).min[1]).toBeLessThan(perch.max[1])
    expect(inside(box('perch', FISH), box('body', FISH))).toBe(true)
    for (const fin of ['dorsal', 'anal']) expect(inside(box(fin, BIRD), box('body', BIRD))).toBe(true)
    // the dorsal fin rises above the fish's back
    expect(box('dorsal', FISH).max[1]).toBeGreaterThan(box('body', FISH).max[1] + 0.05)
  })

  it('eyes sit on the sides of the head, mirrored', () => {
    for (const end of [FISH, BIRD] as const) {
      const r = box('eyeR', end), l = box('eyeL', end)
      expect(r.max[2]).toBeGreaterThan(box('head', end).max[2] - 0.01)
      expect(r.max[2]).toBeCloseTo(-l.min[2], 4)
      expect(r.max[1]).toBeCloseTo(l.max[1], 4)
    }
  })
})

describe('goldfish <-> macaw textures', () => {
  const [fish, bird] = builtinObjects['goldfish-macaw']().textures

  it('the goldfish is orange with paler fins', () => {
    const [r, g, b] = colour(fish, 'body').mean
    expect(r).toBeGreaterThan(g + 70)
    expect(g).toBeGreaterThan(b + 30)
    const fin = colour(fish, 'tail').mean
    expect(fin[1] + fin[2]).toBeGreaterThan(g + b + 25)
  })

  it('the macaw is scarlet with red, yellow and blue wings and a horn-coloured beak', () => {
    const [r, g, b] = colour(bird, 'body').mean
    expect(r).toBeGreaterThan(150)
    expect(Math.max(g, b)).toBeLessThan(50)
    const yellow = colour(bird, 'wingR', (r, g, b) => r > 180 && g > 140 && b < 90).fraction
    const blue = colour(bird, 'wingR', (r, _g, b) => b > r + 80).fraction
    const red = colour(bird, 'wingR', (r, g) => r > g + 100).fraction
    for (const f of [yellow, blue, red]) expect(f).toBeGreaterThan(0.1)
    const beak = colour(bird, 'beakUpper').mean
    expect(Math.min(...beak)).toBeGreaterThan(120)
    expect(colour(bird, 'beakLower').mean[0]).toBeLessThan(60)
  })
})
