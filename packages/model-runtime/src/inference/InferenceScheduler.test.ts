import { describe, expect, it } from 'vitest'
import type { PerturberModel } from '../types'
import { InferenceScheduler } from './InferenceScheduler'
import type { FrameResult } from './types'

const frame = (frameId: number) => ({ frameId, width: 1, height: 1, data: new Uint8Array(4) })
const fakeModel = { id: 'm', version: 0 } as unknown as PerturberModel & { version: number }

function harness() {
  const started: number[] = []
  const release: Array<() => void> = []
  const results: FrameResult[] = []
  const scheduler = new InferenceScheduler(
    (f) =>
      new Promise((resolve) => {
        started.push(f.frameId)
        release.push(() => resolve({ frameId: f.frameId, models: [], elapsedMs: 0 }))
      }),
    { onResult: (r) => results.push(r) },
  )
  const finishNext = async () => {
    release.shift()!()
    await new Promise((r) => setTimeout(r, 0))
  }
  return { scheduler, started, results, finishNext }
}

describe('InferenceScheduler', () => {
  it('runs the latest frame only: frames submitted during a run replace each other', async () => {
    const { scheduler, started, results, finishNext } = harness()
    scheduler.setRequests([{ model: fakeModel, predictions: true }])
    scheduler.submit(frame(1))
    scheduler.submit(frame(2))
    scheduler.submit(frame(3))
    scheduler.submit(frame(4))
    expect(started).toEqual([1])
    await finishNext()
    expect(started).toEqual([1, 4])
    await finishNext()
    expect(results.map((r) => r.frameId)).toEqual([1, 4])
    expect(scheduler.dropped).toBe(2)
    expect(scheduler.busy).toBe(false)
  })

  it('runs nothing when nothing changed, and re-runs when a model version or the request changes', async () => {
    const { scheduler, started, finishNext } = harness()
    const model = { ...fakeModel, id: 'x', version: 0 }
    scheduler.setRequests([{ model, predictions: true }])
    scheduler.submit(frame(5))
    await finishNext()
    scheduler.submit(frame(5))
    scheduler.refresh()
    await new Promise((r) => setTimeout(r, 0))
    expect(started).toEqual([5])
    model.version = 1
    scheduler.refresh()
    expect(started).toEqual([5, 5])
    await finishNext()
    scheduler.setRequests([{ model, predictions: true, layer: 'conv2d0', channels: [1] }])
    expect(started).toEqual([5, 5, 5])
    await finishNext()
    expect(scheduler.runs).toBe(3)
  })

  it('reports errors with the frame id and keeps going', async () => {
    const errors: number[] = []
    let calls = 0
    const scheduler = new InferenceScheduler(
      async (f) => {
        if (calls++ === 0) throw new Error('boom')
        return { frameId: f.frameId, models: [], elapsedMs: 0 }
      },
      { onResult: () => {}, onError: (_, id) => errors.push(id) },
    )
    scheduler.setRequests([{ model: fakeModel, predictions: true }])
    scheduler.submit(frame(1))
    await scheduler.idle()
    scheduler.submit(frame(2))
    await scheduler.idle()
    expect(errors).toEqual([1])
    expect(calls).toBe(2)
  })

  it('signals ready when it starts the frame that waited and when it becomes idle; waiting says whether a frame is queued', async () => {
    const { scheduler, finishNext, started } = harness()
    const signals: string[] = []
    const unsubscribe = scheduler.subscribeReady(() => signals.push(`${started.length}:${scheduler.waiting ? 'waiting' : 'free'}:${scheduler.busy ? 'busy' : 'idle'}`))
    scheduler.setRequests([{ model: fakeModel, predictions: true }])
    scheduler.submit(frame(1)) // starts at once: a signal before the inference begins, nothing waits
    expect(signals).toEqual(['0:free:busy'])
    scheduler.submit(frame(2))
    scheduler.submit(frame(3))
    expect(scheduler.waiting).toBe(true) // frame 3 waits (it replaced 2): a pacer holds the next render
    expect(signals).toHaveLength(1)
    await finishNext() // 1 done, 3 starts: the slot behind it is free again
    expect(started).toEqual([1, 3])
    expect(signals).toEqual(['0:free:busy', '1:free:busy'])
    await finishNext() // 3 done: idle
    expect(signals).toEqual(['0:free:busy', '1:free:busy', '2:free:idle'])
    // a listener may submit the next frame from a signal (a scene rendering right then)
    scheduler.subscribeReady(() => scheduler.submit(frame(3)))
    scheduler.submit(frame(3))
    expect(scheduler.runs).toBe(2) // nothing changed: no run, no signal, no recursion
    unsubscribe()
    scheduler.dispose()
  })
})
