import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createTruckCar } from '@perturber/scene/objects'
import { loadBuiltinBackground, type SceneBackground } from '@perturber/scene/core'
import { type RgbaImage, type SceneRenderer } from '@perturber/scene'
import { compareImages, type ImageF32 } from '../reference'
import { createTestScene, maskDifference, objectMask, regionStats, renderImage } from './support/scene'

let scene: SceneRenderer
let park: SceneBackground
let base: ImageF32
let baseMask: Uint8Array

/** A flat image of one colour (8-bit RGB). */
const flat = (rgb: [number, number, number], size = 32): RgbaImage => {
  const data = new Uint8ClampedArray(size * size * 4)
  for (let i = 0; i < size * size; i++) data.set([...rgb, 255], i * 4)
  return { width: size, height: size, data }
}
/** Mask pixels whose four neighbours are object too (drops anti-aliased edges). */
const erode = (mask: Uint8Array, w = 224) => mask.map((v, i) => (v && mask[i - 1] && mask[i + 1] && mask[i - w] && mask[i + w] ? 1 : 0))
// silhouette mode: no shading, so object pixels show the texture colour itself
const unlit = { lightingInfluence: 0 }

beforeAll(async () => {
  scene = await createTestScene()
  park = { kind: 'equirect', image: await loadBuiltinBackground('park') }
  base = renderImage(scene, unlit)
  baseMask = objectMask(scene, unlit, park)
})
afterAll(() => scene.dispose())

describe('SceneRenderer.setTextureOverride', () => {
  test('paints the image over the object, leaves the background alone, and null restores the object exactly', () => {
    scene.setTextureOverride(flat([255, 0, 0]))
    const red = renderImage(scene, unlit)
    const inner = regionStats(red, erode(baseMask), 1)
    expect(inner.count).toBeGreaterThan(500)
    expect(inner.mean[0]).toBeGreaterThan(0.99)
    expect(Math.max(inner.mean[1], inner.mean[2])).toBeLessThan(0.01)
    // pixels away from the object are untouched (two pixels off: edge pixels the object only
    // partly covers count as background in the mask)
    const outside = erode(erode(baseMask.map((v) => 1 - v)))
    let moved = 0
    for (let i = 0; i < outside.length; i++) if (outside[i] && Math.abs(red.data[i * 4] - base.data[i * 4]) > 1e-6) moved++
    expect(moved).toBe(0)
    scene.setTextureOverride(null)
    expect(compareImages(renderImage(scene, unlit), base).max).toBe(0)
  })

  test('shape morph still applies under an override; texture morph has nothing left to blend', () => {
    scene.setTextureOverride(flat([40, 200, 90]))
    expect(compareImages(renderImage(scene, { ...unlit, textureMorph: 1 }), renderImage(scene, unlit)).max).toBe(0)
    const morphed = objectMask(scene, { ...unlit, shapeMorph: 1 }, park)
    expect(maskDifference(morphed, baseMask)).toBeGreaterThan(0.03)
    scene.setTextureOverride(null)
  })

  test('stays on when the object changes, until cleared', () => {
    scene.setTextureOverride(flat([0, 0, 255]))
    scene.setObject(createTruckCar())
    const truckMask = objectMask(scene, unlit, park)
    const blue = regionStats(renderImage(scene, unlit), erode(truckMask), 1)
    expect(blue.count).toBeGreaterThan(500)
    expect(blue.mean[2]).toBeGreaterThan(0.99)
    expect(Math.max(blue.mean[0], blue.mean[1])).toBeLessThan(0.01)
    scene.setTextureOverride(null)
    const own = regionStats(renderImage(scene, unlit), erode(truckMask), 1)
    // the fire truck's own livery is mostly red
    expect(own.mean[0]).toBeGreaterThan(own.mean[2] + 0.1)
  })
})
