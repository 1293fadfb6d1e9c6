import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { FrameResult, ModelRequest, ModelRuntime, PerturberModel } from '@perturber/model-runtime'
import type { SceneRenderer } from '@perturber/scene'
import { defaultViews } from '../state/appState'
import { PerturberSession } from '../session/PerturberSession'
import { inferenceRequests } from '../session/inferenceRequests'
import { AutomaticNeuronGroups } from './AutomaticNeuronGroups'
import { changedChannels, rankChannels } from './changed'
import { CHANGED_GROUP, RELEVANT_GROUP } from './groupIds'

const model = {
  id: 'm1',
  version: 0,
  descriptor: { name: 'tiny', labels: { names: ['dog', 'cat', 'car'] } },
  layers: [
    { name: 'a', channels: 4 },
    { name: 'b', channels: 3 },
  ],
} as unknown as PerturberModel

/** Channel means that depend on the scene's yaw (what `renderSample` drew is its first pixel). */
const meansOf = (layer: string, yaw: number) => (layer === 'a' ? new Float32Array([1, 2 + yaw / 10, 3, 4 - yaw / 5]) : new Float32Array([yaw / 100, 0, 1]))

/** A session whose runtime and renderer compute in plain JS, shown Model 1 set directly. */
function setup(relevance?: (classIndex: number) => Promise<Float32Array>) {
  const runtime = {
    infer: async (frame: { data: Float32Array }, requests: readonly ModelRequest[]) => {
      const yaw = frame.data[0]
      return { frameId: -1, elapsedMs: 0, models: requests.map((r) => ({ modelId: model.id, modelVersion: 0, predictions: [{ labelIndex: yaw > 40 ? 1 : 0 }], activations: r.layer ? { layer: r.layer, channelMeans: meansOf(r.layer, yaw) } : undefined })) }
    },
    channelRelevance: async (_m: PerturberModel, frame: { data: Float32Array }, _layer: string, classIndex: number) => relevance?.(classIndex) ?? new Float32Array([classIndex - 1, frame.data[0], -3, 2]),
  } as unknown as ModelRuntime
  const session = new PerturberSession({ runtime })
  const renderer = { width: 1, height: 1, renderSample: ({ params }: { params: { yaw: number } }) => new Float32Array([params.yaw, 0, 0, 1]) } as unknown as SceneRenderer
  session.frames.onReady(renderer)
  session.store.setState({ runtime, shown: [{ role: 'model1', model }], controls: { ...session.controls, layer: 'a', views: defaultViews } })
  const groups = new AutomaticNeuronGroups(session, { relevanceDelayMs: 100 })
  /** A live frame of the current state, computed with the requests the session would make. */
  const frame = async (frameId: number) => {
    const { controls, shown } = session.store.getState()
    const requests = inferenceRequests(shown, controls.layer, controls.neurons, controls.views, undefined, groups.groups())
    const result = (await runtime.infer({ data: new Float32Array([session.scene.getState().params.yaw]) } as never, requests)) as FrameResult
    session.results.getState().publish({ ...result, frameId })
    return requests
  }
  const select = (group: string) => session.setControls((c) => ({ ...c, neurons: { group, count: 4 } }))
  return { session, groups, frame, select }
}

const channelsOf = (groups: AutomaticNeuronGroups, id: string) => groups.groups().find((g) => g.id === id)!.channels

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('@changed', () => {
  it('ranks the channels by |Δ mean| from the pinned frame, asks for the channel means only while selected, and shows the ranked channels', async () => {
    const { session, groups, frame, select } = setup()
    expect((await frame(1))[0].channelMeans).toBeUndefined()
    select(CHANGED_GROUP)
    expect(channelsOf(groups, CHANGED_GROUP)).toEqual([])
    await groups.pin() // at yaw 50
    expect([...groups.state.reference!.means.keys()]).toEqual(['m1 a'])
    session.scene.getState().setParam('yaw', 20)
    const requests = await frame(2)
    expect(requests[0].channelMeans).toBe(true)
    // Δ = [0, −3, 0, +6]: channel 3 moved most, then 1; the others did not move
    expect(groups.state.changed).toMatchObject({ frameId: 2, channels: [3, 1] })
    expect(Array.from(groups.state.changed!.deltas)).toEqual([0, 3, 0, 6])
    expect(channelsOf(groups, CHANGED_GROUP)).toEqual([3, 1])
    expect((await frame(3))[0].channels).toEqual([3, 1])
  })

  it('fills in the reference for another layer by rendering the pinned state again, and forgets it when unpinned', async () => {
    const { session, groups, frame, select } = setup()
    select(CHANGED_GROUP)
    await groups.pin()
    session.scene.getState().setParam('yaw', -50)
    session.setControls((c) => ({ ...c, layer: 'b' }))
    await vi.advanceTimersByTimeAsync(0)
    expect([...groups.state.reference!.means.keys()]).toEqual(['m1 a', 'm1 b'])
    expect(Array.from(groups.state.reference!.means.get('m1 b')!)).toEqual(Array.from(meansOf('b', 50)))
    await frame(4)
    expect(groups.state.changed).toMatchObject({ layer: 'b', channels: [0] })
    groups.unpin()
    expect(channelsOf(groups, CHANGED_GROUP)).toEqual([])
    // another object since the pin: the pinned frame cannot be rendered again for another layer
    await groups.pin()
    session.scene.getState().setObject({ kind: 'builtin', id: 'car-truck' })
    session.setControls((c) => ({ ...c, layer: 'a' }))
    expect([...groups.state.reference!.means.keys()]).toEqual(['m1 b'])
    expect(groups.state.changedError).toBe('The reference showed another object or background: pin the reference again.')
  })
})

