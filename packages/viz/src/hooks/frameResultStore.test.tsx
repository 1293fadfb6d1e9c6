import { afterEach, describe, expect, it } from 'vitest'
import { act, cleanup, render } from '@testing-library/react'
import type { FrameResult } from '@perturber/model-runtime'
import { createFrameResultStore, isStaleFrame, selectModelResult, useFrameResultStore, type FrameResultStore } from './frameResultStore'

afterEach(cleanup)

const result = (frameId: number): FrameResult => ({
  frameId,
  elapsedMs: 1,
  models: [
    { modelId: 'a', modelVersion: 0, predictions: [{ labelIndex: 1, label: 'x', logit: 1, probability: 0.5 }] },
    { modelId: 'b', modelVersion: 3 },
  ],
})

describe('frame result store', () => {
  it('keeps the newest result and ignores an older one arriving late', () => {
    const store = createFrameResultStore()
    store.getState().publish(result(5))
    store.getState().publish(result(3))
    expect(store.getState().result!.frameId).toBe(5)
    store.getState().publish(result(6))
    expect(store.getState().result!.frameId).toBe(6)
  })

  it('gives one stable object per model and result, with its frame', () => {
    const store = createFrameResultStore()
    store.getState().publish(result(7))
    const a = selectModelResult(store.getState(), 'a')
    expect(a).toMatchObject({ modelId: 'a', frameId: 7 })
    expect(selectModelResult(store.getState(), 'a')).toBe(a)
    expect(selectModelResult(store.getState(), 'missing')).toBeUndefined()
    store.getState().publish(result(8))
    expect(selectModelResult(store.getState(), 'a')).not.toBe(a)
  })

  it('re-renders a subscriber only when its slice changes', () => {
    const store = createFrameResultStore()
    let renders = 0
    function ModelBFrame({ store }: { store: FrameResultStore }) {
      const b = useFrameResultStore(store, (s) => selectModelResult(s, 'b'))
      renders++
      return <span>{b?.frameId ?? 'none'}</span>
    }
    const { container } = render(<ModelBFrame store={store} />)
    expect(renders).toBe(1)
    act(() => store.getState().setCurrentFrame(4)) // the frame id alone: not this widget's slice
    act(() => store.getState().setCurrentFrame(4))
    expect(renders).toBe(1)
    act(() => store.getState().publish(result(4)))
    expect(renders).toBe(2)
    expect(container.textContent).toBe('4')
  })

  it('calls a result stale only when it is older than the frame on screen', () => {
    expect(isStaleFrame(9, 12)).toBe(true)
    expect(isStaleFrame(12, 12)).toBe(false)
    expect(isStaleFrame(13, 12)).toBe(false)
    expect(isStaleFrame(undefined, 12)).toBe(false)
    expect(isStaleFrame(9, null)).toBe(false)
  })
})
