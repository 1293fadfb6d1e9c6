import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { FrameResult, ModelRuntime, PerturberModel } from '@perturber/model-runtime'
import { SceneRenderer, type SceneSnapshot } from '@perturber/scene'
import { PerturberSession, loadModelIndex, zooInitialState } from '@perturber/app'
import { inferenceRequests } from '@perturber/app/session'
import type { AutomaticNeuronGroups } from '@perturber/app/neurons'
import { CHANGED_GROUP, RELEVANT_GROUP } from '@perturber/app/neurons'
import { createRenderer } from './support/gpu'
import { wasmPaths } from './support/wasm'

/**
 * The automatic neuron groups on the zoo pair, against hand computations: `@changed` after a
 * perturbation is switched on holds the channels whose maps' means moved most (two inferences of
 * every map, averaged here), and `@relevant` is gradient × activation by tf.grad through the rest
 * of the network written out layer by layer.
 */
const ZOO_INDEX = '/models/perturber-zoo/index.json'
const LAYER = 'mixed4a'

/** Checks that `channels` are the `count` largest of `values`, largest first (ties within `tolerance` in either order). */
function expectRanked(channels: readonly number[], values: ArrayLike<number>, count: number, tolerance: number) {
  expect(channels).toHaveLength(count)
  for (let i = 1; i < channels.length; i++) expect(values[channels[i - 1]]).toBeGreaterThanOrEqual(values[channels[i]] - tolerance)
  const last = values[channels[channels.length - 1]]
  for (let c = 0; c < values.length; c++) if (!channels.includes(c)) expect(values[c]).toBeLessThanOrEqual(last + tolerance)
}

