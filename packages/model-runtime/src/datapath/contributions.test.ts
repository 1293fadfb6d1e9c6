import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { LayersPerturberModel } from '../model/LayersPerturberModel'
import type { TappedExecuteRequest } from '../model/BasePerturberModel'
import { batchNormModel, branchingModel, residualModel, testFrame, tinyDescriptor } from '../testing/tinyModels'
import type { PerturberModel } from '../types'
import { batchContributions, framesInput } from './contributions'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

type Layer = tf.layers.Layer
const inboundOf = (layer: Layer) => (layer.inboundNodes[0].inboundLayers as Layer[]).map((l) => l.name)

/**
 * The reference, one layer at a time and without the runtime's executor: every layer's output
 * from a TF.js sub-model, then the rest of the network re-applied layer by layer from `layer`
 * (layers that do not depend on it keep their values), and tf.grad of the class's label-space
 * logit with respect to the layer's output: q_j = Σ_positions a·∂p/∂a, per frame.
 */
function byHand(raw: tf.LayersModel, input: tf.Tensor4D, layer: string, classIndex: number, softmax: boolean): number[][] {
  return tf.tidy(() => {
    const layers = raw.layers.filter((l) => l.getClassName() !== 'InputLayer')
    const outputs = tf.model({ inputs: raw.inputs, outputs: layers.map((l) => l.output as tf.SymbolicTensor) }).predict(input) as tf.Tensor[]
    const fixed = new Map(layers.map((l, i) => [l.name, outputs[i]]))
    const after = layers.slice(layers.findIndex((l) => l.name === layer) + 1)
    const tail = (a: tf.Tensor) => {
      const values = new Map(fixed).set(layer, a)
      const changed = new Set([layer])
      for (const l of after) {
        const inbound = inboundOf(l)
        if (!inbound.some((name) => changed.has(name))) continue
        const args = inbound.map((name) => values.get(name)!)
        values.set(l.name, l.apply(args.length === 1 ? args[0] : args, { training: false }) as tf.Tensor)
        changed.add(l.name)
      }
      const head = values.get(layers[layers.length - 1].name)!
      return tf.sum(tf.slice(softmax ? tf.log(head) : head, [0, classIndex], [-1, 1]))
    }
    const a = fixed.get(layer)!
    const g = tf.grad(tail)(a)
    return tf.sum(tf.mul(a, g), [1, 2]).arraySync() as number[][]
  })
}

const frames = [testFrame(1, 16, 16, 0), testFrame(2, 16, 16, 5), testFrame(3, 16, 16, 11)]

const cases: { name: string; raw: () => tf.LayersModel; softmax: boolean }[] = [
  { name: 'branching (concat)', raw: () => branchingModel(3), softmax: false },
  { name: 'residual (add, softmax head)', raw: () => residualModel(2), softmax: true },
  { name: 'Keras-style (BN, depthwise, leaky ReLU, dropout)', raw: () => batchNormModel(5, { bareNorms: false }), softmax: false },
]

describe('one backward pass for every layer (taps of added zeros)', () => {
  for (const { name, raw: build, softmax } of cases) {
    it(`${name}: every layer's contributions equal a per-layer tf.grad through the rest of the network, per frame, fused or not`, async () => {
      const raw = build()
      const descriptor = tinyDescriptor(softmax ? { output: { kind: 'probabilities' } } : {})
      for (const fuse of [true, false]) {
        const model = new LayersPerturberModel(raw, descriptor, { fuse })
        const input = framesInput(model, frames)
        const before = tf.memory().numTensors
        const result = await batchContributions(model, input, model.layers, 2)
        expect(tf.memory().numTensors).toBe(before)
        expect(result.classIndex).toBe(2)
        expect([...result.contributions.keys()]).toEqual(model.layers.map((l) => l.name))
        for (const layer of model.layers) {
          const expected = byHand(raw, input, layer.name, 2, softmax)
          const got = result.contributions.get(layer.name)!
          const scale = Math.max(1e-3, ...expected.flat().map(Math.abs))
          expected.forEach((row, k) => row.forEach((v, j) => expect(Math.abs(got[k * layer.channels + j] - v), `${layer.name} frame ${k} map ${j}`).toBeLessThan(2e-4 * scale)))
        }
        input.dispose()
      }
      raw.dispose()
    })
  }

  it('taps of zeros change nothing; a 0/1 scale per map is what the rest of the network sees', () => {
    const raw = branchingModel(7)
    const model = new LayersPerturberModel(raw, tinyDescriptor())
    tf.tidy(() => {
      const input = framesInput(model, frames)
      const plain = model.execute(input, { layers: ['conv2d0', 'mixed3a'], predictions: true })
      const zeros: TappedExecuteRequest = { layers: ['conv2d0', 'mixed3a'], predictions: true, taps: new Map([['conv2d0', { add: tf.zeros([3, 8, 8, 6]) }]]) }
      const tapped = model.execute(input, zeros)
      expect(Array.from(tapped.output!.dataSync())).toEqual(Array.from(plain.output!.dataSync()))
      // keep maps 1 and 4 of conv2d0: the head's output is the layer-by-layer network on the masked maps
      const mask = tf.tensor4d([0, 1, 0, 0, 1, 0], [1, 1, 1, 6])
      const masked = model.execute(input, { layers: ['conv2d0'], predictions: true, taps: new Map([['conv2d0', { scale: mask }]]) } as TappedExecuteRequest)
      const a = tf.mul(plain.activations.get('conv2d0')!, mask)
      const L = (name: string) => (x: tf.Tensor | tf.Tensor[]) => raw.getLayer(name).apply(x) as tf.Tensor
      const expected = L('logits')(L('avgpool')(L('mixed3a')([L('mixed3a_1x1')(a), L('mixed3a_3x3')(a)])))
      expect(tf.max(tf.abs(tf.sub(masked.output!, expected))).dataSync()[0]).toBeLessThan(1e-5)
      expect(tf.max(tf.abs(tf.sub(masked.activations.get('conv2d0')!, a))).dataSync()[0]).toBe(0)
    })
    model.dispose()
  })

  it('a tap on a layer that is not requested is refused, and so is a model that drops the taps; by default p is the first frame\'s top class', async () => {
    const raw = branchingModel(8)
    const model: PerturberModel = new LayersPerturberModel(raw, tinyDescriptor())
    const request = { layers: ['mixed3a'], predictions: true, taps: new Map([['conv2d0', { add: tf.scalar(0) }]]) } as TappedExecuteRequest
    expect(() => tf.tidy(() => model.execute(tf.zeros([1, 16, 16, 3]), request).output)).toThrow('A tap on "conv2d0" needs that layer among the requested layers.')
    const input = framesInput(model, frames.slice(0, 1))
    const result = await batchContributions(model, input, model.layers)
    expect(result.predicted[0]).toBe(result.classIndex) // the default class is the first frame's top class
    for (const q of result.contributions.values()) expect(q.some((v) => v !== 0)).toBe(true)
    // a model of its own that drops the taps gets no gradient anywhere: refused, not all zeros
    const before = tf.memory().numTensors
    const dropsTaps: PerturberModel = Object.assign(Object.create(model), { execute: (x: tf.Tensor4D, r: TappedExecuteRequest) => model.execute(x, { layers: r.layers, predictions: r.predictions }) })
    await expect(batchContributions(dropsTaps, input, model.layers)).rejects.toThrow('"tiny" ignored the layer taps datapaths need')
    expect(tf.memory().numTensors).toBe(before)
    input.dispose()
    model.dispose()
  })
})
