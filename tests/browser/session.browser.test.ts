import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { SceneRenderer } from '@perturber/scene'
import { PerturberSession, defaultAppState, loadModelIndex, zooInitialState, type AppModelConfig } from '@perturber/app'
import type { FrameResult } from '@perturber/model-runtime'
import { createRenderer } from './support/gpu'
import { wasmPaths } from './support/wasm'

/**
 * The frame-path core without React, as a script or a custom tool drives it: a session on the
 * zoo pair, a scene renderer the test creates itself, and `evaluate()` rendering given scene
 * states and returning their results.
 */
const ZOO_INDEX = '/models/perturber-zoo/index.json'

/** Every number a result carries, per model (predictions and maps), for exact comparison. */
function numbers(result: FrameResult) {
  return result.models.map((m) => ({
    predictions: m.predictions?.map((p) => [p.labelIndex, p.logit]),
    maps: m.activations && { layer: m.activations.layer, channels: m.activations.channels, data: Array.from(m.activations.data) },
  }))
}

describe('PerturberSession (no React) on the zoo pair', () => {
  let models: AppModelConfig[]
  let session: PerturberSession
  let release: () => void
  let detach: () => void
  let scene: SceneRenderer

  beforeAll(async () => {
    const index = await loadModelIndex(ZOO_INDEX)
    if (!index) throw new Error(`No model zoo at ${ZOO_INDEX}`)
    models = index.models
    session = new PerturberSession({ models, state: zooInitialState(models), runtimeOptions: { wasmPaths } })
    release = session.retain()
    scene = new SceneRenderer(createRenderer(), { width: 112, height: 112 })
    detach = session.attachRenderer(scene)
  })
  afterAll(() => {
    detach?.()
    release?.()
    scene?.dispose()
  })

  test('evaluate() renders a state and computes both models on it; the same state gives exactly the same numbers', async () => {
    const first = await session.evaluate()
    expect(first.models.map((m) => m.modelId)).toEqual(session.store.getState().shown.map((s) => s.model.id))
    expect(session.store.getState().shown.map((s) => s.role)).toEqual(['model1', 'model2'])
    for (const model of first.models) {
      expect(model.predictions).toHaveLength(5)
      // the default layer, with the four top-activating channels of Model 1 on this very frame
      expect(model.activations?.layer).toBe(session.controls.layer)
      expect(model.activations?.channels).toHaveLength(4)
    }
    // the zoo's default view is the dog: both models say so
    expect(first.models.map((m) => m.predictions![0].label)).toEqual(['dog', 'dog'])

    const again = await session.evaluate()
    expect(again.frameId).toBeGreaterThanOrEqual(first.frameId)
    expect(numbers(again)).toEqual(numbers(first))
  })

  test('another scene state gives other numbers, and going back gives the first numbers again', async () => {
    const dog = numbers(await session.evaluate({ params: { ...defaultAppState().scene.params } }))
    const morphed = await session.evaluate({ params: { ...defaultAppState().scene.params, overallMorph: 1 } })
    // fully morphed, the object is the cat: the standard model says so
    expect(morphed.models[0].predictions![0].label).toBe('cat')
    expect(numbers(morphed)).not.toEqual(dog)
    expect(numbers(await session.evaluate({ params: { ...defaultAppState().scene.params } }))).toEqual(dog)
  })

  test('the state a link carries round-trips: setState(getState()) changes nothing, views switch models off', async () => {
    const state = session.getState()
    session.setState(structuredClone(state))
    expect(session.getState()).toEqual(state)
    session.setControls((c) => ({ ...c, views: { ...c.views, model2: false, activations: false } }))
    const only1 = await session.evaluate()
    expect(only1.models).toHaveLength(1)
    expect(only1.models[0].activations).toBeUndefined()
    expect(only1.models[0].modelId).toBe(session.modelOf('model1')!.id)
    session.setState(state)
    expect((await session.evaluate()).models).toHaveLength(2)
  })

  test('the tensor count stays flat over many evaluations', async () => {
    await session.evaluate({ params: { ...defaultAppState().scene.params, yaw: 10 } })
    await session.store.getState().runtime!.idle()
    const before = tf.memory().numTensors
    for (let i = 0; i < 12; i++) await session.evaluate({ params: { ...defaultAppState().scene.params, yaw: 10 + i * 5 } })
    await session.store.getState().runtime!.idle()
    expect(tf.memory().numTensors).toBe(before)
  })

  test('an unknown configured model is reported in its slot, and the other slot keeps working', async () => {
    session.setControls((c) => ({ ...c, models: { ...c.models, model2: { kind: 'config', id: 'no-such-model' } } }))
    const { slots } = session.store.getState()
    expect(slots.model2.status.error).toBe('The state names a model "no-such-model" that is not offered here (the models offered are "standard", "adversarial", "stylized").')
    const result = await session.evaluate()
    expect(result.models.map((m) => m.modelId)).toContain(session.modelOf('model1')!.id)
  })
})
