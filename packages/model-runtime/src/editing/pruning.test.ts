import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { createEditedModel } from './EditedModel'
import { allWeights, buildConcatModel, buildResidualModel, layerWeights, setWeight, testInput, testModel } from './testModels'
import { editingTestSetup } from './testSetup'

const own = editingTestSetup()

/** Two random models (`prepare` may overwrite some of their weights) and an edited model over them. */
async function setup(
  build: () => tf.LayersModel = buildResidualModel,
  prepare?: (model1: tf.LayersModel, model2: tf.LayersModel) => void,
) {
  const model1 = own(testModel(build, 1))
  const model2 = own(testModel(build, 2))
  prepare?.(model1.layersModel, model2.layersModel)
  return { model1, model2, edited: own(await createEditedModel(model1, model2)) }
}

/**
 * block2_pw is a 1×1 conv with 4 inputs and 4 outputs, kernel [1, 1, i, o]. Channel o's inputs are
 * `column(o)`; their mean |W| is m = [0.3, 0.1, 0.4, 0.2], so s = argsort(m) = [1, 3, 0, 2].
 */
const columns = [
  [0.3, -0.3, 0.3, -0.3],
  [-0.1, 0.1, 0.2, 0],
  [0.4, 0.4, -0.4, 0.4],
  [0.2, -0.2, 0.1, -0.3],
]
const kernelData = (cols: number[][]) => [0, 1, 2, 3].flatMap((i) => cols.map((c) => c[i]))
const biasData = [1, 2, 3, 4]

/** Plain numbers, −0 read as 0: a pruned negative weight is −0 after the multiplication by the mask. */
const numeric = (values: ArrayLike<number>) => Array.from(values, (v) => v + 0)

const keptChannels = (mask: readonly boolean[]) => mask.flatMap((keep, channel) => (keep ? [channel] : []))

/** The expected kernel and bias after keeping `channels`. */
function masked(cols: number[][], bias: number[], channels: number[]) {
  const zeroed = cols.map((c, o) => (channels.includes(o) ? c : c.map(() => 0)))
  return { kernel: Float32Array.from(kernelData(zeroed)), bias: Float32Array.from(bias.map((b, o) => (channels.includes(o) ? b : 0))) }
}

