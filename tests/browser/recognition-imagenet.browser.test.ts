/**
 * Do real ImageNet models see the scene's objects as what they are (issue 16)? The three models in
 * ../shared/models (MobileNet v2 and v1, then Darknet tiny) on fresh 224 px renders of all ten
 * objects, each before its own fitting background: the default view, the thesis' yaw sweep (seven
 * yaws, two pitches) and the cue conflicts. The targets: MobileNet v2 top-1 for ≥ 8 of 10
 * objects, top-5 of all three models for 10 of 10, MobileNet v2's top-5 for ≥ 70 % of the yaw
 * sweep; the scene meets them today (see packages/app/README.md, "Recognition"), so that a change
 * that makes the objects less recognisable fails here. Skipped with a message when the shared
 * models are absent.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { SceneRenderer } from '@perturber/scene'
import { PerturberSession, defaultAppState } from '@perturber/app'
import { recognitionSummaryText, startRecognition, summarised, type RecognitionOptions, type RecognitionResult, type RecognitionRun } from '@perturber/app/experiments'
import { sharedModelUrl, sharedModelsMissing, type SharedModelName } from '../support/sharedModels'
import { createRenderer } from './support/gpu'
import { wasmPaths } from './support/wasm'

if (sharedModelsMissing) console.warn(sharedModelsMissing)

/** A recognition check on fresh renders by one or two shared models, in a session of its own; `done` frees it. */
async function recognise(models: [SharedModelName] | [SharedModelName, SharedModelName], options: RecognitionOptions = {}): Promise<{ result: RecognitionResult; run: RecognitionRun; done: () => void }> {
  const [model1, model2] = models
  const state = defaultAppState({ kind: 'url', url: sharedModelUrl(model1) })
  if (model2) {
    state.models.model2 = { kind: 'url', url: sharedModelUrl(model2) }
    state.views = { ...state.views, model2: true }
  }
  const session = new PerturberSession({ models: [], state, runtimeOptions: { wasmPaths } })
  const release = session.retain()
  const scene = new SceneRenderer(createRenderer(), { width: 224, height: 224 })
  const detach = session.attachRenderer(scene)
  await session.settled()
  const run = startRecognition(session, { thumbnailSize: 32, ...options })
  const result = (await run.finished)!
  expect(run.state.error).toBeNull()
  console.log(`[recognition]\n${recognitionSummaryText(result)}`)
  const done = () => {
    detach()
    release()
    scene.dispose()
  }
  return { result, run, done }
}

describe.skipIf(!!sharedModelsMissing)('recognition of the scene objects by ImageNet models', () => {
  let result: RecognitionResult
  let run: RecognitionRun
  let done: (() => void) | undefined

  beforeAll(async () => {
    ;({ result, run, done } = await recognise(['mobilenet_v2_1.0_224_quant', 'mobilenet_v1_0.75_224']))
  }, 600_000)
  afterAll(() => done?.())

  test('every object has its default view, fourteen yaw views and a cue conflict; the counts are the images counted again', () => {
    expect(result.images.filter((i) => i.view === 'default').map((i) => i.object)).toEqual(['dog', 'cat', 'fire truck', 'race car', 'teapot', 'coffee mug', 'goldfish', 'macaw', 'airliner', 'sailboat'])
    expect(result.images.filter((i) => i.view === 'yaw')).toHaveLength(140)
    expect(result.images.filter((i) => i.view === 'cue-conflict').map((i) => `${i.object}/${i.texture}`)).toEqual(['dog/cat', 'cat/dog', 'fire truck/race car', 'race car/fire truck', 'teapot/coffee mug', 'coffee mug/teapot', 'goldfish/macaw', 'macaw/goldfish', 'airliner/sailboat', 'sailboat/airliner'])
    expect(summarised({ ...result, summary: [] }).summary).toEqual(result.summary)
    for (const image of result.images) for (const a of image.answers) expect(a.rank === null || a.labels.length === 5).toBe(true)
  })

  test('the thumbnails are what the models were shown: each object before its own background, and its cue conflict before plain grey', () => {
    const corners = (image: { width: number; height: number; data: Uint8ClampedArray }) =>
      [0, image.width - 1, (image.height - 1) * image.width, image.height * image.width - 1].map((p) => [0, 1, 2].map((c) => image.data[p * 4 + c]))
    const grey = (rgb: number[]) => rgb.every((v) => Math.abs(v - 0x80) <= 2)
    for (const { name: object } of result.objects) {
      const shown = run.thumbnail(object, 'default')!
      const conflict = run.thumbnail(object, 'cue-conflict')!
      expect([shown.width, shown.height, conflict.width, conflict.height], object).toEqual([32, 32, 32, 32])
      expect(corners(conflict).every(grey), `${object}: cue conflict before #808080`).toBe(true)
      expect(corners(shown).every(grey), `${object}: default view before its photo background`).toBe(false)
      // the object is there: part of the image, not all of it, is not the grey
      const object_ = [...Array(32 * 32).keys()].filter((p) => !grey([0, 1, 2].map((c) => conflict.data[p * 4 + c]))).length / (32 * 32)
      expect(object_, `${object}: the object's share of the cue-conflict image`).toBeGreaterThan(0.03)
      expect(object_, `${object}: the object's share of the cue-conflict image`).toBeLessThan(0.8)
    }
    expect(run.thumbnail('dog', 'yaw' as never)).toBeUndefined()
  })

  test('MobileNet v2: at least 8 of 10 default views top-1 and all ten top-5, the yaw sweep above the issue’s 70 % top-5; MobileNet v1: all ten default views top-5', () => {
    const [v2, v1] = result.summary
    expect(v2.defaultTop1).toBeGreaterThanOrEqual(8)
    expect(v2.defaultTop5).toBe(10)
    expect(v2.yawTop5 / v2.yawViews).toBeGreaterThanOrEqual(0.7)
    expect(v1.defaultTop5).toBe(10)
    expect(v1.yawTop5 / v1.yawViews).toBeGreaterThanOrEqual(0.7)
  })
})

describe.skipIf(!!sharedModelsMissing)('recognition of the scene objects by the third ImageNet model', () => {
  let result: RecognitionResult
  let done: (() => void) | undefined

  beforeAll(async () => {
    // the default views are what this model is checked on: no yaw sweep (20 images instead of 160)
    ;({ result, done } = await recognise(['darknet_tiny'], { yawSweep: false }))
  }, 600_000)
  afterAll(() => done?.())

  test('Darknet tiny: all ten default views top-5 (and no yaw view was rendered)', () => {
    expect(result.images.filter((i) => i.view === 'yaw')).toEqual([])
    expect(result.images.filter((i) => i.view === 'cue-conflict')).toHaveLength(10)
    const missed = result.images.filter((i) => i.view === 'default' && i.answers[0].rank === null).map((i) => `${i.object} (${i.answers[0].labels[0]})`)
    expect(missed).toEqual([])
    expect(result.summary[0].defaultTop5).toBe(10)
  })
})
