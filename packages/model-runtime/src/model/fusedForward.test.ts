import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { batchNormModel, branchingModel, tinyDescriptor } from '../testing/tinyModels'
import { LayersPerturberModel } from './LayersPerturberModel'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const input = (seed = 3) => tf.randomUniform([2, 16, 16, 3], -1, 1, 'float32', seed) as tf.Tensor4D
const maxDifference = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0])
const scaleOf = (t: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(t)).dataSync()[0])

/** The fused model and the same network run layer by layer by TF.js. */
function pair(raw = batchNormModel()) {
  return { raw, fused: new LayersPerturberModel(raw, tinyDescriptor()), plain: new LayersPerturberModel(raw, tinyDescriptor(), { fuse: false }) }
}

function expectSame(fused: LayersPerturberModel, plain: LayersPerturberModel, x: tf.Tensor4D) {
  for (const layer of [...fused.layers.map((l) => l.name), null]) {
    tf.tidy(() => {
      const request = { layers: layer ? [layer] : [], predictions: true }
      const a = fused.execute(x, request)
      const b = plain.execute(x, request)
      if (layer) expect(maxDifference(a.activations.get(layer)!, b.activations.get(layer)!), layer).toBeLessThan(1e-5 * Math.max(1, scaleOf(b.activations.get(layer)!)))
      expect(maxDifference(a.output!, b.output!)).toBeLessThan(1e-5 * Math.max(1, scaleOf(b.output!)))
    })
  }
}

