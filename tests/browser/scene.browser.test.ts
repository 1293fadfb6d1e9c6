import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { SceneRenderer, createSceneStore, connectScene, SceneContent, uploadObject, sceneParamSpecs, whenSceneLoaded } from '@perturber/scene'
import { createDogCat } from '@perturber/scene/objects'
import { loadBuiltinBackground, type SceneBackground } from '@perturber/scene/core'
import { defaultRegistry } from '@perturber/perturbations'
import { compareImages, type ImageF32 } from '../reference'
import { createTestScene, maskDifference, objectMask, regionStats, renderImage } from './support/scene'
import { createRenderer } from './support/gpu'

let scene: SceneRenderer
let park: SceneBackground
let base: ImageF32
let baseMask: Uint8Array

beforeAll(async () => {
  scene = await createTestScene()
  park = { kind: 'equirect', image: await loadBuiltinBackground('park') }
  base = renderImage(scene)
  baseMask = objectMask(scene, {}, park)
})
afterAll(() => scene.dispose())

/** Keeps only mask pixels whose four neighbours are set too (drops anti-aliased edges). */
const erode = (mask: Uint8Array) => mask.map((v, i) => (v && mask[i - 1] && mask[i + 1] && mask[i - 224] && mask[i + 224] ? 1 : 0))

describe('scene output', () => {
  test('is a real, non-blank 224×224 render with the object in view', () => {
    expect(base.width).toBe(224)
    const stats = regionStats(base, new Uint8Array(224 * 224).fill(1))
    expect(stats.variance).toBeGreaterThan(0.005)
    const coverage = baseMask.reduce((a, b) => a + b, 0) / baseMask.length
    expect(coverage).toBeGreaterThan(0.08)
    expect(coverage).toBeLessThan(0.7)
  })

  test('the same parameters render identical pixels twice', () => {
    renderImage(scene, { yaw: -20, textureBlur: 0.5 })
    const again = renderImage(scene)
    expect(compareImages(again, base).max).toBe(0)
  })

  test('renders only when something changed, with increasing frame ids', () => {
    const a = scene.render()
    const b = scene.render()
    expect(b.frameId).toBe(a.frameId)
    scene.setParams({ yaw: scene.currentParams.yaw + 1 })
    const c = scene.render()
    expect(c.frameId).toBe(a.frameId + 1)
    scene.setParams({ yaw: scene.currentParams.yaw - 1 })
  })
})

describe('asynchronous readback', () => {
  test('readPixelsAsync gives exactly the pixels readPixels gives, and a frame rendered after it does not change them', async () => {
    const previous = { ...scene.currentParams }
    scene.setParams({ yaw: 33, textureMorph: 0.4 })
    const pending = scene.readPixelsAsync()
    scene.setParams({ yaw: -40 }) // rendered before the copy comes back: the copy is of the frame it was asked for
    scene.render()
    const later = scene.readPixels().slice()
    const asynchronous = await pending
    scene.setParams({ yaw: 33 })
    const synchronous = scene.readPixels()
    expect(asynchronous).toHaveLength(224 * 224 * 4)
    expect(compareImages({ width: 224, height: 224, data: asynchronous }, { width: 224, height: 224, data: synchronous }).max).toBe(0)
    expect(compareImages({ width: 224, height: 224, data: asynchronous }, { width: 224, height: 224, data: later }).mean).toBeGreaterThan(0.01)
    scene.setParams(previous)
  })
})

