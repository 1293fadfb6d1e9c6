import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { SceneRenderer, type SceneParams } from '@perturber/scene'
import { PerturberSession, loadModelIndex, zooInitialState } from '@perturber/app'
import { startSweep, type SweepDesign, type SweepResult, type SweepTarget } from '@perturber/app/sweep'
import { SensitivityTracker, computeSensitivities, isAbort, type SensitivityEntry, type SensitivityOutput, type SensitivityTarget } from '@perturber/app/sensitivity'
import { createRenderer } from './support/gpu'
import { wasmPaths } from './support/wasm'

/**
 * Sensitivities on the zoo pair, checked against sweeps run independently over the same parameter
 * (`startSweep`: its own sample states, requests and recording): a sweep through the very points a
 * difference used gives the same slope, and a wider sweep's fitted slope agrees in sign and rough
 * size where the response is smooth at the scale of a step. And a computation stops as soon as
 * the scene changes.
 */
const ZOO_INDEX = '/models/perturber-zoo/index.json'
const BLUR: SweepTarget = { kind: 'perturbation', id: 'gaussian-blur', param: 'sigma' }
const ALPHA: SweepTarget = { kind: 'perturbation', id: 'alpha', param: 'alpha' }
const YAW: SweepTarget = { kind: 'scene', param: 'yaw' }
const ROLL: SweepTarget = { kind: 'scene', param: 'roll' }

/** Least-squares slope of y over x. */
function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length
  const mx = points.reduce((a, [x]) => a + x, 0) / n
  const my = points.reduce((a, [, y]) => a + y, 0) / n
  return points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / points.reduce((a, [x]) => a + (x - mx) ** 2, 0)
}

