import { describe, expect, it } from 'vitest'
import { ATLAS_PAD } from './builder'
import { builtinObjects } from './index'
import { inside, partQueries, size } from './testParts'
import { buildTruckCarMesh, RUNGS, TRUCK_CAR_PARTS } from './truckCar'
import type { RgbaImage } from './types'

const mesh = buildTruckCarMesh()
const TRUCK = 0, CAR = 1
const { part, box, whole, colour } = partQueries(mesh)
/** mean RGB over the inner texels of a part's atlas rectangle */
const meanColour = (img: RgbaImage, name: string) => colour(img, name).mean

describe('fire truck <-> race car geometry', () => {
  it('has all parts, in the declared order', () => {
    expect(mesh.parts.map((p) => p.name)).toEqual(Object.keys(TRUCK_CAR_PARTS))
  })

  it('the truck is tall and boxy, the race car low and wide', () => {
    const t = whole(TRUCK), c = whole(CAR)
    expect(size(t, 1)).toBeGreaterThan(1.8 * size(c, 1))
    expect(size(c, 2) / size(c, 1)).toBeGreaterThan(1.6 * (size(t, 2) / size(t, 1)))
    // both are about as long as the normalised size
    expect(size(t, 0)).toBeGreaterThan(1.9)
    expect(size(c, 0)).toBeGreaterThan(1.9)
    // the cab is the tall front of the truck and becomes a low nose cone
    expect(box('cab', TRUCK).max[1] - t.min[1]).toBeGreaterThan(0.8 * size(t, 1))
    expect(size(box('cab', TRUCK), 1)).toBeGreaterThan(2 * size(box('cab', CAR), 1))
    expect(box('cab', CAR).max[0]).toBeCloseTo(c.max[0], 1)
  })

  it('the ladder runs along the truck roof; its rails become short rear-wing end plates', () => {
    const t = whole(TRUCK)
    for (const rail of ['railR', 'railL']) {
      expect(t.max[1] - box(rail, TRUCK).max[1]).toBeLessThan(0.02)
      expect(size(box(rail, TRUCK), 0)).toBeGreaterThan(0.85 * size(t, 0))
      expect(size(box(rail, CAR), 0)).toBeLessThan(0.2 * size(whole(CAR), 0))
    }
    for (let i = 0; i < RUNGS; i++) expect(box(`rung${i}`, TRUCK).min[1]).toBeGreaterThan(box('body', TRUCK).max[1])
    // the rungs that are not wing pylons hide inside the car's body
    for (let i = 2; i < RUNGS; i++) expect(inside(box(`rung${i}`, CAR), box('body', CAR))).toBe(true)
  })

  it('the round water tank morphs into a flat, wide rear spoiler above the car', () => {
    const tank = box('tank', TRUCK), wing = box('tank', CAR)
    expect(size(tank, 0) / size(tank, 1)).toBeCloseTo(1, 1)
    expect(size(wing, 0) / size(wing, 1)).toBeGreaterThan(4)
    expect(size(wing, 2)).toBeGreaterThan(size(tank, 2))
    expect(tank.max[0]).toBeLessThan(0)
    expect(wing.max[0]).toBeLessThan(-0.5)
    expect(wing.min[1]).toBeGreaterThan(box('body', CAR).max[1] - 0.05)
  })

  it('six truck wheels and four visible car wheels stand on the ground', () => {
    const wheels = Object.keys(TRUCK_CAR_PARTS).filter((n) => n.startsWith('wheel'))
    expect(wheels).toHaveLength(6)
    for (const end of [TRUCK, CAR] as const) {
      const ground = whole(end).min[1]
      const visible = end === TRUCK ? wheels : wheels.filter((w) => !w.startsWith('wheelR2'))
      for (const w of visible) expect(box(w, end).min[1] - ground).toBeLessThan(0.005)
    }
    // the truck's second rear axle hides inside the race car's rear wheels
    expect(inside(box('wheelR2R', CAR), box('wheelR1R', CAR))).toBe(true)
    expect(inside(box('wheelR2L', CAR), box('wheelR1L', CAR))).toBe(true)
    // race-car rear tyres are wider than the truck's
    expect(size(box('wheelR1R', CAR), 2)).toBeGreaterThan(1.4 * size(box('wheelR1R', TRUCK), 2))
  })
})

describe('fire truck <-> race car textures', () => {
  const [truck, car] = builtinObjects['firetruck-racecar']().textures

  it('the truck is red with a yellow ladder, the car blue with checkered end plates', () => {
    const [tr, tg, tb] = meanColour(truck, 'body')
    expect(tr).toBeGreaterThan(tg + 40)
    expect(tr).toBeGreaterThan(tb + 40)
    const [cr, , cb] = meanColour(car, 'body')
    expect(cb).toBeGreaterThan(cr + 20)
    const [lr, lg, lb] = meanColour(truck, 'railR')
    expect(Math.min(lr, lg)).toBeGreaterThan(lb + 80)
    // checkerboard: many black-to-white jumps between neighbouring texels
    const { x, y, w, h } = part('railR').rect
    let jumps = 0
    for (let py = y + ATLAS_PAD; py < y + h - ATLAS_PAD; py++) {
      for (let px = x + ATLAS_PAD + 1; px < x + w - ATLAS_PAD; px++) {
        const i = (py * car.width + px) * 4
        if (Math.abs(car.data[i + 1] - car.data[i - 3]) > 150) jumps++
      }
    }
    expect(jumps).toBeGreaterThan(h)
  })

  it('tyres are black in both textures', () => {
    for (const img of [truck, car]) {
      const { x, y, w, h } = part('wheelFR').rect
      // the tread band (middle of the rectangle) is near-black
      let sum = 0, n = 0
      for (let px = x + ATLAS_PAD; px < x + w - ATLAS_PAD; px++) {
        const i = ((y + (h >> 1)) * img.width + px) * 4
        sum += (img.data[i] + img.data[i + 1] + img.data[i + 2]) / 3
        n++
      }
      expect(sum / n).toBeLessThan(60)
    }
  })
})
