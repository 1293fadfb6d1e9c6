import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { SceneRenderer } from '@perturber/scene'
import { PerturberSession, loadModelIndex, zooInitialState } from '@perturber/app'
import { batchMistakes, batchTable, screenFiles, startBatch, type BatchImage, type BatchOptions } from '@perturber/app/batch'
import { zooClasses } from '../../tools/zoo/render/classes'
import { sampleConfig, sampleSeed } from '../../tools/zoo/render/sampleConfig'
import { ZooRenderer } from '../../tools/zoo/render/ZooRenderer'
import { createRenderer } from './support/gpu'
import { wasmPaths } from './support/wasm'

/**
 * Batch evaluation on the zoo pair through the session: the zoo's test split, rendered here by the
 * generator's own code path, reproduces the report's clean accuracy; a folder of files is screened,
 * decoded, labelled by its names and evaluated, with what cannot be read listed; without labels the
 * models' agreement is measured; the live frame and the tensor count stay as they were.
 */
const ZOO_INDEX = '/models/perturber-zoo/index.json'
const ZOO_REPORT = '/models/perturber-zoo/report.json'
const SIZE = 112
/** The test split of `npm run zoo` (tools/zoo/generate.mjs): seed 1, namespace 2, 80 images per class, sample i of class i mod 10. */
const TEST_SPLIT = { seed: 1, namespace: 2, count: 800 }