describe('sensitivity on the zoo pair', () => {
  let session: PerturberSession
  let release: () => void
  let detach: () => void
  let scene: SceneRenderer

  /** The sweep's values of the output at `values` of one parameter, from the current state. */
  const sweep = async (target: SweepTarget, values: readonly number[], output: SensitivityOutput & { kind: 'class' | 'channel' }) => {
    const record = output.kind === 'class' ? { classes: [output.classIndex], models: ['model1' as const] } : { layer: output.layer, channels: [output.channel], models: ['model1' as const] }
    const design: SweepDesign = { kind: 'grid', axes: [{ target, from: values[0], to: values[values.length - 1], steps: values.length }] }
    const run = startSweep(session, { version: 1, design, record })
    const result = (await run.finished) as SweepResult
    expect(run.state.error).toBeNull()
    return result.samples.map((s) => [s.values[0], output.kind === 'class' ? s.models[0].logits[0] : s.models[0].channels![0]] as const)
  }
  const entryOf = async (target: SensitivityTarget, output: SensitivityOutput) => {
    const result = await computeSensitivities(session, { output, targets: [target] })
    expect(result.entries).toHaveLength(1)
    return { entry: result.entries[0], result }
  }
  const setState = (change: { params?: Partial<SceneParams>; enable?: Record<string, Record<string, number>> }) => {
    const state = session.scene.getState()
    if (change.params) state.setParams(change.params)
    const enable = change.enable ?? {}
    state.setChain(state.chain.map((s) => (enable[s.id] ? { ...s, enabled: true, params: { ...s.params, ...enable[s.id] } } : { ...s, enabled: false })))
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

  test('a sweep through the points a difference used gives its slope: central for yaw, one-sided at the end of Alpha’s range', async () => {
    setState({ params: { yaw: 50, roll: 0 }, enable: { alpha: { alpha: 1 } } })
    const { entry: yaw, result } = await entryOf(YAW, { kind: 'top-class' })
    expect(result.output).toMatchObject({ kind: 'class', classIndex: 0, top: true, label: 'dog logit' })
    expect([yaw.scheme, yaw.from, yaw.to]).toEqual(['central', 46.4, 53.6])
    const output = { kind: 'class' as const, classIndex: 0 }
    const [low, mid, high] = await sweep(YAW, [yaw.from, 50, yaw.to], output)
    expect(mid[1]).toBe(result.value)
    expect(yaw.derivative).toBeCloseTo((high[1] - low[1]) / (high[0] - low[0]), 5)

    const { entry: alpha } = await entryOf(ALPHA, output)
    expect([alpha.scheme, alpha.from, alpha.to]).toEqual(['backward', 0.99, 1])
    const points = await sweep(ALPHA, [0.99, 1], output)
    expect(alpha.derivative).toBeCloseTo(slope(points), 4)
  })

  test('agrees in sign and within a factor 2 with the slope fitted to a sweep over ±4 steps, where the response is smooth at that scale', async () => {
    // A perturbation's parameters change the image smoothly. The camera moves edges across whole
    // pixels of a 112 px frame: at most states the logit jitters by about ±0.5 per degree, which a
    // difference over 1 % of the range reads as it is; these camera states are smooth at that scale.
    const output = { kind: 'class' as const, classIndex: 0 }
    const compare = async (target: SweepTarget) => {
      const { entry } = await entryOf(target as SensitivityTarget, output)
      const h = entry.to - entry.value
      const fitted = slope(await sweep(target, Array.from({ length: 9 }, (_, i) => entry.value + (i - 4) * h), output))
      expect(Math.abs(entry.derivative)).toBeGreaterThan(0)
      expect(entry.derivative / fitted, entry.key).toBeGreaterThan(0.5)
      expect(entry.derivative / fitted, entry.key).toBeLessThan(2)
    }
    setState({ params: { yaw: 50, roll: 0 }, enable: { alpha: { alpha: 0.7 }, 'gaussian-blur': { sigma: 1.5 } } })
    await compare(BLUR)
    await compare(ALPHA)
    setState({ params: { yaw: -85, roll: 0 } })
    await compare(YAW)
    setState({ params: { yaw: 50, roll: 45 } })
    await compare(ROLL)
  })

  test('a channel’s mean activation: the sweep’s recorded channel gives the same slope', async () => {
    setState({ params: { yaw: 50, roll: 0 }, enable: { alpha: { alpha: 0.8 } } })
    const layer = session.controls.layer!
    const output = { kind: 'channel' as const, layer, channel: 5 }
    const { entry, result } = await entryOf(ALPHA, output)
    expect(result.output.label).toBe(`${layer}:5 mean`)
    const points = await sweep(ALPHA, [entry.from, entry.value, entry.to], output)
    expect(points[1][1]).toBeCloseTo(result.value, 6)
    expect(entry.derivative).not.toBe(0)
    expect(entry.derivative).toBeCloseTo((points[2][1] - points[0][1]) / (points[2][0] - points[0][0]), 4)
    // and nothing is left allocated
    const tensors = tf.memory().numTensors
    await computeSensitivities(session, { output, targets: [ALPHA as SensitivityTarget, YAW as SensitivityTarget] })
    expect(tf.memory().numTensors).toBe(tensors)
  })

  test('a computation stops at its next sample once aborted; the tracker aborts its own when the scene changes and computes the new state', async () => {
    setState({ params: { yaw: 50, roll: 0 }, enable: { hue: { hue: 0.1 } } })
    const renderSample = scene.renderSample.bind(scene)
    let renders = 0
    scene.renderSample = (sample) => (renders++, renderSample(sample))
    try {
      const controller = new AbortController()
      let rendersAtAbort = -1
      const aborted = computeSensitivities(session, { output: { kind: 'top-class' }, signal: controller.signal, onProgress: () => (controller.abort(), (rendersAtAbort = renders)) })
      const error = await aborted.catch((e: unknown) => e)
      expect(isAbort(error)).toBe(true)
      expect(renders).toBe(rendersAtAbort)

      const tracker = new SensitivityTracker(session, { delayMs: 50 })
      await until(() => (tracker.state.result?.entries.length ?? 0) >= 2)
      const partial = tracker.state.result
      expect(tracker.state.status).toBe('computing')
      session.scene.getState().setParam('yaw', 40)
      expect(tracker.state).toMatchObject({ status: 'waiting', stale: true })
      await until(() => tracker.state.aborted === 1)
      expect(tracker.state.result).toBe(partial) // nothing of the stopped run came after the change
      await until(() => tracker.state.status === 'done')
      const done = tracker.state.result!
      expect(done.scene.params.yaw).toBe(40)
      expect(done.entries.map((e) => e.key)).toContain('perturbation.hue.hue')
      expect(done.entries).toHaveLength(done.total)
      // the same state computed afresh gives the same numbers
      const fresh = await computeSensitivities(session, { output: { kind: 'top-class' }, targets: [YAW as SensitivityTarget, { kind: 'perturbation', id: 'hue', param: 'hue' }] })
      for (const e of fresh.entries) expect(done.entries.find((d) => d.key === e.key)!.derivative).toBe(e.derivative)
      tracker.dispose()
    } finally {
      scene.renderSample = renderSample
    }
  })
})

async function until(predicate: () => boolean) {
  while (!predicate()) await new Promise((r) => setTimeout(r, 10))
}
