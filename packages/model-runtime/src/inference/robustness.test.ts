import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as tf from '@tensorflow/tfjs'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { loadModel } from '../load/loadModel'
import { LayersPerturberModel } from '../model/LayersPerturberModel'
import { createModelRuntime } from '../runtime/ModelRuntime'
import { branchingModel, testFrame, tinyDescriptor } from '../testing/tinyModels'
import type { PerturberModel } from '../types'
import { framePixelsToTensor } from './framePixels'
import { inferFrame } from './inferFrame'
import type { ModelRequest } from './types'

/**
 * What a frame returns when a model misbehaves on it (issue 12): NaN or ∞ outputs are said, never
 * shown as numbers; one model's failure (out of memory, disposed) is its own and the others'
 * results come back; nothing is left allocated. And the whole of a layer or of the label
 * distribution on request (`channels: 'all'`, `probabilities: 'all'`).
 */

beforeAll(async () => {
  await tf.setBackend('cpu')
})
afterEach(() => vi.restoreAllMocks())

const frame = testFrame(3)
const model = (seed: number, name: string) => new LayersPerturberModel(branchingModel(seed), tinyDescriptor({ name }))

/** `m` with its `layer` kernel (and bias, when given) holding `value` everywhere (finite, but overflowing float32 downstream). */
function withKernel(m: LayersPerturberModel, layer: string, value: number, bias?: number) {
  const target = m.layersModel.getLayer(layer)
  const [kernel, oldBias, ...rest] = target.getWeights()
  target.setWeights([tf.fill(kernel.shape, value), bias === undefined ? oldBias : tf.fill(oldBias.shape, bias), ...rest])
  m.markWeightsChanged()
  return m
}

async function infer(requests: ModelRequest[]) {
  const pixels = framePixelsToTensor(frame)
  try {
    return await inferFrame(pixels, requests, frame.frameId)
  } finally {
    pixels.dispose()
  }
}

describe('1. outputs that are NaN or ∞ on a frame are said, not shown', () => {
  it('an overflowing head: no predictions or probabilities, a message in the user’s terms; the maps and the other model are unaffected', async () => {
    // mixed3a's 1×1 branch outputs exactly 1 on every pixel, so each logit is ≥ 4 × 3e38: ∞ in float32
    const broken = withKernel(withKernel(model(3, 'ZooNet standard'), 'mixed3a_1x1', 0, 1), 'logits', 3e38)
    const healthy = model(4, 'ZooNet stylized')
    const before = tf.memory().numTensors
    const result = await infer([
      { model: broken, layer: 'mixed3a', channels: [0, 1], predictions: true, probabilities: 'all' },
      { model: healthy, predictions: true },
    ])
    expect(tf.memory().numTensors).toBe(before)
    const [bad, good] = result.models
    expect(bad.problem).toEqual({
      kind: 'non-finite',
      parts: ['predictions'],
      message: 'ZooNet standard produced non-finite outputs (NaN or ∞) on this frame: its predictions are not shown.',
    })
    expect(bad.predictions).toBeUndefined()
    expect(bad.probabilities).toBeUndefined()
    expect(bad.activations!.channels).toEqual([0, 1])
    expect(good.problem).toBeUndefined()
    expect(good.predictions!.every((p) => Number.isFinite(p.logit) && Number.isFinite(p.probability))).toBe(true)
    broken.dispose()
    healthy.dispose()
  })

  it('an overflowing layer: neither its maps nor the predictions after it', async () => {
    const broken = withKernel(model(5, 'ZooNet adversarial'), 'conv2d0', 3e38)
    const result = await infer([{ model: broken, layer: 'conv2d0', channels: { top: 2 }, topChannels: 3, predictions: true }])
    expect(result.models[0]).toEqual({
      modelId: broken.id,
      modelVersion: 1,
      problem: {
        kind: 'non-finite',
        parts: ['activations', 'predictions'],
        message: 'ZooNet adversarial produced non-finite activations at conv2d0 and outputs (NaN or ∞) on this frame: its maps and predictions are not shown.',
      },
    })
    broken.dispose()
  })
})

