import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { TwinModel } from '../backends/twin'
import { branchingModel, residualModel, tinyDescriptor } from '../testing/tinyModels'
import { groupIntoBlocks, inferBlockName } from './blocks'
import { outputToLabelSpace } from './labelSpace'
import { LayersPerturberModel } from './LayersPerturberModel'
import { preprocessPixels } from './preprocess'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

describe('preprocessing', () => {
  const pixel = tf.tensor4d([0.2, 0.5, 1], [1, 1, 1, 3])
  it('maps [0, 1] onto a range', () => {
    const out = Array.from(preprocessPixels(pixel, tinyDescriptor({ inputSize: [1, 1] })).dataSync())
    ;[0.2 * 2 - 1, 0, 1].forEach((v, i) => expect(out[i]).toBeCloseTo(v, 6))
  })
  it('applies mean/std in the model channel order', () => {
    const d = tinyDescriptor({ channelOrder: 'BGR', inputSize: [1, 1], preprocessing: { kind: 'meanStd', pixelScale: 255, mean: [100, 110, 120], std: [2, 4, 5] } })
    const out = Array.from(preprocessPixels(pixel, d).dataSync())
    // BGR: channel 0 is blue (1 · 255)
    expect(out[0]).toBeCloseTo((255 - 100) / 2, 4)
    expect(out[1]).toBeCloseTo((127.5 - 110) / 4, 4)
    expect(out[2]).toBeCloseTo((51 - 120) / 5, 4)
  })
  it('resizes to the input size', () => {
    const d = tinyDescriptor({ inputSize: [2, 2], preprocessing: { kind: 'range', min: 0, max: 1 } })
    const big = tf.fill([1, 8, 8, 3], 0.25) as tf.Tensor4D
    const out = preprocessPixels(big, d)
    expect(out.shape).toEqual([1, 2, 2, 3])
    expect(Array.from(out.dataSync()).every((v) => Math.abs(v - 0.25) < 1e-6)).toBe(true)
  })
})

describe('label space', () => {
  it('drops a background class, reorders and renormalises probabilities', () => {
    const probs = tf.tensor2d([[0.5, 0.1, 0.3, 0.1]])
    const spec = { kind: 'probabilities' as const, backgroundClass: true, classOrder: [2, 0, 1] }
    // outputs 1..3 hold labels 2, 0, 1
    expect(Array.from(outputToLabelSpace(probs, spec, 'probabilities').dataSync()).map((v) => +v.toFixed(6))).toEqual([0.6, 0.2, 0.2])
    const logits = Array.from(outputToLabelSpace(probs, spec, 'logits').dataSync())
    expect(logits[0]).toBeCloseTo(Math.log(0.3), 5)
  })
  it('softmaxes logits', () => {
    const out = outputToLabelSpace(tf.tensor2d([[0, Math.log(3)]]), { kind: 'logits' }, 'probabilities')
    expect(Array.from(out.dataSync()).map((v) => +v.toFixed(6))).toEqual([0.25, 0.75])
  })
})

describe('blocks', () => {
  it.each([
    ['mixed4a/conv_3x3', 'mixed4a'],
    ['mixed3a_1x1', 'mixed3a'],
    ['mixed3a', 'mixed3a'],
    ['conv_pw_5_bn', 'conv_pw_5'],
    ['conv_dw_13_relu', 'conv_dw_13'],
    ['block_3_expand_relu', 'block_3'],
    ['conv2d0', 'conv2d0'],
    ['Conv_1', 'Conv_1'],
    ['leaky_re_lu', 'leaky_re_lu'],
  ])('%s → %s', (name, block) => expect(inferBlockName(name)).toBe(block))

  it('groups in topological order and lets explicit groups win', () => {
    const layers = ['conv2d0', 'mixed3a_1x1', 'mixed3a_3x3', 'mixed3a', 'mixed3b_1x1'].map((name, depth) => ({ name, shape: [1, 1, 1] as const, channels: 1, depth }))
    const { blocks } = groupIntoBlocks(layers, { stem: ['conv2d0', 'mixed3b_1x1'] })
    expect(blocks).toEqual([
      { name: 'stem', layers: ['conv2d0', 'mixed3b_1x1'] },
      { name: 'mixed3a', layers: ['mixed3a_1x1', 'mixed3a_3x3', 'mixed3a'] },
    ])
  })
})