describe('batch evaluation on the zoo pair', () => {
  let session: PerturberSession
  let release: () => void
  let detach: () => void
  let scene: SceneRenderer
  /** the test split as decoded images, RGBA bytes */
  let testSplit: (BatchImage & { data: Uint8ClampedArray })[]

  const run = async (inputs: Parameters<typeof startBatch>[1], options?: BatchOptions) => {
    const batch = startBatch(session, inputs, options)
    const result = await batch.finished
    expect(batch.state.error).toBeNull()
    expect(batch.state.status).toBe('done')
    return { result: result!, batch }
  }

  beforeAll(async () => {
    const index = await loadModelIndex(ZOO_INDEX)
    if (!index) throw new Error(`No model zoo at ${ZOO_INDEX}`)
    const started = performance.now()
    const renderer = createRenderer()
    const zoo = new ZooRenderer(renderer, SIZE)
    try {
      await zoo.load()
      const labels = Array.from({ length: TEST_SPLIT.count }, (_, i) => i % zooClasses.length)
      const bytes = zoo.renderMany(labels.map((c, i) => sampleConfig({ seed: sampleSeed(TEST_SPLIT.seed, TEST_SPLIT.namespace, i), shape: c, texture: c, stylized: false })))
      testSplit = labels.map((c, i) => ({ name: `test/${i}`, label: zooClasses[c].name, width: SIZE, height: SIZE, data: rgba(bytes.subarray(i * SIZE * SIZE * 3, (i + 1) * SIZE * SIZE * 3)) }))
    } finally {
      zoo.dispose()
      renderer.dispose()
    }
    console.log(`[batch] rendered the test split (${TEST_SPLIT.count} images) in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    session = new PerturberSession({ models: index.models, state: zooInitialState(index.models), runtimeOptions: { wasmPaths } })
    release = session.retain()
    scene = new SceneRenderer(createRenderer(), { width: SIZE, height: SIZE })
    detach = session.attachRenderer(scene)
    await session.evaluate()
    // the session warms the attack up in idle time (a model copy on its backend): let it finish, so the tensor count is the batch's alone
    await vi.waitFor(() => expect(session.store.getState().attack.estimate).toBeDefined(), { timeout: 60_000, interval: 100 })
  })
  afterAll(() => {
    detach?.()
    release?.()
    scene?.dispose()
  })

  test("the zoo's test split reproduces the report's clean accuracy of both models, image count for image count", async () => {
    const report = (await (await fetch(ZOO_REPORT)).json()) as { data: { test: number }; models: { path: string; cleanAccuracy: number }[] }
    expect(report.data.test).toBe(TEST_SPLIT.count)
    const reported = (path: string) => report.models.find((m) => m.path === path)!.cleanAccuracy
    // the report's accuracies are counts out of 800, and high: a few errors at most
    const errors = ['standard', 'adversarial/ckpt-5'].map((path) => TEST_SPLIT.count - reported(path) * TEST_SPLIT.count)
    for (const e of errors) expect(Number.isInteger(e) && e >= 0 && e <= 8).toBe(true)

    const liveFrame = scene.frameId
    const livePixels = scene.readPixels().slice()
    const runtime = session.store.getState().runtime!
    await run(testSplit.slice(0, 2)) // the first inferences set up the backend's kernels
    await runtime.idle()
    const tensors = tf.memory().numTensors
    const gpu = () => ({ ...scene.renderer.info.memory, programs: scene.renderer.info.programs?.length })
    const resources = gpu()
    const started = performance.now()
    const { result } = await run(testSplit)
    console.log(`[batch] ${TEST_SPLIT.count} images × ${result.models.length} models in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    await runtime.idle()
    expect(tf.memory().numTensors).toBe(tensors)
    // the run's pipeline, texture and targets are freed: the context holds what it held before
    expect(gpu()).toEqual(resources)
    expect(scene.frameId).toBe(liveFrame)
    expect(scene.needsRender).toBe(false)
    expect(Array.from(scene.readPixels())).toEqual(Array.from(livePixels))

    expect(result.models.map((m) => m.role)).toEqual(['model1', 'model2'])
    expect(result.models.map((m) => session.modelOf(m.role)!.descriptor.name)).toEqual(['ZooNet standard', 'ZooNet adversarial (checkpoint 5/5)'])
    expect(result.settings.map((s) => s.id)).toEqual(['clean'])
    expect(result.items).toHaveLength(TEST_SPLIT.count)
    expect(result.skipped).toEqual([])
    // every image's label is its class, for both models
    result.items.forEach((item, i) => expect(item.truth).toEqual([i % 10, i % 10]))
    const { rows, agreement } = batchTable(result)
    expect(rows.map((r) => [r.labelled, r.top1])).toEqual(errors.map((e) => [800, 800 - e]))
    expect(rows[0].top1 / rows[0].labelled).toBe(reported('standard'))
    expect(rows[1].top1 / rows[1].labelled).toBe(reported('adversarial/ckpt-5'))
    // two models right on all but e₁ and e₂ images agree on at least 800 − e₁ − e₂ and at most 800 − |e₁ − e₂|
    expect(agreement).toEqual([{ setting: 0, models: [0, 1], compared: 800, agreed: expect.any(Number) }])
    expect(agreement[0].agreed).toBeGreaterThanOrEqual(800 - errors[0] - errors[1])
    expect(agreement[0].agreed).toBeLessThanOrEqual(800 - Math.abs(errors[0] - errors[1]))
  })

  test('a folder of files: labels from folder or file names, a wide image cropped to its centre, what cannot be read listed as skipped', async () => {
    const [dog, cat, truck, teapot] = [0, 1, 2, 4].map((i) => testSplit[i])
    // the teapot in the middle of an image twice as wide, stripes either side: the centre crop is the teapot exactly
    const wide = new Uint8ClampedArray(2 * SIZE * SIZE * 4).map((_, k) => ((k & 3) === 3 ? 255 : (k >> 5) & 1 ? 250 : 10))
    for (let y = 0; y < SIZE; y++) wide.set(teapot.data.subarray(y * SIZE * 4, (y + 1) * SIZE * 4), (y * 2 * SIZE + SIZE / 2) * 4)
    const tallPng = await png(1, 4097, new Uint8ClampedArray(4097 * 4).fill(255))
    const brokenPng = (await png(SIZE, SIZE, dog.data)).slice(0, 120)
    const folder = [
      ['mine/dog/a.png', await png(SIZE, SIZE, dog.data)],
      ['mine/notes.txt', new Blob(['not an image'], { type: 'text/plain' })],
      ['mine/cat/b.png', await png(SIZE, SIZE, cat.data)],
      ['mine/fire-truck_07.png', await png(SIZE, SIZE, truck.data)],
      ['mine/huge.png', new Blob([new Uint8Array(33 * 1024 * 1024)])],
      ['mine/tall.png', tallPng],
      ['mine/broken.png', brokenPng],
      ['mine/wide/teapot.png', await png(2 * SIZE, SIZE, wide)],
    ] as const
    const files = folder.map(([path, blob]) => ({ file: new File([blob], path.split('/').pop()!, { type: blob.type }), path }))
    const { images, skipped } = screenFiles(files)
    expect(skipped).toEqual([
      { name: 'mine/huge.png', reason: '33 MB, over the 32 MB an image may have' },
      { name: 'mine/notes.txt', reason: 'not a PNG, JPEG or WebP image' },
    ])
    const { result } = await run(images, { skipped })
    expect(result.total).toBe(6)
    expect(result.skipped).toEqual([
      ...skipped,
      { name: 'mine/broken.png', reason: 'the PNG data is corrupt or truncated; the browser could not decode it' },
      { name: 'mine/tall.png', reason: 'the image is 1×4097 pixels; the limit is 4096 pixels per side' },
    ])
    expect(result.items.map((item) => [item.name, item.labelText, item.truth])).toEqual([
      ['mine/cat/b.png', 'cat', [1, 1]],
      ['mine/dog/a.png', 'dog', [0, 0]],
      ['mine/fire-truck_07.png', 'fire-truck_07', [2, 2]],
      ['mine/wide/teapot.png', 'teapot', [4, 4]],
    ])
    // PNG is lossless and the crop exact: the same answers as the decoded images give, to the bit
    const direct = (await run([cat, dog, truck, teapot])).result
    expect(result.items.map((item) => item.predictions)).toEqual(direct.items.map((item) => item.predictions))
    expect(batchTable(result).rows.map((r) => r.top1)).toEqual([4, 4])
    // labels switched off: the same answers, no label, agreement only
    const unlabelled = (await run(images, { labels: false })).result
    expect(unlabelled.items.map((item) => [item.labelText, item.truth])).toEqual(Array(4).fill([null, [null, null]]))
    expect(unlabelled.items.map((item) => item.predictions)).toEqual(result.items.map((item) => item.predictions))
  })

  test('without labels, the models\' agreement in every setting; the current chain perturbs every image (Alpha at 0: the black image)', async () => {
    const chain = session.scene.getState().chain
    session.scene.getState().restore({ chain: chain.map((s) => (s.id === 'alpha' ? { ...s, enabled: true, params: { alpha: 0 } } : s)) })
    try {
      const n = 20
      const images = testSplit.slice(0, n).map(({ label: _label, ...image }, i) => ({ ...image, name: `holiday/IMG_${1000 + i}.png` }))
      const { result } = await run(images)
      expect(result.settings.map((s) => [s.id, s.name])).toEqual([['clean', 'clean'], ['current', 'current (Alpha)']])
      expect(result.items.every((item) => item.labelText === null && item.truth.every((t) => t === null))).toBe(true)
      const { rows, agreement } = batchTable(result)
      expect(rows.map((r) => [r.answered, r.labelled])).toEqual([[n, 0], [n, 0], [n, 0], [n, 0]])

      // the same numbers straight from the runtime: each image as it is (clean), and the black image (current)
      const runtime = session.store.getState().runtime!
      const requests = session.store.getState().shown.map(({ model }) => ({ model, predictions: true, topK: 5 }))
      const answers = async (data: Float32Array) => (await runtime.infer({ frameId: 0, width: SIZE, height: SIZE, data }, requests)).models.map((m) => ({ top: m.predictions!.map((p) => p.labelIndex), probabilities: m.predictions!.map((p) => p.probability) }))
      const black = await answers(new Float32Array(SIZE * SIZE * 4).map((_, k) => ((k & 3) === 3 ? 1 : 0)))
      let agreed = 0
      for (const [i, item] of result.items.entries()) {
        const clean = await answers(Float32Array.from(testSplit[i].data, (v) => v / 255))
        expect(item.predictions).toEqual([clean, black])
        if (clean[0].top[0] === clean[1].top[0]) agreed++
      }
      const blackAgrees = black[0].top[0] === black[1].top[0] ? n : 0
      expect(agreement).toEqual([
        { setting: 0, models: [0, 1], compared: n, agreed },
        { setting: 1, models: [0, 1], compared: n, agreed: blackAgrees },
      ])
      // unlabelled, the images to look at are those the models disagree on
      expect(batchMistakes(result, 0)).toHaveLength(n - agreed)
      expect(batchMistakes(result, 1)).toHaveLength(n - blackAgrees)
    } finally {
      session.scene.getState().restore({ chain })
    }
  })

  test('pause holds the batch between images, resume goes on, cancel keeps the images so far; a model switched off mid-run stops it', async () => {
    const batch = startBatch(session, testSplit.slice(0, 200))
    await vi.waitFor(() => expect(batch.state.done).toBeGreaterThanOrEqual(2), { timeout: 60_000, interval: 20 })
    batch.pause()
    await new Promise((r) => setTimeout(r, 200)) // the image under way finishes
    const held = batch.state.done
    await new Promise((r) => setTimeout(r, 300))
    expect(batch.state.done).toBe(held)
    expect(batch.state.status).toBe('paused')
    batch.resume()
    await vi.waitFor(() => expect(batch.state.done).toBeGreaterThan(held), { timeout: 60_000, interval: 20 })
    batch.cancel()
    const result = await batch.finished
    expect(batch.state.status).toBe('cancelled')
    expect(result!.items.length).toBe(batch.state.done)
    expect(result!.items.length).toBeLessThan(200)
    expect(result!.items.map((item) => item.name)).toEqual(testSplit.slice(0, result!.items.length).map((image) => image.name))

    const second = startBatch(session, testSplit.slice(0, 200))
    await vi.waitFor(() => expect(second.state.done).toBeGreaterThanOrEqual(2), { timeout: 60_000, interval: 20 })
    session.setControls((c) => ({ ...c, views: { ...c.views, model2: false } }))
    try {
      const partial = await second.finished
      expect(second.state.status).toBe('failed')
      expect(second.state.error).toBe('Model 2 changed during the batch: the images so far are kept; run the batch again for the new model.')
      expect(partial!.items.length).toBeGreaterThanOrEqual(2)
    } finally {
      session.setControls((c) => ({ ...c, views: { ...c.views, model2: true } }))
      await vi.waitFor(() => expect(session.store.getState().shown).toHaveLength(2), { timeout: 60_000, interval: 50 })
    }
  })
})

/** Packed RGB bytes as RGBA. */
function rgba(rgb: Uint8Array): Uint8ClampedArray {
  const out = new Uint8ClampedArray((rgb.length / 3) * 4)
  for (let p = 0, q = 0; p < rgb.length; p += 3, q += 4) (out[q] = rgb[p]), (out[q + 1] = rgb[p + 1]), (out[q + 2] = rgb[p + 2]), (out[q + 3] = 255)
  return out
}

/** RGBA bytes as a PNG file's bytes. */
async function png(width: number, height: number, data: Uint8ClampedArray): Promise<Blob> {
  const canvas = new OffscreenCanvas(width, height)
  canvas.getContext('2d')!.putImageData(new ImageData(new Uint8ClampedArray(data), width, height), 0, 0)
  return canvas.convertToBlob({ type: 'image/png' })
}
