import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import type { LayersPerturberModel } from '../model/LayersPerturberModel'
import { createEditedModel, type EditedModel } from './EditedModel'
import { allWeights, buildConcatModel, buildResidualModel, layerWeights, testInput, testModel } from './testModels'
import { editingTestSetup } from './testSetup'

const own = editingTestSetup()

const architectures = [
  { name: 'concat', build: () => buildConcatModel() },
  { name: 'residual', build: buildResidualModel },
]

function setup(build: () => tf.LayersModel) {
  return { model1: own(testModel(build, 1)), model2: own(testModel(build, 2)) }
}

async function edited(model1: LayersPerturberModel, model2?: LayersPerturberModel, granularity?: 'block' | 'layer') {
  return own(await createEditedModel(model1, model2, { granularity }))
}

function logits(model: LayersPerturberModel): Float32Array {
  return tf.tidy(() => model.execute(testInput(), { layers: [], predictions: true }).output!.dataSync() as Float32Array)
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((max, v, i) => Math.max(max, Math.abs(v - b[i])), 0)

function expectLayersEqual(actual: Map<string, Float32Array[]>, expected: Map<string, Float32Array[]>, layers: Iterable<string>) {
  for (const layer of layers) {
    const [a, e] = [actual.get(layer)!, expected.get(layer)!]
    expect(a.length, layer).toBe(e.length)
    a.forEach((w, i) => expect(tf.util.arraysEqual(w, e[i]), `${layer} weight ${i}`).toBe(true))
  }
}

describe.each(architectures)('mixing ($name architecture)', ({ build }) => {
  it('α = 0 reproduces Model 1 and α = 1 Model 2, logits bit for bit', async () => {
    const { model1, model2 } = setup(build)
    const model = await edited(model1, model2)
    const [logits1, logits2] = [logits(model1), logits(model2)]
    expect(maxAbsDiff(logits1, logits2)).toBeGreaterThan(1e-3)

    expect(tf.util.arraysEqual(logits(model), logits1)).toBe(true)
    model.setMixAll(1)
    expect(tf.util.arraysEqual(logits(model), logits2)).toBe(true)
    model.setMixAll(0.37)
    model.setMixAll(0)
    expect(tf.util.arraysEqual(logits(model), logits1)).toBe(true)
  })

  it('α = 0.5 gives exactly the average of every weight (batch-norm moving statistics included)', async () => {
    const { model1, model2 } = setup(build)
    const model = await edited(model1, model2)
    model.setMixAll(0.5)
    const [w1, w2, mixed] = [allWeights(model1.layersModel), allWeights(model2.layersModel), allWeights(model.layersModel)]
    expect([...mixed.keys()]).toEqual([...w1.keys()])
    for (const [layer, weights] of mixed) {
      weights.forEach((w, i) => {
        const average = w1.get(layer)![i].map((a, j) => Math.fround((a + w2.get(layer)![i][j]) / 2))
        expect(tf.util.arraysEqual(w, average), `${layer} weight ${i}`).toBe(true)
      })
    }
    const bn = model.mixableLayers.find((l) => l.name === 'conv1_bn')!
    expect(bn.weights.map((w) => w.role)).toEqual(['gamma', 'beta', 'moving_mean', 'moving_variance'])
  })

  it('α = 0.3 follows (1−α)·W₁ + α·W₂', async () => {
    const { model1, model2 } = setup(build)
    const model = await edited(model1, model2)
    model.setMixAll(0.3)
    const [w1, w2, mixed] = [allWeights(model1.layersModel), allWeights(model2.layersModel), allWeights(model.layersModel)]
    for (const [layer, weights] of mixed) {
      weights.forEach((w, i) => {
        const expected = w1.get(layer)![i].map((a, j) => 0.7 * a + 0.3 * w2.get(layer)![i][j])
        expect(maxAbsDiff(w, expected), `${layer} weight ${i}`).toBeLessThan(1e-6)
      })
    }
  })
})

describe('mixing units', () => {
  it('groups every layer with weights into blocks, the dense head and batch norms included', async () => {
    const { model1, model2 } = setup(() => buildConcatModel())
    const model = await edited(model1, model2)
    expect(model.granularity).toBe('block')
    // within a block, layers follow the clone's topological order, which TF.js may permute
    const sorted = model.mixUnits.map((u) => ({ name: u.name, layers: [...u.layers].sort() }))
    expect(sorted).toEqual([
      { name: 'conv1', layers: ['conv1', 'conv1_bn'] },
      { name: 'mixed2', layers: ['mixed2_a', 'mixed2_b', 'mixed2_b_bn'] },
      { name: 'mixed3', layers: ['mixed3_sep'] },
      { name: 'logits', layers: ['logits'] },
    ])
    const perLayer = await edited(model1, model2, 'layer')
    expect(perLayer.mixUnits.map((u) => u.name).sort()).toEqual(['conv1', 'conv1_bn', 'logits', 'mixed2_a', 'mixed2_b', 'mixed2_b_bn', 'mixed3_sep'])
    expect(perLayer.mixUnits.every((u) => u.layers.length === 1 && u.layers[0] === u.name)).toBe(true)
  })

  it('one block slider changes that block only; the others stay bit-identical', async () => {
    const { model1, model2 } = setup(() => buildConcatModel())
    const model = await edited(model1, model2)
    const [w1, w2] = [allWeights(model1.layersModel), allWeights(model2.layersModel)]
    const version = model.version

    model.setMix('mixed2', 1)
    expect(model.version).toBe(version + 1)
    expect(model.alpha('mixed2')).toBe(1)
    let now = allWeights(model.layersModel)
    expectLayersEqual(now, w2, ['mixed2_a', 'mixed2_b', 'mixed2_b_bn'])
    expectLayersEqual(now, w1, ['conv1', 'conv1_bn', 'mixed3_sep', 'logits'])

    model.setMix('mixed2', 0.25)
    const mixed2 = allWeights(model.layersModel)
    model.setMix('logits', 1)
    now = allWeights(model.layersModel)
    expectLayersEqual(now, mixed2, ['conv1', 'conv1_bn', 'mixed2_a', 'mixed2_b', 'mixed2_b_bn', 'mixed3_sep'])
    expectLayersEqual(now, w2, ['logits'])

    // setting a slider to its current value is not an edit
    const before = model.version
    model.setMix('logits', 1)
    expect(model.version).toBe(before)
  })

  it('per-layer granularity mixes one layer of a block alone', async () => {
    const { model1, model2 } = setup(() => buildConcatModel())
    const model = await edited(model1, model2, 'layer')
    model.setMix('mixed2_b', 1)
    const now = allWeights(model.layersModel)
    expectLayersEqual(now, allWeights(model2.layersModel), ['mixed2_b'])
    expectLayersEqual(now, allWeights(model1.layersModel), ['mixed2_a', 'mixed2_b_bn', 'conv1', 'logits'])
    expect(() => model.setMix('mixed2', 0.5)).toThrow(/no mixing layer "mixed2".*mixed2_a/)
  })

  it('rejects α outside [0, 1] and mixing without Model 2', async () => {
    const { model1, model2 } = setup(buildResidualModel)
    const model = await edited(model1, model2)
    expect(() => model.setMix('conv1', 1.5)).toThrow(RangeError)
    expect(() => model.setMix('conv1', Number.NaN)).toThrow(RangeError)
    expect(() => model.setMix('nope', 0.5)).toThrow(/no mixing block "nope"/)
    const alone = await edited(model1)
    expect(() => alone.setMix('conv1', 0.5)).toThrow(/without a Model 2/)
    alone.setMixAll(0)
    expect(tf.util.arraysEqual(layerWeights(alone.layersModel, 'conv1')[0], layerWeights(model1.layersModel, 'conv1')[0])).toBe(true)
  })
})
