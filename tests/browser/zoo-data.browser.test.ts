/**
 * The model zoo's dataset renderer (tools/zoo/render), through the same code path the generator
 * drives: sample specs → configurations → ZooRenderer bytes.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { WebGLRenderer } from 'three'
import type { SceneParams } from '@perturber/scene'
import { partnerOf, zooClasses } from '../../tools/zoo/render/classes'
import { canonicalConfig, sampleConfig, sampleSeed, type SampleConfig, type SampleSpec } from '../../tools/zoo/render/sampleConfig'
import { ZooRenderer } from '../../tools/zoo/render/ZooRenderer'
import { maskDifference, objectMask } from './support/scene'

const SIZE = 112
const BYTES = SIZE * SIZE * 3
const DOG = zooClasses.findIndex((c) => c.id === 'dog')
const CAT = zooClasses.findIndex((c) => c.id === 'cat')
const TEAPOT = zooClasses.findIndex((c) => c.id === 'teapot')
let renderer: WebGLRenderer
let zoo: ZooRenderer

const spec = (seed: number, shape: number, texture = shape, stylized = false): SampleSpec => ({ seed, shape, texture, stylized })
/** Mean absolute byte difference of two images. */
const meanDiff = (a: Uint8Array, b: Uint8Array) => a.reduce((s, v, i) => s + Math.abs(v - b[i]), 0) / a.length
const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i])

/** The object's silhouette in a sample's view (scene only: the post-processing chain off). */
function silhouette(config: SampleConfig): Uint8Array {
  const scene = zoo.apply(config)
  scene.setChain([])
  const mask = objectMask(scene, {}, { kind: 'solid', color: '#808080' })
  zoo.forgetBackgrounds()
  return mask
}
const fraction = (mask: Uint8Array) => mask.reduce((s, v) => s + v, 0) / mask.length

beforeAll(async () => {
  const canvas = document.createElement('canvas')
  canvas.width = canvas.height = 8
  renderer = new WebGLRenderer({ canvas, antialias: false, alpha: false })
  zoo = new ZooRenderer(renderer, SIZE)
  await zoo.load()
})
afterAll(() => {
  zoo.dispose()
  renderer.dispose()
})

describe('zoo sample configurations', () => {
  test('are a pure function of the spec: pure morph ends, parameters within the documented ranges', () => {
    const a = sampleConfig(spec(sampleSeed(1, 0, 7), CAT))
    expect(sampleConfig(spec(sampleSeed(1, 0, 7), CAT))).toEqual(a)
    expect(a.object).toBe('dog-cat')
    expect([a.params.shapeMorph, a.params.textureMorph, a.params.overallMorph]).toEqual([1, 1, 0])
    for (let i = 0; i < 200; i++) {
      const c = sampleConfig(spec(sampleSeed(3, 1, i), i % zooClasses.length))
      const p: SceneParams = c.params
      expect(p.pitch).toBeGreaterThanOrEqual(-10)
      expect(p.pitch).toBeLessThanOrEqual(40)
      expect(Math.abs(p.roll)).toBeLessThanOrEqual(10)
      expect(p.textureInfluence).toBeGreaterThanOrEqual(0.75)
      expect(p.lightingInfluence).toBeGreaterThanOrEqual(0.7)
      expect(c.chain.map((s) => s.id)).toEqual(['hue', 'saturation', 'brightness', 'contrast', 'gaussian-blur', 'gaussian-noise'])
      expect(c.styleSeed).toBeNull()
    }
  })

  test('seeds of different splits and indices never collide', () => {
    const seen = new Set<number>()
    for (let split = 0; split < 4; split++) for (let i = 0; i < 5000; i++) seen.add(sampleSeed(1, split, i))
    expect(seen.size).toBe(20000)
  })

  test('cue-conflict pairs are the two ends of one morph pair, and mixing pairs is refused', () => {
    for (let c = 0; c < zooClasses.length; c++) {
      const p = partnerOf(c)
      expect(p).not.toBe(c)
      expect(zooClasses[p].object).toBe(zooClasses[c].object)
      expect(partnerOf(p)).toBe(c)
    }
    const cue = sampleConfig(spec(5, DOG, CAT))
    expect([cue.params.shapeMorph, cue.params.textureMorph]).toEqual([0, 1])
    expect(() => sampleConfig(spec(5, DOG, TEAPOT))).toThrow(/not one morph pair/)
  })
})

