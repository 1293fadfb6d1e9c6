import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createStore } from 'zustand/vanilla'
import { createSceneStore } from '@perturber/scene'
import { createFrameResultStore } from '@perturber/viz'
import type { PerturberSession } from '../session/PerturberSession'
import type { SensitivityOptions, SensitivityResult } from './sensitivity'
import { SensitivityTracker } from './SensitivityTracker'

/** The parts of a session the tracker follows: the scene and the analysed model. */
function fakeSession(renderer: object | null = {}) {
  const model = { id: 'm1', version: 0 }
  const store = createStore(() => ({ shown: [{ role: 'model1', model }], runtime: {} as object }))
  const frames = { renderer: () => renderer }
  const results = createFrameResultStore()
  return { session: { scene: createSceneStore(), store, results, frames } as unknown as PerturberSession, store, model, frames, results }
}

/** A computation that proceeds one sample at a time when told to, and stops at the next sample once aborted. */
function fakeCompute() {
  const runs: { options: SensitivityOptions; yaw: number; step(): void; finish(): void }[] = []
  const compute = (session: PerturberSession, options: SensitivityOptions) =>
    new Promise<SensitivityResult>((resolve, reject) => {
      const yaw = session.scene.getState().params.yaw
      const result = { output: { kind: 'class', classIndex: 0, top: true, label: 'dog logit' }, entries: [], total: 2, value: yaw } as unknown as SensitivityResult
      const sample = () => {
        if (options.signal?.aborted) return reject(new DOMException('aborted', 'AbortError')), false
        return true
      }
      runs.push({
        options,
        yaw,
        step: () => {
          if (!sample()) return
          result.entries = [...result.entries, { key: `k${result.entries.length}`, derivative: yaw } as SensitivityResult['entries'][number]]
          options.onProgress?.(result)
        },
        finish: () => sample() && resolve(result),
      })
    })
  return { runs, compute }
}

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('SensitivityTracker', () => {
  it('computes once the scene has not changed for the delay; every change starts the wait again', async () => {
    const { session } = fakeSession()
    const { runs, compute } = fakeCompute()
    const tracker = new SensitivityTracker(session, { delayMs: 500, compute })
    expect(tracker.state.status).toBe('waiting')
    await vi.advanceTimersByTimeAsync(400)
    session.scene.getState().setParam('yaw', 10)
    await vi.advanceTimersByTimeAsync(400)
    session.scene.getState().setParam('yaw', 20)
    await vi.advanceTimersByTimeAsync(499)
    expect(runs).toHaveLength(0)
    await vi.advanceTimersByTimeAsync(1)
    expect(runs.map((r) => r.yaw)).toEqual([20])
    expect(tracker.state.status).toBe('computing')
    runs[0].step()
    expect(tracker.state.result!.entries).toHaveLength(1)
    runs[0].step()
    runs[0].finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(tracker.state).toMatchObject({ status: 'done', stale: false, error: null, aborted: 0 })
    expect(tracker.state.result!.entries.map((e) => e.derivative)).toEqual([20, 20])
    tracker.dispose()
  })

  it('aborts the computation under way as soon as the scene changes; its later samples never show; the new state’s follows', async () => {
    const { session } = fakeSession()
    const { runs, compute } = fakeCompute()
    const tracker = new SensitivityTracker(session, { delayMs: 500, compute })
    await vi.advanceTimersByTimeAsync(500)
    runs[0].step()
    runs[0].finish()
    await vi.advanceTimersByTimeAsync(0)
    session.scene.getState().setParam('yaw', 5)
    await vi.advanceTimersByTimeAsync(500)
    runs[1].step()
    const partial = tracker.state.result
    session.scene.getState().updatePerturbation('hue', { enabled: true })
    // at once: the run is told to stop, and what it computed is marked as belonging to an earlier state
    expect(runs[1].options.signal!.aborted).toBe(true)
    expect(tracker.state).toMatchObject({ status: 'waiting', stale: true })
    runs[1].step() // the sample under way ends: nothing of it is published
    await vi.advanceTimersByTimeAsync(0)
    expect(tracker.state.result).toBe(partial)
    expect(tracker.state.aborted).toBe(1)
    await vi.advanceTimersByTimeAsync(500)
    expect(runs).toHaveLength(3)
    // the previous complete result shows (faded) until the new one reaches its parameters
    expect(tracker.state.previous!.value).toBe(50)
    runs[2].step()
    runs[2].finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(tracker.state).toMatchObject({ status: 'done', stale: false, previous: null })
    expect(tracker.state.result!.value).toBe(5)
    tracker.dispose()
  })

  it('starts again for another analysed model or its edited weights, an attack step and another output, and does nothing while off', async () => {
    const { session, store, model } = fakeSession()
    const { runs, compute } = fakeCompute()
    const tracker = new SensitivityTracker(session, { delayMs: 100, compute, enabled: false })
    await vi.advanceTimersByTimeAsync(1000)
    expect([runs.length, tracker.state.status]).toEqual([0, 'off'])
    tracker.setEnabled(true)
    await vi.advanceTimersByTimeAsync(100)
    expect(runs).toHaveLength(1)
    store.setState({ shown: [{ role: 'model1', model: { ...model, version: 1 } }] })
    expect(runs[0].options.signal!.aborted).toBe(true)
    await vi.advanceTimersByTimeAsync(100)
    expect(runs).toHaveLength(2)
    tracker.setOutput({ kind: 'channel', layer: 'mixed4a', channel: 3 })
    await vi.advanceTimersByTimeAsync(100)
    expect(runs[2].options.output).toEqual({ kind: 'channel', layer: 'mixed4a', channel: 3 })
    // an attack step changes the δ on the frame, outside the scene's state
    store.setState({ attack: { step: 1 } } as never)
    expect(runs[2].options.signal!.aborted).toBe(true)
    await vi.advanceTimersByTimeAsync(100)
    expect(runs).toHaveLength(4)
    // an unrelated change of the session's state starts nothing
    store.setState({ runtime: store.getState().runtime })
    await vi.advanceTimersByTimeAsync(1000)
    expect(runs).toHaveLength(4)
    tracker.setEnabled(false)
    expect(runs[3].options.signal!.aborted).toBe(true)
    tracker.dispose()
  })

  it('says why a computation failed, keeping the error until one succeeds', async () => {
    const { session } = fakeSession()
    const tracker = new SensitivityTracker(session, { delayMs: 10, compute: () => Promise.reject(new Error('Layer "x" has channels 0–3, not 9.')) })
    await vi.advanceTimersByTimeAsync(10)
    expect(tracker.state).toMatchObject({ status: 'failed', error: 'Layer "x" has channels 0–3, not 9.' })
    tracker.dispose()
  })

  it('waits for the scene’s renderer: its first frame starts the computation', async () => {
    const { session, frames, results } = fakeSession(null)
    const { runs, compute } = fakeCompute()
    const tracker = new SensitivityTracker(session, { delayMs: 10, compute })
    await vi.advanceTimersByTimeAsync(1000)
    expect(runs).toHaveLength(0)
    frames.renderer = () => ({})
    results.getState().publish({ frameId: 1, models: [], elapsedMs: 1 })
    await vi.advanceTimersByTimeAsync(10)
    expect(runs).toHaveLength(1)
    tracker.dispose()
  })
})