describe('2. one model failing on a frame does not take the others with it', () => {
  it('out of memory in one model: the others’ results come back, the failing one says so, nothing leaks', async () => {
    const [a, b, c] = [model(1, 'Model 1'), model(2, 'Model 2'), model(3, 'Model 3')]
    const requests: ModelRequest[] = [
      { model: a, layer: 'mixed3a', channels: [2], predictions: true },
      { model: b, layer: 'mixed3a', channels: { top: 2, of: a }, predictions: true },
      { model: c, predictions: true },
    ]
    const alone = await infer(requests)
    // Model 2 allocates part of its pass, then runs out of memory
    const execute = b.execute.bind(b)
    b.execute = (input, request) => {
      execute(input, request)
      throw new RangeError('Array buffer allocation failed')
    }
    const before = tf.memory().numTensors
    const result = await infer(requests)
    expect(tf.memory().numTensors).toBe(before)
    expect(result.models[1]).toMatchObject({
      modelId: b.id,
      problem: { kind: 'failed', outOfMemory: true, message: 'Model 2 ran out of memory on this frame: its maps and predictions are not shown.' },
    })
    expect(result.models[1].predictions).toBeUndefined()
    expect(result.models[0]).toEqual(alone.models[0])
    expect(result.models[2]).toEqual(alone.models[2])
    for (const m of [a, b, c]) m.dispose()
  })

  it('a model disposed while frames are in flight, through runtime.infer', async () => {
    const runtime = await createModelRuntime({ forward: 'cpu', gradient: 'cpu' })
    const [a, b] = [model(1, 'Model 1'), model(2, 'Model 2')]
    b.dispose()
    const before = tf.memory().numTensors
    const result = await runtime.infer(frame, [{ model: b, predictions: true }, { model: a, layer: 'conv2d0', channels: [0], predictions: true }])
    expect(tf.memory().numTensors).toBe(before)
    expect(result.models[0].problem).toMatchObject({
      kind: 'failed',
      outOfMemory: false,
      message: 'Model 2 could not compute this frame (Model "Model 2" has been disposed): its maps and predictions are not shown.',
    })
    expect(result.models[1].predictions).toHaveLength(5)
    expect(result.models[1].activations!.data).toHaveLength(64)
    a.dispose()
  })

  it('the one download of a frame failing: each model is run alone, so only the one that fails again is lost', async () => {
    const [a, b] = [model(1, 'Model 1'), model(2, 'Model 2')]
    const requests: ModelRequest[] = [{ model: a, predictions: true }, { model: b, layer: 'mixed3a', channels: [1], predictions: true }]
    const alone = await infer(requests)
    const data = tf.Tensor.prototype.data
    let calls = 0
    vi.spyOn(tf.Tensor.prototype, 'data').mockImplementation(function (this: tf.Tensor) {
      // the combined download and then Model 1's own fail, as a lost or exhausted GPU would
      if (++calls <= 2) return Promise.reject(new Error('WebGL: out of memory'))
      return data.call(this)
    } as typeof data)
    const before = tf.memory().numTensors
    const result = await infer(requests)
    expect(calls).toBe(3)
    expect(tf.memory().numTensors).toBe(before)
    expect(result.models[0].problem).toMatchObject({ kind: 'failed', outOfMemory: true, message: 'Model 1 ran out of memory on this frame: its maps and predictions are not shown.' })
    expect(result.models[1]).toEqual(alone.models[1])
    a.dispose()
    b.dispose()
  })
})

describe("9. channels: 'all' and probabilities: 'all'", () => {
  it('every channel of a layer in order, and the whole label distribution, on a tiny model', async () => {
    const m = model(6, 'tiny')
    const result = await infer([{ model: m, layer: 'mixed3a', channels: 'all', probabilities: 'all' }])
    const [r] = result.models
    expect(r.activations!.channels).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8])
    expect(r.activations!.data).toHaveLength(9 * 8 * 8)
    expect(r.predictions).toBeUndefined() // not asked for
    const reference = tf.tidy(() => {
      const { activations, output } = m.execute(m.preprocess(framePixelsToTensor(frame)), { layers: ['mixed3a'], predictions: true })
      return { maps: tf.transpose(activations.get('mixed3a')!, [0, 3, 1, 2]).dataSync(), probabilities: tf.softmax(output!).dataSync() }
    })
    expect(Array.from(r.activations!.data)).toEqual(Array.from(reference.maps))
    expect(Array.from(r.probabilities!)).toEqual(Array.from(reference.probabilities))
    expect(Math.abs(r.probabilities!.reduce((s, p) => s + p, 0) - 1)).toBeLessThanOrEqual(5 * 2 ** -23)
    m.dispose()
  })

  it('on a real small model (the zoo’s ZooNet standard, 112 px)', async () => {
    const dir = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../models/perturber-zoo/standard')
    const fetchFn = async (url: string) => {
      try {
        return new Response(readFileSync(`${dir}/${url.split('/').pop()}`))
      } catch {
        return new Response('not found', { status: 404 })
      }
    }
    const zoo: PerturberModel = await loadModel('https://zoo.test/standard/model.json', { fetch: fetchFn })
    const layer = zoo.layers.find((l) => l.name === 'mixed4a')!
    const big = testFrame(9, 112, 112, 5)
    const pixels = framePixelsToTensor(big)
    const before = tf.memory().numTensors
    const result = await inferFrame(pixels, [{ model: zoo, layer: 'mixed4a', channels: 'all', probabilities: 'all', predictions: true, topK: 10 }], 9)
    expect(tf.memory().numTensors).toBe(before)
    const [r] = result.models
    expect(r.problem).toBeUndefined()
    expect(r.activations!.channels).toEqual(Array.from({ length: layer.channels }, (_, i) => i))
    expect(r.activations!.data).toHaveLength(layer.shape[0] * layer.shape[1] * layer.channels)
    const probabilities = r.probabilities!
    expect(probabilities).toHaveLength(zoo.descriptor.labels.names.length)
    // a float32 sum of 10 probabilities: within 10 ulps of 1
    expect(Math.abs(probabilities.reduce((s, p) => s + p, 0) - 1)).toBeLessThanOrEqual(10 * 2 ** -23)
    expect(r.predictions!.map((p) => p.probability)).toEqual([...probabilities].sort((x, y) => y - x))
    // the last channel's map is the layer's own last channel
    const last = tf.tidy(() => {
      const act = zoo.execute(zoo.preprocess(pixels), { layers: ['mixed4a'], predictions: false }).activations.get('mixed4a')!
      return tf.transpose(act, [0, 3, 1, 2]).dataSync()
    })
    const size = layer.shape[0] * layer.shape[1]
    const c = layer.channels - 1
    expect(Array.from(r.activations!.data.subarray(c * size, (c + 1) * size))).toEqual(Array.from(last.subarray(c * size, (c + 1) * size)))
    pixels.dispose()
    zoo.dispose()
  })
})