describe('zoo rendering', () => {
  const seeds = [11, 12, 13].map((i) => sampleSeed(1, 0, i))

  test('is deterministic: the same spec gives identical bytes in any batch order and on a fresh renderer', async () => {
    const configs = [spec(seeds[0], DOG), spec(seeds[1], CAT), spec(seeds[2], TEAPOT, TEAPOT, true)].map(sampleConfig)
    const first = zoo.renderMany(configs)
    expect(first.length).toBe(3 * BYTES)
    const reversed = zoo.renderMany([...configs].reverse())
    for (let k = 0; k < 3; k++) expect(sameBytes(first.subarray(k * BYTES, (k + 1) * BYTES), reversed.subarray((2 - k) * BYTES, (3 - k) * BYTES))).toBe(true)
    const fresh = new ZooRenderer(renderer, SIZE)
    await fresh.load()
    expect(sameBytes(fresh.render(configs[2]), first.subarray(2 * BYTES))).toBe(true)
    fresh.dispose()
  })

  test('different classes differ, in the same view', () => {
    const dog = zoo.render(sampleConfig(spec(seeds[0], DOG)))
    const cat = zoo.render(sampleConfig(spec(seeds[0], CAT)))
    expect(meanDiff(dog, cat)).toBeGreaterThan(3)
    let changed = 0
    for (let i = 0; i < BYTES; i += 3) if (Math.abs(dog[i] - cat[i]) + Math.abs(dog[i + 1] - cat[i + 1]) + Math.abs(dog[i + 2] - cat[i + 2]) > 30) changed++
    expect(changed / (SIZE * SIZE)).toBeGreaterThan(0.03)
  })

  test('the object fills a reasonable part of the frame in every sample', () => {
    for (let c = 0; c < zooClasses.length; c += 1) {
      for (const i of [0, 1]) {
        const f = fraction(silhouette(sampleConfig(spec(sampleSeed(2, 0, c * 2 + i), c))))
        expect(f, `${zooClasses[c].id} sample ${i}`).toBeGreaterThan(0.02)
        expect(f, `${zooClasses[c].id} sample ${i}`).toBeLessThan(0.6)
      }
    }
  })

  test('cue-conflict samples keep the silhouette of their shape class and take the texture of the other', () => {
    const seed = seeds[1]
    const dog = sampleConfig(spec(seed, DOG)), cue = sampleConfig(spec(seed, DOG, CAT)), cat = sampleConfig(spec(seed, CAT))
    const [dogMask, cueMask, catMask] = [dog, cue, cat].map(silhouette)
    // texture morph moves anti-aliased edge pixels at most
    expect(maskDifference(cueMask, dogMask)).toBeLessThan(0.01)
    expect(maskDifference(catMask, dogMask)).toBeGreaterThan(0.02)
    // inside the silhouette, the cue-conflict image is closer to the cat's fur colour than the dog's
    const [dogPx, cuePx] = [zoo.render(dog), zoo.render(cue)]
    const catOnDog = zoo.render({ ...dog, params: { ...dog.params, textureMorph: 1 } })
    expect(sameBytes(cuePx, catOnDog)).toBe(true)
    expect(meanDiff(cuePx, dogPx)).toBeGreaterThan(1)
  })

  test('stylized samples keep the silhouette, replace the texture, and differ from style to style', () => {
    const natural = sampleConfig(spec(seeds[2], TEAPOT))
    const stylized = sampleConfig(spec(seeds[2], TEAPOT, TEAPOT, true))
    const before = zoo.render(natural)
    expect(stylized.styleSeed).not.toBeNull()
    // everything but the style is shared with the natural sample of the same seed
    expect({ ...stylized, styleSeed: null }).toEqual(natural)
    expect(maskDifference(silhouette(stylized), silhouette(natural))).toBeLessThan(0.01)
    const a = zoo.render(stylized), b = zoo.render({ ...stylized, styleSeed: stylized.styleSeed! + 1 })
    expect(meanDiff(a, before)).toBeGreaterThan(1)
    expect(meanDiff(a, b)).toBeGreaterThan(1)
    // and switching back to the natural texture leaves no trace of the style
    expect(sameBytes(zoo.render(natural), before)).toBe(true)
  })

  test('canonical examples show each class on a plain background, without post-processing', () => {
    const img = zoo.render(canonicalConfig(DOG))
    // the corners are the plain background colour #c9d2dc
    for (const i of [0, SIZE - 1, SIZE * (SIZE - 1), SIZE * SIZE - 1]) expect(Array.from(img.slice(i * 3, i * 3 + 3))).toEqual([0xc9, 0xd2, 0xdc])
    expect(fraction(silhouette(canonicalConfig(CAT)))).toBeGreaterThan(0.05)
  })
})