describe('@relevant', () => {
  it('ranks the channels by positive relevance for the top class on the settled frame, or for a picked class', async () => {
    const { session, groups, frame, select } = setup()
    // every backward pass this instance makes ends in a new relevance (the session may hold its own instance too)
    let passes = 0
    groups.store.subscribe((s, prev) => void (s.relevance && s.relevance !== prev.relevance && passes++))
    select(RELEVANT_GROUP)
    await frame(1)
    session.scene.getState().setParam('yaw', 10)
    await frame(2)
    expect(passes).toBe(0)
    await vi.advanceTimersByTimeAsync(100)
    // one backward pass, for the frame the scene settled on (yaw 10: top class 0)
    expect(passes).toBe(1)
    expect(groups.state.relevance).toMatchObject({ layer: 'a', classIndex: 0, top: true, channels: [1, 3] })
    expect(channelsOf(groups, RELEVANT_GROUP)).toEqual([1, 3])
    groups.setRelevanceClass(2)
    await vi.advanceTimersByTimeAsync(100)
    expect(groups.state.relevance).toMatchObject({ classIndex: 2, top: false, channels: [1, 3, 0] })
    expect((await frame(3))[0].channels).toEqual([1, 3, 0])
    await vi.advanceTimersByTimeAsync(100)
    expect(passes).toBe(3)
    // the same frame computed again (its requests changed) needs no new backward pass
    await frame(3)
    await vi.advanceTimersByTimeAsync(1000)
    expect(passes).toBe(3)
  })
})

describe('@relevant with a class picked during a backward pass', () => {
  it('never shows the old class’s channels, and computes the new class’s next', async () => {
    const pending: { classIndex: number; resolve(values: Float32Array): void }[] = []
    const { groups, frame, select } = setup((classIndex) => new Promise((resolve) => pending.push({ classIndex, resolve })))
    const seen: number[] = []
    groups.store.subscribe((s, prev) => void (s.relevance && s.relevance !== prev.relevance && seen.push(s.relevance.classIndex)))
    select(RELEVANT_GROUP)
    await frame(1)
    await vi.advanceTimersByTimeAsync(100)
    expect(pending.map((p) => p.classIndex)).toEqual([1]) // yaw 50: the top class is 1
    groups.setRelevanceClass(2)
    pending[0].resolve(new Float32Array([1, 0, 0, 0]))
    await vi.advanceTimersByTimeAsync(100)
    expect(pending.map((p) => p.classIndex)).toEqual([1, 2])
    pending[1].resolve(new Float32Array([0, 0, 5, 1]))
    await vi.advanceTimersByTimeAsync(0)
    expect(seen).toEqual([2])
    expect(groups.state.relevance).toMatchObject({ classIndex: 2, channels: [2, 3] })
  })
})

describe('ranking', () => {
  it('puts the largest first, ties in channel order; relevance keeps only positive channels', () => {
    expect(rankChannels([0.1, -2, 0.5, 0, 0.5, 3], 3, true)).toEqual([5, 2, 4])
    expect(rankChannels([-1, -2], 4, true)).toEqual([])
    expect(changedChannels([1, 5, 2], [2, 1, 2], 2)).toEqual({ deltas: new Float32Array([1, 4, 0]), channels: [1, 0] })
    expect(() => changedChannels([1], [1, 2], 2)).toThrow('The reference has 2 channel means, the frame 1.')
  })
})
