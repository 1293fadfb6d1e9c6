import { describe, expect, it } from 'vitest'
import { ATLAS_PAD } from './builder'
import { buildDogCatMesh, DOG_CAT_PARTS } from './dogCat'
import { signedVolume } from './geometry'
import { builtinObjects } from './index'
import { partQueries } from './testParts'
import type { RgbaImage } from './types'

const mesh = buildDogCatMesh()
const { part, box, whole, colour } = partQueries(mesh)
/** position of the first vertex of a row (a pole row is a single point) */
const rowPoint = (name: string, row: number, end: 0 | 1) => {
  const p = part(name)
  const i = (p.vertexStart + row * (p.ring + 1)) * 3
  return Array.from(mesh.shapes[end].positions.slice(i, i + 3))
}
const volume = (name: string, end: 0 | 1) => {
  const p = part(name)
  return signedVolume(mesh.shapes[end].positions, mesh.indices, p.triStart, p.triStart + p.triCount)
}
const DOG = 0, CAT = 1
/** mean RGB over the inner texels of a part's atlas rectangle */
const meanColour = (img: RgbaImage, name: string) => colour(img, name).mean

describe('dog <-> cat geometry', () => {
  it('has all parts, in the declared order', () => {
    expect(mesh.parts.map((p) => p.name)).toEqual(Object.keys(DOG_CAT_PARTS))
  })

  it('dog ears hang down, cat ears stand up above the head', () => {
    for (const ear of ['earR', 'earL']) {
      const p = part(ear)
      const [dogBase, dogTip] = [rowPoint(ear, p.firstRing, DOG), rowPoint(ear, p.lastRing, DOG)]
      const [catBase, catTip] = [rowPoint(ear, p.firstRing, CAT), rowPoint(ear, p.lastRing, CAT)]
      const dogHead = box('head', DOG), catHead = box('head', CAT)
      expect(dogTip[1]).toBeLessThan(dogBase[1] - 0.1)
      expect(dogTip[1]).toBeLessThan((dogHead.min[1] + dogHead.max[1]) / 2)
      expect(catTip[1]).toBeGreaterThan(catBase[1] + 0.1)
      expect(catTip[1]).toBeGreaterThan(catHead.max[1] + 0.05)
      // relative to the head, the cat's ear tips are higher than anything of the dog's ears
      expect(catTip[1] - catHead.max[1]).toBeGreaterThan(box(ear, DOG).max[1] - dogHead.max[1])
    }
  })

  it('the dog has the longer snout and the longer legs', () => {
    const snoutRatio = (end: 0 | 1) => {
      const s = box('snout', end), h = box('head', end)
      return (s.max[0] - h.max[0]) / (h.max[0] - h.min[0])
    }
    expect(snoutRatio(DOG)).toBeGreaterThan(0.4)
    expect(snoutRatio(CAT)).toBeLessThan(0.15)
    const legRatio = (end: 0 | 1) => {
      const leg = box('legFR', end), body = box('body', end)
      return (body.min[1] - leg.min[1]) / (body.max[1] - body.min[1])
    }
    expect(legRatio(DOG)).toBeGreaterThan(legRatio(CAT) * 1.2)
  })

  it('the dog tail is bushy and lower, the cat tail thin, long and raised', () => {
    // thickest cross-section (both ends share one normalisation, so radii compare directly)
    const maxRadius = (end: 0 | 1) => {
      const p = part('tail'), P = mesh.shapes[end].positions
      let best = 0
      for (let k = p.firstRing; k <= p.lastRing; k++) {
        const c = [0, 0, 0]
        for (let j = 0; j < p.ring; j++) for (let d = 0; d < 3; d++) c[d] += P[(p.vertexStart + k * (p.ring + 1) + j) * 3 + d] / p.ring
        for (let j = 0; j < p.ring; j++) {
          const i = (p.vertexStart + k * (p.ring + 1) + j) * 3
          best = Math.max(best, Math.hypot(P[i] - c[0], P[i + 1] - c[1], P[i + 2] - c[2]))
        }
      }
      return best
    }
    expect(maxRadius(DOG)).toBeGreaterThan(1.7 * maxRadius(CAT))
    expect(volume('tail', DOG)).toBeGreaterThan(volume('tail', CAT))
    const p = part('tail')
    const catTip = rowPoint('tail', p.lastRing, CAT)
    expect(catTip[1]).toBeGreaterThan(box('head', CAT).max[1])
    expect(rowPoint('tail', p.lastRing, DOG)[1]).toBeLessThan(box('head', DOG).max[1])
    // the cat tail curls: its tip is in front of the rearmost point of the tail
    expect(catTip[0]).toBeGreaterThan(box('tail', CAT).min[0] + 0.1)
  })

  it('both animals stand on their four paws', () => {
    for (const end of [DOG, CAT] as const) {
      const ground = whole(end).min[1]
      for (const paw of ['pawFR', 'pawFL', 'pawBR', 'pawBL']) expect(box(paw, end).min[1] - ground).toBeLessThan(0.01)
      // legs are symmetric about z = 0
      expect(box('legFR', end).min[2]).toBeCloseTo(-box('legFL', end).max[2], 5)
    }
  })
})

describe('dog <-> cat textures', () => {
  const [dog, cat] = builtinObjects['dog-cat']().textures

  it('colour parts differently: dark dog ears, white dog paws, black dog nose, pink cat nose', () => {
    const lum = (c: number[]) => 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]
    expect(lum(meanColour(dog, 'earR'))).toBeLessThan(lum(meanColour(dog, 'pawFR')) - 80)
    expect(lum(meanColour(dog, 'nose'))).toBeLessThan(50)
    const [r, g, b] = meanColour(cat, 'nose')
    expect(r).toBeGreaterThan(g + 40)
    expect(r).toBeGreaterThan(b + 30)
  })

  it('the dog body has brown and white patches, the cat body dark stripes', () => {
    const { x, y, w, h } = part('body').rect
    let white = 0, brown = 0, dark = 0, n = 0
    for (let py = y + ATLAS_PAD; py < y + h - ATLAS_PAD; py++) {
      for (let px = x + ATLAS_PAD; px < x + w - ATLAS_PAD; px++) {
        const i = (py * dog.width + px) * 4
        const [r, g, b] = [dog.data[i], dog.data[i + 1], dog.data[i + 2]]
        if (r > 170 && g > 160 && b > 140) white++
        if (r > g + 25 && g > b + 10 && r < 170) brown++
        if (0.299 * cat.data[i] + 0.587 * cat.data[i + 1] + 0.114 * cat.data[i + 2] < 85) dark++
        n++
      }
    }
    expect(white / n).toBeGreaterThan(0.1)
    expect(brown / n).toBeGreaterThan(0.2)
    expect(dark / n).toBeGreaterThan(0.1)
    expect(dark / n).toBeLessThan(0.6)
  })
})