describe('fused forward passes', () => {
  it('give every layer and the logits of a Keras-style net as TF.js computes them layer by layer', () => {
    const x = input()
    const before = tf.memory().numTensors
    const { fused, plain } = pair()
    expectSame(fused, plain, x)
    fused.dispose()
    // disposing the model frees its folded weights with it
    expect(tf.memory().numTensors).toBe(before)
    x.dispose()
  })

  it('fold batch normalisation and activations into the convolutions, except where a folded layer is requested', async () => {
    const { fused, plain } = pair()
    const x = input()
    tf.tidy(() => fused.execute(x, { layers: [], predictions: true }).output) // folds the weights
    const kernels = async (model: LayersPerturberModel, layers: string[]) => {
      const profile = await tf.profile(() => tf.tidy(() => [...model.execute(x, { layers, predictions: true }).activations.values()]))
      return profile.kernels.map((k) => k.name)
    }
    const all = await kernels(plain, [])
    expect(all.filter((k) => k === 'FusedBatchNorm')).toHaveLength(4)
    const folded = await kernels(fused, [])
    for (const separate of ['FusedBatchNorm', 'Relu', 'Minimum', 'ClipByValue', 'LeakyRelu', 'DepthwiseConv2dNative']) {
      expect(all).toContain(separate)
      expect(folded).not.toContain(separate)
    }
    expect(folded.filter((k) => k === 'FusedConv2D')).toHaveLength(3)
    expect(folded.filter((k) => k === 'FusedDepthwiseConv2D')).toHaveLength(1)
    // conv1's own output is read: its normalisation runs as a layer, and so the activation after it
    const split = await kernels(fused, ['conv1'])
    expect(split.filter((k) => k === 'FusedBatchNorm')).toHaveLength(1)
    x.dispose()
    fused.dispose()
  })

  it('follow weight edits on the next pass and free the folded weights they replace', () => {
    const { raw, fused, plain } = pair()
    const x = input(5)
    tf.tidy(() => fused.execute(x, { layers: [], predictions: true }).output)
    const before = tf.memory().numTensors
    tf.tidy(() => {
      const bn = raw.getLayer('conv_pw_1_bn')
      bn.setWeights(bn.getWeights().map((w, i) => (i === 0 ? w.mul(-2) : w)))
      const conv = raw.getLayer('conv_dw_1')
      conv.setWeights([conv.getWeights()[0].mul(0.5)])
    })
    expectSame(fused, plain, x)
    expect(tf.memory().numTensors).toBe(before)
    for (let i = 0; i < 3; i++) tf.dispose(tf.tidy(() => fused.execute(x, { layers: ['conv_pw_1_relu'], predictions: true }).output))
    expect(tf.memory().numTensors).toBe(before)
    x.dispose()
    fused.dispose()
  })

  it('give the input gradients TF.js gives, also where TF.js cannot differentiate its own layers', () => {
    const x = input(7)
    const objective = (model: LayersPerturberModel) => (t: tf.Tensor) => tf.sum(tf.mul(model.execute(t as tf.Tensor4D, { layers: [], predictions: true }).output!, tf.range(0, 5)))
    const complete = pair(batchNormModel(1, { bareNorms: false }))
    const a = tf.grad(objective(complete.fused))(x)
    const b = tf.grad(objective(complete.plain))(x)
    expect(scaleOf(b)).toBeGreaterThan(0)
    expect(maxDifference(a, b)).toBeLessThan(1e-5 * scaleOf(b))
    // TF.js' BatchNormalization gradient needs γ and β; conv_dw_1_bn has no γ, branch_bn no β
    const bare = pair()
    expect(() => tf.grad(objective(bare.plain))(x)).toThrow()
    const c = tf.grad(objective(bare.fused))(x)
    expect(scaleOf(c)).toBeGreaterThan(0)
    tf.dispose([a, b, c, x])
    complete.fused.dispose()
    bare.fused.dispose()
  })

  it('fold Sequential models too, and leave graphs they cannot follow (a nested model) to TF.js', async () => {
    const sequential = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [16, 16, 3], name: 'seq_conv', filters: 4, kernelSize: 3, useBias: false, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
        tf.layers.batchNormalization({ name: 'seq_bn', movingVarianceInitializer: tf.initializers.constant({ value: 2.5 }), betaInitializer: tf.initializers.constant({ value: 0.3 }) }),
        tf.layers.reLU({ name: 'seq_relu' }),
        tf.layers.globalAveragePooling2d({ name: 'seq_pool' }),
      ],
    })
    const input = tf.input({ shape: [16, 16, 3] })
    const nested = tf.model({ inputs: input, outputs: tf.layers.dense({ name: 'head', units: 3 }).apply(sequential.apply(input)) as tf.SymbolicTensor })
    const x = tf.randomUniform([1, 16, 16, 3], -1, 1, 'float32', 11) as tf.Tensor4D
    const profiled = async (model: LayersPerturberModel) => {
      tf.tidy(() => model.execute(x, { layers: [], predictions: true }).output)
      return (await tf.profile(() => tf.tidy(() => model.execute(x, { layers: [], predictions: true }).output))).kernels.map((k) => k.name)
    }
    const seq = pair(sequential)
    expect(maxDifference(seq.fused.execute(x, { layers: [], predictions: true }).output!, seq.plain.execute(x, { layers: [], predictions: true }).output!)).toBeLessThan(1e-5)
    expect(await profiled(seq.fused)).not.toContain('FusedBatchNorm')
    const outer = pair(nested)
    expect(maxDifference(outer.fused.execute(x, { layers: [], predictions: true }).output!, outer.plain.execute(x, { layers: [], predictions: true }).output!)).toBe(0)
    expect(await profiled(outer.fused)).toContain('FusedBatchNorm')
    x.dispose()
    outer.fused.dispose()
  })

  it('leave nets without normalisation layers as TF.js runs them', async () => {
    const { fused, plain } = pair(branchingModel(2))
    const x = input(9)
    expectSame(fused, plain, x)
    const names = async (model: LayersPerturberModel) => (await tf.profile(() => tf.tidy(() => model.execute(x, { layers: [], predictions: true }).output))).kernels.map((k) => k.name)
    expect(await names(fused)).toEqual(await names(plain))
    x.dispose()
    fused.dispose()
  })
})