describe('automatic neuron groups on the zoo pair', () => {
  let session: PerturberSession
  let release: () => void
  let detach: () => void
  let scene: SceneRenderer
  let groups: AutomaticNeuronGroups
  let runtime: ModelRuntime
  let model1: PerturberModel

  const pixelsOf = (state?: Pick<SceneSnapshot, 'params' | 'chain'>) => {
    const { params, chain } = state ?? session.scene.getState()
    return { frameId: 0, width: scene.width, height: scene.height, data: scene.renderSample({ params, chain }) }
  }
  /** A live frame of the current state with the requests the session makes for the groups (what `session.evaluate` does once the session passes them on). */
  let frameId = 0
  const frame = async () => {
    const { shown, controls } = session.store.getState()
    const requests = inferenceRequests(shown, controls.layer, controls.neurons, controls.views, undefined, groups.groups())
    const result = await runtime.infer(pixelsOf(), requests)
    session.results.getState().publish({ ...result, frameId: ++frameId })
    return { requests, result }
  }
  const select = (group: string) => session.setControls((c) => ({ ...c, layer: LAYER, neurons: { group, count: 8 } }))

  beforeAll(async () => {
    const index = await loadModelIndex(ZOO_INDEX)
    if (!index) throw new Error(`No model zoo at ${ZOO_INDEX}`)
    // gradients on cpu, where the hand computation runs too (SwiftShader's WebGL would compile for minutes)
    session = new PerturberSession({ models: index.models, state: zooInitialState(index.models), runtimeOptions: { wasmPaths, gradient: 'cpu' } })
    release = session.retain()
    scene = new SceneRenderer(createRenderer(), { width: 112, height: 112 })
    detach = session.attachRenderer(scene)
    await session.evaluate()
    runtime = session.store.getState().runtime!
    model1 = session.modelOf('model1')!
    // the session's own groups: what its requests (and so `evaluate` and the app) use
    groups = session.automaticGroups
  })
  afterAll(() => {
    detach?.()
    release?.()
    scene?.dispose()
  })

  test('@changed: after a strong blur, the channels whose maps’ means moved most from the pinned plain frame', async () => {
    select(CHANGED_GROUP)
    const plain = { params: session.scene.getState().params, chain: session.scene.getState().chain.map((s) => ({ ...s, enabled: false })) }
    session.scene.getState().setChain(plain.chain)
    await frame()
    await groups.pin()
    const blurred = plain.chain.map((s) => (s.id === 'gaussian-blur' ? { ...s, enabled: true, params: { sigma: 4 } } : s))
    session.scene.getState().setChain(blurred)
    const { requests } = await frame()
    expect(requests.every((r) => r.channelMeans)).toBe(true) // both models' means come with the frame
    const changed = groups.state.changed!
    expect(changed.layer).toBe(LAYER)

    // by hand: every map of both frames, averaged here
    const meansOf = (result: FrameResult) => {
      const { data, shape, channels } = result.models[0].activations!
      const size = shape[0] * shape[1]
      return channels.map((_, k) => data.subarray(k * size, (k + 1) * size).reduce((a, b) => a + b, 0) / size)
    }
    const all = [{ model: model1, layer: LAYER, channels: 'all' as const }]
    const before = meansOf(await runtime.infer(pixelsOf(plain), all))
    const after = meansOf(await runtime.infer(pixelsOf({ params: plain.params, chain: blurred }), all))
    const deltas = after.map((m, c) => Math.abs(m - before[c]))
    expect(deltas).toHaveLength(model1.layers.find((l) => l.name === LAYER)!.channels)
    expectRanked(changed.channels, deltas, 8, 1e-5)
    expect(Math.max(...Array.from(changed.deltas))).toBeGreaterThan(0.05) // the blur moved something
    changed.deltas.forEach((d, c) => expect(d).toBeCloseTo(deltas[c], 4))
    // the next frame shows those channels' maps, in every row
    const next = await frame()
    expect(next.requests.map((r) => r.channels)).toEqual(next.requests.map(() => changed.channels))
    expect(next.result.models[0].activations!.channels).toEqual(changed.channels)
    // and the session's own frame path asks for them
    const viaSession = await session.evaluate()
    expect(viaSession.models.map((m) => m.activations!.channels)).toEqual(viaSession.models.map(() => changed.channels))
  })

  test('@relevant: gradient × activation by tf.grad on the same frame, for the top class and for a picked one', async () => {
    select(RELEVANT_GROUP)
    session.scene.getState().setChain(session.scene.getState().chain.map((s) => ({ ...s, enabled: false })))
    const pixels = pixelsOf()
    await frame()
    await until(() => groups.state.relevance !== null && !groups.state.relevanceBusy)

    const byHand = (classIndex: number) =>
      runtime.withGradients(model1, (twin) =>
        tf.tidy(() => {
          const net = twin.layersModel!
          const L = (name: string) => (x: tf.Tensor | tf.Tensor[]) => net.getLayer(name).apply(x) as tf.Tensor
          const block = (b: string, x: tf.Tensor) => L(b)([L(`${b}_1x1`)(x), L(`${b}_3x3`)(L(`${b}_3x3_reduce`)(x)), L(`${b}_5x5`)(L(`${b}_5x5_reduce`)(x)), L(`${b}_pool_proj`)(L(`${b}_pool`)(x))])
          const rgb = new Float32Array(112 * 112 * 3).map((_, i) => pixels.data[Math.floor(i / 3) * 4 + (i % 3)] * 2 - 1)
          const input = tf.tensor4d(rgb, [1, 112, 112, 3])
          const a = tf.model({ inputs: net.inputs, outputs: net.getLayer(LAYER).output as tf.SymbolicTensor }).predict(input) as tf.Tensor
          const logits = (x: tf.Tensor) => L('logits')(L('avgpool0')(block('mixed4c', block('mixed4b', x))))
          const gradient = tf.grad((x: tf.Tensor) => tf.sum(tf.slice(logits(x), [0, classIndex], [1, 1])))(a)
          return { relevance: tf.sum(tf.mul(gradient, a), [0, 1, 2]).dataSync() as Float32Array, top: tf.argMax(logits(a), 1).dataSync()[0] }
        }),
      )
    const check = async (classIndex: number) => {
      const hand = await byHand(classIndex)
      const { relevance } = groups.state
      expect(relevance).toMatchObject({ layer: LAYER, classIndex })
      const scale = Math.max(...Array.from(hand.relevance, Math.abs))
      relevance!.values.forEach((v, c) => expect(Math.abs(v - hand.relevance[c])).toBeLessThan(1e-4 * scale))
      expectRanked(relevance!.channels, hand.relevance, 8, 1e-4 * scale)
      expect(groups.groups().find((g) => g.id === RELEVANT_GROUP)!.channels).toEqual(relevance!.channels)
      return hand
    }
    const top = (await byHand(0)).top
    expect(groups.state.relevance!.top).toBe(true)
    await check(top)
    const other = top === 1 ? 2 : 1
    groups.setRelevanceClass(other)
    await until(() => groups.state.relevance !== null && !groups.state.relevanceBusy)
    await check(other)
    // the next frame shows those channels
    const next = await frame()
    expect(next.result.models[0].activations!.channels).toEqual(groups.state.relevance!.channels)

    // and leaves no tensor behind
    await runtime.channelRelevance(model1, pixels, LAYER, other)
    const count = tf.memory().numTensors
    await runtime.channelRelevance(model1, pixels, LAYER, other)
    expect(tf.memory().numTensors).toBe(count)
  })
})

async function until(predicate: () => boolean) {
  while (!predicate()) await new Promise((r) => setTimeout(r, 10))
}
