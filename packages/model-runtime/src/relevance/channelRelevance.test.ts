import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { asFiles, saveModel } from '../load/testFixtures'
import { LayersPerturberModel } from '../model/LayersPerturberModel'
import { createModelRuntime } from '../runtime/ModelRuntime'
import { branchingModel, residualModel, testFrame, tinyDescriptor } from '../testing/tinyModels'
import type { FramePixels } from '../types'
import { channelRelevance } from './channelRelevance'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

type Tail = (a: tf.Tensor) => tf.Tensor
const layerOf = (model: tf.LayersModel, name: string) => (x: tf.Tensor | tf.Tensor[]) => model.getLayer(name).apply(x) as tf.Tensor

/**
 * The hand computation: the layer's output from a sub-model of the raw LayersModel, the rest of
 * the network written out layer by layer (`tail`, with everything that bypasses the layer fixed),
 * preprocessing by hand, and tf.grad of the class's logit with respect to the layer's output.
 */
function byHand(raw: tf.LayersModel, frame: FramePixels, layer: string, tail: (input: tf.Tensor) => Tail, logitOf: (out: tf.Tensor) => tf.Tensor, classIndex: number): number[] {
  return tf.tidy(() => {
    const rgb = Array.from({ length: frame.width * frame.height * 3 }, (_, i) => (frame.data[Math.floor(i / 3) * 4 + (i % 3)] as number) / 255)
    const input = tf.tensor4d(rgb, [1, frame.height, frame.width, 3]).mul(2).sub(1)
    const a = tf.model({ inputs: raw.inputs, outputs: raw.getLayer(layer).output as tf.SymbolicTensor }).predict(input) as tf.Tensor
    const rest = tail(input)
    const gradient = tf.grad((x: tf.Tensor) => tf.sum(tf.slice(logitOf(rest(x)), [0, classIndex], [1, 1])))(a)
    return Array.from(tf.sum(tf.mul(gradient, a), [0, 1, 2]).dataSync())
  })
}

const branchTail = (raw: tf.LayersModel, from: 'conv2d0' | 'mixed3a') => () => (a: tf.Tensor) => {
  const L = (name: string) => layerOf(raw, name)
  const mixed = from === 'mixed3a' ? a : L('mixed3a')([L('mixed3a_1x1')(a), L('mixed3a_3x3')(a)])
  return L('logits')(L('avgpool')(mixed))
}

describe('channelRelevance', () => {
  it('equals gradient × activation by hand at an Inception-like block and at the layer that feeds its branches, and leaves nothing allocated', async () => {
    const raw = branchingModel(4)
    const model = new LayersPerturberModel(raw, tinyDescriptor())
    const frame = testFrame(1, 16, 16, 3)
    for (const layer of ['conv2d0', 'mixed3a'] as const) {
      for (const classIndex of [0, 3]) {
        const expected = byHand(raw, frame, layer, branchTail(raw, layer), (z) => z, classIndex)
        const before = tf.memory().numTensors
        const relevance = await channelRelevance(model, frame, layer, classIndex)
        expect(tf.memory().numTensors).toBe(before)
        expect(relevance).toHaveLength(layer === 'conv2d0' ? 6 : 9)
        expect(expected.some((v) => Math.abs(v) > 1e-3)).toBe(true)
        relevance.forEach((r, c) => expect(r).toBeCloseTo(expected[c], 4))
      }
    }
    model.dispose()
  })

  it('adds up to the logit less the bias where the rest of the network is linear (pooling and a dense layer)', async () => {
    const raw = branchingModel(5)
    const model = new LayersPerturberModel(raw, tinyDescriptor())
    const frame = testFrame(2, 16, 16, 1)
    const relevance = await channelRelevance(model, frame, 'mixed3a', 2)
    const [logit, bias] = tf.tidy(() => {
      const input = tf.tensor4d(Array.from({ length: 16 * 16 * 3 }, (_, i) => (frame.data[Math.floor(i / 3) * 4 + (i % 3)] / 255) * 2 - 1), [1, 16, 16, 3])
      return [(raw.predict(input) as tf.Tensor).dataSync()[2], raw.getLayer('logits').getWeights()[1].dataSync()[2]]
    })
    expect(relevance.reduce((a, b) => a + b, 0)).toBeCloseTo(logit - bias, 4)
    model.dispose()
  })

  it('holds the paths that bypass the layer fixed (a residual add) and reads a softmax head’s logit as log p', async () => {
    const raw = residualModel(2)
    const model = new LayersPerturberModel(raw, tinyDescriptor({ output: { kind: 'probabilities' } }))
    const frame = testFrame(3)
    const tail = (input: tf.Tensor) => {
      const stem = layerOf(raw, 'block_0_conv')(input)
      return (a: tf.Tensor) => layerOf(raw, 'predictions')(layerOf(raw, 'avgpool')(layerOf(raw, 'block_1_relu')(layerOf(raw, 'block_1_add')([stem, a]))))
    }
    const expected = byHand(raw, frame, 'block_1_conv', tail, (p) => tf.log(tf.maximum(p, 1e-12)), 1)
    const relevance = await channelRelevance(model, frame, 'block_1_conv', 1)
    relevance.forEach((r, c) => expect(r).toBeCloseTo(expected[c], 4))
    model.dispose()
  })

  it('refuses a class the model lacks and a model that cannot run on from a layer, saying why, leaving nothing allocated', async () => {
    const raw = branchingModel(1)
    const unfused = new LayersPerturberModel(raw, tinyDescriptor(), { fuse: false })
    await channelRelevance(unfused, testFrame(1), 'mixed3a', 0).catch(() => undefined) // builds the model's sub-models once
    const before = tf.memory().numTensors
    await expect(channelRelevance(unfused, testFrame(1), 'mixed3a', 7)).rejects.toThrow('Channel relevance: class 7 is not a label index of "tiny" (0..4).')
    await expect(channelRelevance(unfused, testFrame(1), 'nope', 0)).rejects.toThrow('"tiny" has no spatial layer "nope"')
    await expect(channelRelevance(unfused, testFrame(1), 'mixed3a', 0)).rejects.toThrow('Channel relevance cannot be computed for "tiny" at "mixed3a": the model cannot run on from that layer')
    expect(tf.memory().numTensors).toBe(before)
    unfused.dispose()
  })
})

describe('runtime.channelRelevance', () => {
  let runtime: Awaited<ReturnType<typeof createModelRuntime>>
  beforeAll(async () => {
    runtime = await createModelRuntime({ forward: 'cpu', gradient: 'cpu' })
  })
  afterAll(async () => {
    await tf.setBackend('cpu')
  })

  it('gives the hand computation on a loaded model, through the runtime’s queue', async () => {
    const raw = branchingModel(6)
    const model = await runtime.load(asFiles(await saveModel(raw)))
    const frame = testFrame(4, 16, 16, 5)
    const expected = byHand(raw, frame, 'conv2d0', branchTail(raw, 'conv2d0'), (z) => z, 4)
    const relevance = await runtime.channelRelevance(model, frame, 'conv2d0', 4)
    relevance.forEach((r, c) => expect(r).toBeCloseTo(expected[c], 4))
    raw.dispose()
    await runtime.release(model)
    await runtime.forward(() => model.dispose())
  })
})
