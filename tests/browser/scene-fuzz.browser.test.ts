import { expect, test } from 'vitest'
import { BoxGeometry, CanvasTexture, Mesh, MeshStandardMaterial, Scene, SRGBColorSpace } from 'three'
import { GLTFExporter } from 'three/examples/jsm/exporters/GLTFExporter.js'
import { SceneContent, createSceneStore, getSnapshot, uploadImage } from '@perturber/scene'
import { decodeImage, isSceneInputError, loadUserObject } from '@perturber/scene/loaders'
import { fuzz, int, mutateBytes, pickOne, type FuzzReport } from '../support/fuzz'

/**
 * The loaders' fuzz test where decoding is real (packages/scene/src/loaders/fuzz.test.ts covers
 * every loader in jsdom, with thousands of cases): PNG and JPEG files encoded by the browser, and
 * a GLB with an embedded PNG texture exported by three.js, damaged by `mutateBytes` and decoded
 * by Chromium. Each case ends in success or a `SceneInputError` within the time limit, never an
 * internal error; a refused upload leaves the store and the session's images as they were.
 */
const SEED = 20260413
const SLOW_MS = 3000
const LIMITS = { maxTextureSide: 512 }
const INTERNAL = /TypeError|RangeError|ReferenceError|Maximum call stack|is not a function|Cannot read propert|undefined is not|null is not|\[object Object\]/

const isTyped = (e: unknown) => isSceneInputError(e) && !INTERNAL.test(e.message) && !(e.cause instanceof TypeError || e.cause instanceof RangeError)

function expectClean(report: FuzzReport, what: string) {
  console.log(`[fuzz ${what}] ${JSON.stringify(report.counts)}`)
  expect(report.problems, what).toEqual([])
  expect(report.counts.ok, `${what}: some cases still load`).toBeGreaterThan(0)
  expect(report.counts.typed, `${what}: some cases are refused`).toBeGreaterThan(0)
}

async function encoded(type: 'image/png' | 'image/jpeg'): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(48, 32)
  const ctx = canvas.getContext('2d')!
  const gradient = ctx.createLinearGradient(0, 0, 48, 32)
  gradient.addColorStop(0, 'rgb(200, 60, 30)')
  gradient.addColorStop(1, 'rgba(40, 90, 180, 0.5)')
  ctx.fillStyle = gradient
  ctx.fillRect(0, 0, 48, 32)
  return new Uint8Array(await (await canvas.convertToBlob({ type, quality: 0.9 })).arrayBuffer())
}

async function texturedGlb(): Promise<Uint8Array> {
  const canvas = Object.assign(document.createElement('canvas'), { width: 16, height: 16 })
  const ctx = canvas.getContext('2d')!
  ctx.fillStyle = '#c83c1e'
  ctx.fillRect(0, 0, 16, 8)
  const texture = new CanvasTexture(canvas)
  texture.colorSpace = SRGBColorSpace
  const scene = new Scene()
  scene.add(new Mesh(new BoxGeometry(1, 2, 3), new MeshStandardMaterial({ map: texture })))
  return new Uint8Array((await new GLTFExporter().parseAsync(scene, { binary: true })) as ArrayBuffer)
}

test('images (PNG, JPEG) with mutated bytes, decoded by the browser', { timeout: 240_000 }, async () => {
  const images = [await encoded('image/png'), await encoded('image/jpeg')]
  const store = createSceneStore({ background: { kind: 'solid', color: '#336699' } })
  const content = new SceneContent()
  const report = await fuzz(
    { cases: 1000, seed: SEED, slowMs: SLOW_MS },
    (random, index) => new File([(random() < 0.9 ? mutateBytes(pickOne(random, images), random) : pickOne(random, images)) as BlobPart], `image${index}.${int(random, 1) ? 'png' : 'jpg'}`),
    async (file) => {
      const before = { snapshot: JSON.stringify(getSnapshot(store)), images: [...content.images.keys()].join() }
      if (!(await uploadImage(store, content, file, 'background'))) {
        const after = { snapshot: JSON.stringify(getSnapshot(store)), images: [...content.images.keys()].join() }
        if (after.snapshot !== before.snapshot || after.images !== before.images) throw new Error('a refused image changed the store or the content')
      }
      const image = await decodeImage(file, { limits: LIMITS })
      if (image.data.length !== image.width * image.height * 4) throw new Error('decoded pixels do not match the size')
    },
    isTyped,
  )
  expectClean(report, 'images')
})

test('a GLB with an embedded PNG texture, mutated bytes', { timeout: 240_000 }, async () => {
  const glb = await texturedGlb()
  const report = await fuzz(
    { cases: 1000, seed: SEED + 1, slowMs: SLOW_MS },
    (random) => new File([(random() < 0.9 ? mutateBytes(glb, random) : glb) as BlobPart], 'fuzz.glb'),
    (file) => loadUserObject({ mesh: file }, { limits: LIMITS }),
    isTyped,
  )
  expectClean(report, 'glb')
})