describe('frame pacing', () => {
  test('while the consumer is busy, changes wait; when it is ready, the newest state renders at once, once', () => {
    let busy = false
    const listeners = new Set<() => void>()
    const pacer = { ready: () => !busy, subscribe: (l: () => void) => (listeners.add(l), () => listeners.delete(l)) }
    let invalidations = 0
    const paced = new SceneRenderer(scene.renderer, { width: 64, height: 64, pacer, onInvalidate: () => invalidations++ })
    const frames: number[] = []
    paced.subscribe((f) => frames.push(f.frameId))
    paced.setObject(createDogCat())
    paced.render()
    invalidations = 0
    const first = paced.readPixels().slice()

    busy = true
    for (const yaw of [10, 20, 30]) paced.setParams({ yaw })
    expect(invalidations).toBe(0) // no animation frame requested: nothing renders while busy
    expect(paced.isHeld && paced.needsRender).toBe(true)
    expect(frames).toHaveLength(1)

    busy = false
    listeners.forEach((l) => l())
    expect(frames).toHaveLength(2) // rendered right in the ready signal, not at a later animation frame
    expect(invalidations).toBe(1) // one request, for the display
    expect(paced.isHeld || paced.needsRender).toBe(false)
    const held = paced.readPixels().slice()
    paced.setParams({ yaw: 0 }) // what an unpaced renderer draws for the last state, yaw 30
    paced.setParams({ yaw: 30 })
    expect(compareImages({ width: 64, height: 64, data: held }, { width: 64, height: 64, data: paced.readPixels() }).max).toBe(0)
    expect(compareImages({ width: 64, height: 64, data: held }, { width: 64, height: 64, data: first }).mean).toBeGreaterThan(0.001)

    listeners.forEach((l) => l()) // a ready signal with nothing waiting renders nothing
    expect(frames).toHaveLength(3)
    paced.setPacer(null)
    busy = true
    paced.setParams({ yaw: 40 })
    expect(invalidations).toBe(4) // unpaced again: every change asks for a frame
    expect(listeners.size).toBe(0)
    paced.dispose()
  })
})

describe.each(sceneParamSpecs.map((s) => s.name))('scene parameter %s', (name) => {
  test('moved from its default, changes the image', () => {
    const spec = sceneParamSpecs.find((s) => s.name === name)!
    const towards = spec.default - spec.min > spec.max - spec.default ? -1 : 1
    const moved = renderImage(scene, { [name]: spec.default + towards * (spec.max - spec.min) * 0.4 })
    expect(compareImages(moved, base).mean).toBeGreaterThan(0.004)
  })
})

