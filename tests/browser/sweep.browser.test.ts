import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { SceneRenderer } from '@perturber/scene'
import { PerturberSession, loadModelIndex, zooInitialState } from '@perturber/app'
import { heatmapData, mergeSweepResults, startSweep, sweepFromCsv, sweepToCsv, sweepToJson, type SweepResult, type SweepSpec } from '@perturber/app/sweep'
import { createRenderer } from './support/gpu'
import { wasmPaths } from './support/wasm'

/**
 * Sweeps on the zoo pair through the session's own frame path: samples render beside the live
 * frame (which stays as it was), their numbers are those of a live frame of the same state, and
 * the same sweep gives the same numbers — whole, in shards, or read back from CSV.
 */
const ZOO_INDEX = '/models/perturber-zoo/index.json'
const alpha = (from: number, to: number, steps: number) => ({ target: { kind: 'perturbation' as const, id: 'alpha', param: 'alpha' }, from, to, steps })
const yaw = (from: number, to: number, steps: number) => ({ target: { kind: 'scene' as const, param: 'yaw' as const }, from, to, steps })

describe('sweeps on the zoo pair', () => {
  let session: PerturberSession
  let release: () => void
  let detach: () => void
  let scene: SceneRenderer
  const run = async (spec: SweepSpec, options?: Parameters<typeof startSweep>[2]) => {
    const sweep = startSweep(session, spec, options)
    const result = await sweep.finished
    expect(sweep.state.error).toBeNull()
    expect(sweep.state.status).toBe('done')
    return { result: result!, sweep }
  }

  beforeAll(async () => {
    const index = await loadModelIndex(ZOO_INDEX)
    if (!index) throw new Error(`No model zoo at ${ZOO_INDEX}`)
    session = new PerturberSession({ models: index.models, state: zooInitialState(index.models), runtimeOptions: { wasmPaths } })
    release = session.retain()
    scene = new SceneRenderer(createRenderer(), { width: 112, height: 112 })
    detach = session.attachRenderer(scene)
    await session.evaluate()
  })
  afterAll(() => {
    detach?.()
    release?.()
    scene?.dispose()
  })

  test('Alpha towards 0: samples match live frames of the same state, fade to the black image, leave the live frame alone and repeat exactly', async () => {
    // the live state with Alpha on at 1, the sweep's first sample
    const chain = session.scene.getState().chain
    const live = await session.evaluate({ chain: chain.map((s) => (s.id === 'alpha' ? { ...s, enabled: true, params: { alpha: 1 } } : s)) })
    const liveFrame = scene.frameId
    const livePixels = scene.readPixels().slice()
    const spec: SweepSpec = { version: 1, design: { kind: 'grid', axes: [alpha(1, 0, 6)] }, record: { layer: session.controls.layer! } }
    const { result, sweep } = await run(spec, { thumbnailSize: 16 })

    // the live frame is untouched: same id, same pixels, nothing re-rendered
    expect(scene.frameId).toBe(liveFrame)
    expect(scene.needsRender).toBe(false)
    expect(Array.from(scene.readPixels())).toEqual(Array.from(livePixels))

    expect(result.samples.map((s) => s.values[0])).toEqual([1, 0.8, 0.6, 0.4, 0.19999999999999996, 0]) // from + (to − from)·i/5, `to` itself last
    expect(result.models.map((m) => m.role)).toEqual(['model1', 'model2'])
    // the first sample's numbers are the live frame's, exactly
    result.models.forEach((info, m) => {
      const predictions = live.models[m].predictions!
      expect(info.classes).toEqual(predictions.map((p) => p.labelIndex))
      expect(result.samples[0].models[m].logits).toEqual(predictions.map((p) => p.logit))
      expect(result.samples[0].models[m].top).toEqual(predictions.map((p) => p.labelIndex))
      expect(info.channels).toHaveLength(session.modelOf(info.role)!.layers.find((l) => l.name === info.layer)!.channels)
    })
    // Alpha 0 is the black image: the numbers of a black frame inferred directly
    const runtime = session.store.getState().runtime!
    const black = new Float32Array(112 * 112 * 4).map((_, i) => ((i & 3) === 3 ? 1 : 0))
    const shown = session.store.getState().shown
    const direct = await runtime.infer({ frameId: 0, width: 112, height: 112, data: black }, shown.map(({ model }) => ({ model, logits: 'all' as const })))
    result.models.forEach((info, m) => expect(result.samples[5].models[m].logits).toEqual(info.classes.map((c) => direct.models[m].logits![c])))
    // on the way, the image darkens in proportion; the dog, sure at full and 0.8 alpha (its logit may even rise), fades from the model's view as the image dims
    const brightness = result.samples.map((s) => {
      const t = sweep.thumbnails.get(s.index)!
      return t.data.reduce((sum, v, i) => ((i & 3) === 3 ? sum : sum + v), 0) / ((t.data.length * 3) / 4)
    })
    brightness.slice(1).forEach((b, i) => expect(b).toBeLessThan(brightness[i]))
    expect(brightness[5]).toBe(0)
    expect(result.models[0].labels[0]).toBe('dog')
    const dogLogit = result.samples.map((s) => s.models[0].logits[0])
    const dogProbability = result.samples.map((s) => s.models[0].probabilities[0])
    expect(Math.min(dogProbability[0], dogProbability[1])).toBeGreaterThan(0.9)
    dogLogit.slice(2, 5).forEach((l, i) => expect(l).toBeLessThan(dogLogit[i + 1]))
    expect(dogProbability[3]).toBeLessThan(0.5)
    expect(result.samples[5].models[0].probabilities[0]).toBeLessThan(0.1)

    // the same sweep again: the same numbers, to the bit
    const again = await run(spec)
    expect(sweepToJson(again.result)).toBe(sweepToJson(result))
    await session.evaluate({ chain })
  })

  test('a 2D sweep split into shards merges into exactly the unsplit result; its CSV reads back to the same result and the same heatmaps', async () => {
    const spec: SweepSpec = { version: 1, design: { kind: 'grid', axes: [yaw(-60, 60, 3), alpha(1, 0.5, 2)] }, record: { classes: [0, 1, 2] } }
    const whole = (await run(spec)).result
    const first = (await run(spec, { shard: { k: 1, n: 2 } })).result
    const second = (await run(spec, { shard: { k: 2, n: 2 } })).result
    expect(first.samples.map((s) => s.index)).toEqual([0, 2, 4])
    expect(second.samples.map((s) => s.index)).toEqual([1, 3, 5])
    expect(sweepToJson(mergeSweepResults([second, first]))).toBe(sweepToJson(whole))

    const back: SweepResult = sweepFromCsv(sweepToCsv(whole))
    expect(back).toEqual(whole)
    for (let m = 0; m < whole.models.length; m++) {
      const measure = { kind: 'probability' as const, classIndex: 1 }
      expect(Array.from(heatmapData(back, m, measure).values)).toEqual(Array.from(heatmapData(whole, m, measure).values))
    }
    // yaw moves the camera: the numbers differ across the row
    const p = whole.samples.map((s) => s.models[0].probabilities[0])
    expect(new Set(p).size).toBeGreaterThan(3)
  })

  test('pause holds the sweep between samples, resume goes on, cancel keeps the samples so far', async () => {
    const spec: SweepSpec = { version: 1, design: { kind: 'grid', axes: [yaw(-70, 70, 40)] }, record: {} }
    const sweep = startSweep(session, spec)
    await until(() => sweep.state.done >= 2)
    sweep.pause()
    await new Promise((r) => setTimeout(r, 100)) // the sample under way finishes
    const held = sweep.state.done
    await new Promise((r) => setTimeout(r, 400))
    expect(sweep.state.status).toBe('paused')
    expect(sweep.state.done).toBe(held)
    sweep.resume()
    await until(() => sweep.state.done >= held + 2)
    sweep.cancel()
    const result = await sweep.finished
    expect(sweep.state.status).toBe('cancelled')
    expect(result!.samples.length).toBeLessThan(40)
    expect(result!.samples.map((s) => s.index)).toEqual(result!.samples.map((_, i) => i))
  })

  test('a model switched off mid-sweep stops it, saying so; the samples so far stay', async () => {
    const sweep = startSweep(session, { version: 1, design: { kind: 'grid', axes: [yaw(-70, 70, 30)] }, record: {} })
    await until(() => sweep.state.done >= 1)
    session.setControls((c) => ({ ...c, views: { ...c.views, model2: false } }))
    const result = await sweep.finished
    session.setControls((c) => ({ ...c, views: { ...c.views, model2: true } }))
    expect(sweep.state.status).toBe('failed')
    expect(sweep.state.error).toBe('Model 2 changed during the sweep: the samples so far are kept; run the sweep again for the new model.')
    expect(result!.samples.length).toBeGreaterThan(0)
  })

  test('another object picked mid-sweep stops it, saying so', async () => {
    const sweep = startSweep(session, { version: 1, design: { kind: 'grid', axes: [yaw(-70, 70, 30)] }, record: {} })
    await until(() => sweep.state.done >= 1)
    const object = session.scene.getState().object
    session.scene.getState().setObject({ kind: 'builtin', id: 'teapot-mug' })
    await sweep.finished
    session.scene.getState().setObject(object)
    await session.evaluate()
    expect(sweep.state.status).toBe('failed')
    expect(sweep.state.error).toBe('The object changed during the sweep: the samples so far are kept; run the sweep again for the new object.')
  })

  test('an ε sweep runs its own PGD per sample: the attacked class falls further with a larger ε', async () => {
    const spec: SweepSpec = { version: 1, design: { kind: 'grid', axes: [{ target: { kind: 'attack', param: 'epsilon' }, from: 0.5 / 255, to: 16 / 255, steps: 2 }] }, record: { models: ['model1'], attackSteps: 3 } }
    const { result } = await run(spec)
    const [small, large] = result.samples.map((s) => s.models[0].probabilities[0])
    expect(result.models[0].labels[0]).toBe('dog')
    expect(large).toBeLessThan(small - 0.1)
    expect(sweepToJson((await run(spec)).result)).toBe(sweepToJson(result))
  })

  test('the tensor count stays flat over a 1,000-sample random sweep', async () => {
    const ranges = [{ target: { kind: 'scene' as const, param: 'yaw' as const }, min: -70, max: 70 }, { target: { kind: 'perturbation' as const, id: 'alpha', param: 'alpha' }, min: 0.2, max: 1 }]
    const spec = (samples: number): SweepSpec => ({ version: 1, design: { kind: 'random', samples, seed: 7, ranges }, record: { layer: session.controls.layer! } })
    await run(spec(3)) // compiles the sweep's kernels
    const before = tf.memory().numTensors
    const { result } = await run(spec(1000))
    expect(result.samples).toHaveLength(1000)
    expect(tf.memory().numTensors).toBe(before)
  }, 600_000)
})

async function until(predicate: () => boolean) {
  while (!predicate()) await new Promise((r) => setTimeout(r, 20))
}
