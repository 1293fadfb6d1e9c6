import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { SceneContent, SceneRenderer, connectScene, createSceneStore, uploadImage, whenSceneLoaded, type SceneStore } from '@perturber/scene'
import { defaultSceneParams } from '@perturber/scene/core'
import type { ImageF32 } from '../reference'
import { createRenderer } from './support/gpu'
import { objectMask, regionStats } from './support/scene'

/**
 * The user image upload path (`uploadImage`): a real PNG / JPEG file, encoded by the browser,
 * goes through decoding, the store and `connectScene` to the rendered 224×224 frame.
 *
 * The image has four mid-tone quadrants. Mid-tones (not 0/255 primaries, which every sRGB curve
 * maps to themselves) catch a missing or doubled sRGB conversion; four distinct corners catch a
 * flipped or mirrored upload.
 */
const quadrants = {
  topLeft: [200, 60, 30],
  topRight: [40, 90, 180],
  bottomLeft: [90, 170, 60],
  bottomRight: [230, 200, 120],
} as const
type Quadrant = keyof typeof quadrants

async function quadrantImage(type: 'image/png' | 'image/jpeg', name: string): Promise<File> {
  const side = 128
  const canvas = new OffscreenCanvas(side, side)
  const ctx = canvas.getContext('2d')!
  const fill = ([r, g, b]: readonly number[], x: number, y: number) => {
    ctx.fillStyle = `rgb(${r}, ${g}, ${b})`
    ctx.fillRect(x, y, side / 2, side / 2)
  }
  fill(quadrants.topLeft, 0, 0)
  fill(quadrants.topRight, side / 2, 0)
  fill(quadrants.bottomLeft, 0, side / 2)
  fill(quadrants.bottomRight, side / 2, side / 2)
  const blob = await canvas.convertToBlob({ type, quality: 0.95 })
  return new File([blob], name, { type })
}

/** Background pixels of one quadrant of the frame, away from the centre lines (bilinear seams) and the object. */
function quadrantMask(objectPixels: Uint8Array, quadrant: Quadrant, size = 224, margin = 12): Uint8Array {
  const half = size / 2
  return objectPixels.map((isObject, i) => {
    const x = i % size
    const y = Math.floor(i / size)
    const left = x < half - margin
    const right = x >= half + margin
    const top = y < half - margin
    const bottom = y >= half + margin
    const inQuadrant = { topLeft: top && left, topRight: top && right, bottomLeft: bottom && left, bottomRight: bottom && right }[quadrant]
    // skip object pixels and their anti-aliased edges
    const nearObject = isObject || objectPixels[i - 1] || objectPixels[i + 1] || objectPixels[i - size] || objectPixels[i + size]
    return inQuadrant && !nearObject ? 1 : 0
  })
}

let renderer: SceneRenderer
let store: SceneStore
let content: SceneContent
let disconnect: () => void
const frame = (): ImageF32 => ({ width: renderer.width, height: renderer.height, data: renderer.readPixels() })

beforeEach(async () => {
  renderer = new SceneRenderer(createRenderer(), { width: 224, height: 224 })
  store = createSceneStore({ background: { kind: 'solid', color: '#808080' }, params: { ...defaultSceneParams, backgroundBlur: 0 } })
  content = new SceneContent()
  disconnect = connectScene(renderer, store, content)
  await whenSceneLoaded(store)
})
afterEach(() => {
  disconnect()
  renderer.dispose()
})

describe.each([
  // measured: PNG within 0.03 of a level (std 0.24), JPEG within 1.02 levels
  ['image/png', 'quadrants.png', 1 / 255],
  // JPEG is lossy (and subsamples chroma): flat areas come back within a level or two
  ['image/jpeg', 'quadrants.jpg', 3 / 255],
] as const)('uploading a %s background', (type, name, tolerance) => {
  test('shows the image behind the object, the right way up, in its own colours', async () => {
    expect(await uploadImage(store, content, await quadrantImage(type, name), 'background')).toBe(true)
    await whenSceneLoaded(store)
    expect(store.getState().background).toEqual({ kind: 'image', name })
    expect(store.getState().loadError).toBeNull()
    const img = frame()
    const uploaded = content.images.get(name)!
    expect(uploaded).toMatchObject({ width: 128, height: 128 })
    const objectPixels = objectMask(renderer, {}, { kind: 'image', image: uploaded })
    for (const quadrant of Object.keys(quadrants) as Quadrant[]) {
      const mask = quadrantMask(objectPixels, quadrant)
      const stats = regionStats(img, mask)
      expect(stats.count, `${quadrant} background pixels`).toBeGreaterThan(500)
      const expected = quadrants[quadrant].map((v) => v / 255)
      stats.mean.forEach((v, c) => expect(Math.abs(v - expected[c]), `${quadrant} channel ${c}`).toBeLessThan(tolerance))
      // flat: every pixel of the region has the colour, not just the average
      expect(stats.variance, `${quadrant} variance`).toBeLessThan(tolerance ** 2)
    }
  })
})

describe('a corrupt image upload', () => {
  test('is rejected with a message naming the file and leaves the background and pixels unchanged', async () => {
    const good = await quadrantImage('image/png', 'quadrants.png')
    expect(await uploadImage(store, content, good, 'background')).toBe(true)
    await whenSceneLoaded(store)
    const before = frame()

    // random bytes: not an image at all
    const noise = new Uint8Array(4096)
    crypto.getRandomValues(noise)
    noise[0] = 0 // never a PNG/JPEG/WebP signature by chance
    expect(await uploadImage(store, content, new File([noise], 'noise.png', { type: 'image/png' }), 'background')).toBe(false)
    expect(store.getState().loadError).toBe('noise.png: this is not a PNG, JPEG or WebP image')

    // a real PNG header (so the size check passes) with the pixel data cut off
    const truncated = new File([(await good.arrayBuffer()).slice(0, 60)], 'truncated.png', { type: 'image/png' })
    expect(await uploadImage(store, content, truncated, 'background')).toBe(false)
    expect(store.getState().loadError).toBe('truncated.png: the PNG data is corrupt or truncated; the browser could not decode it')

    await whenSceneLoaded(store)
    expect(store.getState().background).toEqual({ kind: 'image', name: 'quadrants.png' })
    expect([...content.images.keys()]).toEqual(['quadrants.png'])
    expect(renderer.readPixels()).toEqual(before.data)
  })
})

describe('uploading a feature-visualisation image', () => {
  test('puts it on the plane in place of the object, in its own colours', async () => {
    expect(await uploadImage(store, content, await quadrantImage('image/png', 'features.png'), 'feature-vis')).toBe(true)
    await whenSceneLoaded(store)
    expect(store.getState().object).toEqual({ kind: 'feature-vis', label: 'features.png' })
    // flat shading and full texture, so the plane shows the file's colours unlit
    store.getState().setParams({ lightingInfluence: 0, textureInfluence: 1, textureBlur: 0 })
    const img = frame()
    // each quadrant colour covers a good share of the frame (the gray background matches none)
    for (const quadrant of Object.keys(quadrants) as Quadrant[]) {
      const expected = quadrants[quadrant].map((v) => v / 255)
      let count = 0
      for (let i = 0; i < img.data.length; i += 4) {
        if (expected.every((v, c) => Math.abs(img.data[i + c] - v) < 2 / 255)) count++
      }
      expect(count, `${quadrant} pixels`).toBeGreaterThan(0.02 * 224 * 224)
    }
  })
})