describe('scene parameters do what the thesis says', () => {
  test('Background Blur 1 turns the background into one solid colour', () => {
    const img = renderImage(scene, { backgroundBlur: 1 })
    const background = erode(baseMask.map((v) => 1 - v))
    expect(regionStats(base, background).variance).toBeGreaterThan(0.002)
    expect(regionStats(img, background).variance).toBeLessThan(1e-6)
  })

  test('Background Saturation 0 makes the background gray and leaves the object alone', () => {
    const img = renderImage(scene, { backgroundSaturation: 0 })
    const bg = regionStats(img, baseMask, 0)
    expect(Math.abs(bg.mean[0] - bg.mean[1]) + Math.abs(bg.mean[1] - bg.mean[2])).toBeLessThan(0.01)
    const obj = regionStats(img, baseMask, 1)
    const objBase = regionStats(base, baseMask, 1)
    expect(Math.abs(obj.mean[0] - objBase.mean[0])).toBeLessThan(0.02)
  })

  test('Texture Influence 0 with Lighting Influence 0 gives a uniformly white silhouette', () => {
    const img = renderImage(scene, { textureInfluence: 0, lightingInfluence: 0 })
    const mask = objectMask(scene, { textureInfluence: 0, lightingInfluence: 0 }, park)
    // erode by ignoring edge pixels: compare only pixels whose 4 neighbours are object too
    const stats = regionStats(img, erode(mask), 1)
    expect(stats.count).toBeGreaterThan(500)
    expect(Math.min(...stats.mean)).toBeGreaterThan(0.99)
  })

  test('Texture Blur 1 with Lighting Influence 0 gives a single object colour', () => {
    const textured = renderImage(scene, { lightingInfluence: 0 })
    const blurred = renderImage(scene, { lightingInfluence: 0, textureBlur: 1 })
    const inner = erode(baseMask)
    expect(regionStats(textured, inner).variance).toBeGreaterThan(0.003)
    expect(regionStats(blurred, inner).variance).toBeLessThan(2e-4)
  })

  test('shape morph changes the silhouette; texture morph changes the image but not the silhouette', () => {
    const shapeMask = objectMask(scene, { shapeMorph: 1 }, park)
    const textureMask = objectMask(scene, { textureMorph: 1 }, park)
    // edge pixels can flip with the texture colour (anti-aliasing is blended in linear light)
    expect(maskDifference(shapeMask, baseMask)).toBeGreaterThan(0.03)
    expect(maskDifference(textureMask, baseMask)).toBeLessThan(0.01)
    const texture = renderImage(scene, { textureMorph: 1 })
    expect(regionStats(texture, baseMask, 1).mean).not.toEqual(regionStats(base, baseMask, 1).mean)
    expect(compareImages(texture, base).mean).toBeGreaterThan(0.01)
    // Overall morph = both together
    const both = renderImage(scene, { shapeMorph: 1, textureMorph: 1 })
    expect(compareImages(renderImage(scene, { overallMorph: 1 }), both).max).toBe(0)
  })

  test('the feature-visualisation plane shows any image in 3D', () => {
    const size = 64
    const data = new Uint8ClampedArray(size * size * 4)
    for (let i = 0; i < size * size; i++) data.set([(i % size) * 4, 0, ((i / size) | 0) * 4, 255], i * 4)
    scene.setFeatureVisImage({ width: size, height: size, data })
    const img = renderImage(scene)
    scene.setFeatureVisImage(null)
    expect(compareImages(img, base).mean).toBeGreaterThan(0.02)
    expect(compareImages(renderImage(scene), base).max).toBe(0)
  })
})

describe('robustness', () => {
  test('broken custom GLSL yields an error object, and the image stays unchanged and updating', () => {
    const chain = [{ ...defaultRegistry.defaultState('custom-glsl', true), source: 'color.rgb = undefinedThing * amount;' }]
    const errors = scene.setChain(chain)
    expect(errors).toHaveLength(1)
    expect(errors[0].perturbationId).toBe('custom-glsl')
    expect(errors[0].line).toBe(1)
    expect(errors[0].message).toMatch(/undefinedThing/)
    expect(compareImages(renderImage(scene), base).max).toBe(0)
    const before = scene.frameId
    const moved = renderImage(scene, { yaw: 0 })
    expect(scene.frameId).toBeGreaterThan(before)
    expect(compareImages(moved, base).mean).toBeGreaterThan(0.004)
    // a fixed snippet compiles and applies
    expect(scene.setChain([{ ...chain[0], source: 'color.rgb = 1.0 - color.rgb;' }])).toHaveLength(0)
    expect(compareImages(renderImage(scene), base).mean).toBeGreaterThan(0.1)
    scene.setChain([])
  })

  test('a malformed OBJ upload is rejected with a message and leaves the scene untouched', async () => {
    const renderer = new SceneRenderer(createRenderer())
    const store = createSceneStore({ background: { kind: 'solid', color: '#336699' } })
    const content = new SceneContent()
    const disconnect = connectScene(renderer, store, content)
    await whenSceneLoaded(store)
    const before = renderer.readPixels()
    const bad = new File(['v 0 0 0\nv 1 0 0\nf 1 2 9\n'], 'broken.obj')
    expect(await uploadObject(store, content, { mesh: bad })).toBe(false)
    expect(store.getState().loadError).toMatch(/broken\.obj/)
    expect(store.getState().object).toEqual({ kind: 'builtin', id: 'dog-cat' })
    const after = renderer.readPixels()
    expect(after).toEqual(before)
    disconnect()
    renderer.dispose()
  })
})