describe('LayersPerturberModel', () => {
  it('lists the spatial layers with shapes and blocks, for concat and add architectures', () => {
    const branching = new LayersPerturberModel(branchingModel(), tinyDescriptor())
    expect(branching.layers.map((l) => [l.name, l.shape.join('x'), l.block])).toEqual([
      ['conv2d0', '8x8x6', 'conv2d0'],
      ['mixed3a_1x1', '8x8x4', 'mixed3a'],
      ['mixed3a_3x3', '8x8x5', 'mixed3a'],
      ['mixed3a', '8x8x9', 'mixed3a'],
    ])
    const residual = new LayersPerturberModel(residualModel(), tinyDescriptor())
    expect(residual.blocks.map((b) => b.name)).toEqual(['block_0', 'block_1'])
    expect(residual.layers.at(-1)!.name).toBe('block_1_relu')
    expect(() => residual.execute(tf.zeros([1, 16, 16, 3]), { layers: ['nope'], predictions: false })).toThrow(/no spatial layer "nope"/)
    branching.dispose()
    residual.dispose()
  })

  it('frees its weights on dispose, including with cached sub-models', () => {
    const before = tf.memory().numTensors
    const model = new LayersPerturberModel(residualModel(), tinyDescriptor())
    tf.tidy(() => {
      model.execute(tf.zeros([1, 16, 16, 3]), { layers: ['block_0_conv'], predictions: true })
    })
    model.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })
})

describe('TwinModel', () => {
  it('copies the weights and re-syncs them after the source changes', async () => {
    const source = new LayersPerturberModel(branchingModel(5), tinyDescriptor())
    const twin = await TwinModel.create(source)
    const x = tf.randomUniform([1, 16, 16, 3], -1, 1, 'float32', 3) as tf.Tensor4D
    const out = (m: LayersPerturberModel) => tf.tidy(() => Array.from(m.execute(x, { layers: [], predictions: true }).output!.dataSync()))
    expect(twin.id).toBe(source.id)
    expect(out(twin)).toEqual(out(source))
    const kernel = source.layersModel.getLayer('logits').getWeights()[0]
    source.layersModel.getLayer('logits').setWeights([tf.mul(kernel, 2), source.layersModel.getLayer('logits').getWeights()[1]])
    source.markWeightsChanged()
    expect(twin.version).toBe(1)
    expect(out(twin)).not.toEqual(out(source))
    await twin.sync()
    expect(out(twin)).toEqual(out(source))
    twin.dispose()
    source.dispose()
  })
})

describe('resize inside preprocessing', () => {
  it('equals resizeBilinear(halfPixelCenters) and has the exact gradient (its adjoint)', () => {
    const d = tinyDescriptor({ inputSize: [5, 7], preprocessing: { kind: 'range', min: 0, max: 1 } })
    const x = tf.randomUniform([1, 12, 9, 3], 0, 1, 'float32', 11) as tf.Tensor4D
    const ours = preprocessPixels(x, d)
    const reference = tf.image.resizeBilinear(x, [5, 7], false, true)
    expect(tf.max(tf.abs(tf.sub(ours, reference))).dataSync()[0]).toBeLessThan(1e-6)
    // <R x, y> = <x, Rᵀ y>: the gradient of sum(R(x) · y) w.r.t. x is Rᵀ y, checked on a basis pixel
    const y = tf.randomUniform([1, 5, 7, 3], -1, 1, 'float32', 12)
    const g = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(preprocessPixels(input as tf.Tensor4D, d), y)))(x)
    const e = tf.buffer([1, 12, 9, 3])
    e.set(1, 0, 6, 4, 1)
    const directional = tf.sum(tf.mul(preprocessPixels(e.toTensor() as tf.Tensor4D, d), y)).dataSync()[0]
    expect((g.arraySync() as number[][][][])[0][6][4][1]).toBeCloseTo(directional, 5)
  })
})