describe('EditedModel pruning', () => {
  it('lists prunable layers with their output channel counts', async () => {
    const { edited } = await setup(() => buildConcatModel())
    const prunable = edited.prunableLayers.map(({ name, kind, outputChannels }) => ({ name, kind, outputChannels }))
    expect(prunable.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { name: 'conv1', kind: 'conv2d', outputChannels: 4 },
      { name: 'logits', kind: 'dense', outputChannels: 6 },
      { name: 'mixed2_a', kind: 'conv2d', outputChannels: 3 },
      { name: 'mixed2_b', kind: 'depthwiseConv2d', outputChannels: 8 }, // 4 channels × multiplier 2
      { name: 'mixed3_sep', kind: 'separableConv2d', outputChannels: 5 },
    ])
    expect(edited.mixableLayers.map((l) => l.name)).toContain('conv1_bn')
    expect(() => edited.setPruneRange('conv1_bn', [0, 0.5])).toThrow(/cannot be pruned/)
  })

  it.each([
    { range: [0, 1], channels: [0, 1, 2, 3] },
    { range: [0.5, 1], channels: [0, 2] },
    { range: [0, 0.5], channels: [1, 3] },
    { range: [0.25, 0.75], channels: [0, 3] },
    { range: [0.4, 0.4], channels: [] },
  ] as const)('conv kernel and bias follow the hand-computed mask for $range', async ({ range, channels }) => {
    const { edited } = await setup(buildResidualModel, (model1) => {
      setWeight(model1, 'block2_pw', 'kernel', kernelData(columns))
      setWeight(model1, 'block2_pw', 'bias', biasData)
    })

    const others = allWeights(edited.layersModel)
    edited.setPruneRange('block2_pw', range)
    expect(keptChannels(edited.keptChannels('block2_pw'))).toEqual(channels)
    const [kernel, bias] = layerWeights(edited.layersModel, 'block2_pw')
    const expected = masked(columns, biasData, [...channels])
    expect(numeric(kernel)).toEqual(numeric(expected.kernel))
    expect(numeric(bias)).toEqual(numeric(expected.bias))
    // no other layer moved
    const after = allWeights(edited.layersModel)
    for (const [layer, weights] of others) {
      if (layer === 'block2_pw') continue
      weights.forEach((w, i) => expect(tf.util.arraysEqual(w, after.get(layer)![i]), layer).toBe(true))
    }
  })

  it('[0, 1] restores the unpruned weights bit for bit', async () => {
    const { model1, edited } = await setup()
    edited.setPruneRange('conv1', [0.3, 0.6])
    expect(edited.keptChannels('conv1').filter(Boolean)).toHaveLength(1) // 1.2 ≤ n < 2.4 → n = 2
    edited.setPruneRange('conv1', [0, 1])
    const [k1, k] = [layerWeights(model1.layersModel, 'conv1'), layerWeights(edited.layersModel, 'conv1')]
    k.forEach((w, i) => expect(tf.util.arraysEqual(w, k1[i])).toBe(true))
    expect(edited.keptChannels('conv1')).toEqual([true, true, true, true])
  })

  it('prunes a dense layer: kernel columns and bias of the weakest outputs', async () => {
    // logits: kernel [4, 5]; output o's mean |W| is 0.5, 0.1, 0.4, 0.2, 0.3 → s = [1, 3, 4, 2, 0]
    const perOutput = [0.5, 0.1, 0.4, 0.2, 0.3]
    const kernel = [0, 1, 2, 3].flatMap((i) => perOutput.map((m) => (i % 2 ? -m : m)))
    const { edited } = await setup(buildResidualModel, (model1) => {
      setWeight(model1, 'logits', 'kernel', kernel)
      setWeight(model1, 'logits', 'bias', [1, 1, 1, 1, 1])
    })

    edited.setPruneRange('logits', [0.4, 1]) // 2 ≤ n < 5 → channels 4, 2, 0
    expect(keptChannels(edited.keptChannels('logits'))).toEqual([0, 2, 4])
    const [k, b] = layerWeights(edited.layersModel, 'logits')
    expect(numeric(b)).toEqual([1, 0, 1, 0, 1])
    expect(numeric(k)).toEqual(numeric(kernel.map((v, j) => Math.fround([1, 0, 1, 0, 1][j % 5] * v))))

    // the pruned logits are the bias-free, weight-free outputs: exactly 0
    const out = tf.tidy(() => edited.execute(testInput(), { layers: [], predictions: true }).output!.arraySync())
    for (const row of out) expect(numeric([row[1], row[3]])).toEqual([0, 0])
  })

  it('prunes depthwise channels c·K + k and separable outputs through the effective kernel', async () => {
    const { edited } = await setup(() => buildConcatModel())
    edited.setPruneRange('mixed2_b', [0, 0.5])
    const kept = edited.keptChannels('mixed2_b')
    expect(kept.filter(Boolean)).toHaveLength(4)
    const [kernel, bias] = layerWeights(edited.layersModel, 'mixed2_b') // [3, 3, 4, 2] and [8]
    for (let o = 0; o < 8; o++) {
      const taps = Array.from({ length: 9 }, (_, yx) => kernel[yx * 8 + o])
      expect(taps.every((v) => v === 0), `channel ${o}`).toBe(!kept[o])
      expect(bias[o] === 0, `bias ${o}`).toBe(!kept[o])
    }

    edited.setPruneRange('mixed3_sep', [0.8, 1]) // 4 ≤ n < 5: only the strongest of 5
    const [depthwise, pointwise, sepBias] = layerWeights(edited.layersModel, 'mixed3_sep')
    const [original] = layerWeights(edited.model1.layersModel!, 'mixed3_sep')
    expect(tf.util.arraysEqual(depthwise, original)).toBe(true) // feeds every output: untouched
    const survivor = edited.keptChannels('mixed3_sep').indexOf(true)
    expect(edited.keptChannels('mixed3_sep').filter(Boolean)).toHaveLength(1)
    pointwise.forEach((v, j) => j % 5 !== survivor && expect(v + 0).toBe(0))
    expect(Array.from(sepBias).filter((v) => v !== 0)).toHaveLength(1)
  })

  it('composes with mixing: the mask ranks the mixed kernel, and a new α re-ranks it', async () => {
    // Model 1's channels grow in magnitude 0.1 … 0.4, Model 2's shrink: opposite rankings
    const rising = [0.1, 0.2, 0.3, 0.4].map((m) => [m, -m, m, m])
    const falling = [0.4, 0.3, 0.2, 0.1].map((m) => [-m, m, m, -m])
    const { model2, edited } = await setup(buildResidualModel, (model1, model2) => {
      setWeight(model1, 'block2_pw', 'kernel', kernelData(rising))
      setWeight(model2, 'block2_pw', 'kernel', kernelData(falling))
      setWeight(model1, 'block2_pw', 'bias', biasData)
      setWeight(model2, 'block2_pw', 'bias', biasData.map((b) => -b))
    })

    edited.setPruneRange('block2_pw', [0.5, 1])
    expect(keptChannels(edited.keptChannels('block2_pw'))).toEqual([2, 3])
    edited.setMix('block2', 1)
    expect(keptChannels(edited.keptChannels('block2_pw'))).toEqual([0, 1])
    const [kernel, bias] = layerWeights(edited.layersModel, 'block2_pw')
    const expected = masked(falling, biasData.map((b) => -b), [0, 1])
    expect(numeric(kernel)).toEqual(numeric(expected.kernel))
    expect(numeric(bias)).toEqual(numeric(expected.bias))
    // the rest of the block is Model 2's, unpruned
    const [dw2, dw] = [layerWeights(model2.layersModel, 'block2_dw'), layerWeights(edited.layersModel, 'block2_dw')]
    dw.forEach((w, i) => expect(tf.util.arraysEqual(w, dw2[i])).toBe(true))
    expect(edited.pruneRange('block2_pw')).toEqual([0.5, 1])
  })

  it('a pruned conv channel outputs exactly 0 through execute()', async () => {
    const { edited } = await setup()
    edited.setPruneRange('conv1', [0.5, 1])
    const pruned = edited.keptChannels('conv1').flatMap((k, c) => (k ? [] : [c]))
    expect(pruned).toHaveLength(2)
    const activation = tf.tidy(() => edited.execute(testInput(), { layers: ['conv1'], predictions: false }).activations.get('conv1')!.arraySync())
    for (const image of activation) for (const row of image) for (const pixel of row) for (const c of pruned) expect(pixel[c] + 0).toBe(0)
  })
})
