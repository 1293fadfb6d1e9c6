import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { createEditedModel } from './EditedModel'
import { NonFiniteWeightsError } from './errors'
import { allWeights, buildConcatModel, buildResidualModel, layerWeights, testInput, testModel } from './testModels'
import { editingTestSetup } from './testSetup'

const own = editingTestSetup()

/** Puts a NaN into the first weight of a layer. */
function poison(model: tf.LayersModel, layer: string, value = Number.NaN) {
  const variable = model.getLayer(layer).weights[0].read() as tf.Variable
  const data = variable.dataSync().slice()
  data[0] = value
  const poisoned = tf.tensor(data, variable.shape)
  variable.assign(poisoned)
  poisoned.dispose()
}

const expectSameWeights = (a: Map<string, Float32Array[]>, b: Map<string, Float32Array[]>) => {
  for (const [layer, weights] of a) weights.forEach((w, i) => expect(tf.util.arraysEqual(w, b.get(layer)![i]), layer).toBe(true))
}

describe('non-finite source weights', () => {
  it('a NaN in Model 2 rejects the mix naming the layer, and keeps the previous weights', async () => {
    const model1 = own(testModel(() => buildConcatModel(), 1))
    const model2 = own(testModel(() => buildConcatModel(), 2))
    poison(model2.layersModel, 'mixed2_b')
    const edited = own(await createEditedModel(model1, model2))
    edited.setMix('mixed2', 0) // α = 0 never reads Model 2
    edited.setPruneRange('mixed2_a', [0.3, 1])
    const before = allWeights(edited.layersModel)
    const version = edited.version

    const error = (() => {
      try {
        edited.setMix('mixed2', 0.5)
      } catch (e) {
        return e
      }
    })()
    expect(error).toBeInstanceOf(NonFiniteWeightsError)
    expect((error as NonFiniteWeightsError).layers).toEqual(['mixed2_b'])
    expect((error as Error).message).toMatch(/layer "mixed2_b" of Model 2/)
    expectSameWeights(allWeights(edited.layersModel), before)
    expect(edited.version).toBe(version)
    expect(edited.alpha('mixed2')).toBe(0)
    expect(() => edited.setMixAll(1)).toThrow(NonFiniteWeightsError)
    expectSameWeights(allWeights(edited.layersModel), before)

    // the other blocks still mix
    edited.setMix('conv1', 1)
    expect(tf.util.arraysEqual(layerWeights(edited.layersModel, 'conv1')[0], layerWeights(model2.layersModel, 'conv1')[0])).toBe(true)
  })

  it('an infinite weight in Model 1 stops the edited model from being created', async () => {
    const model1 = own(testModel(buildResidualModel, 1))
    poison(model1.layersModel, 'block2_pw', Number.POSITIVE_INFINITY)
    const before = tf.memory().numTensors
    await expect(createEditedModel(model1)).rejects.toThrow(/layer "block2_pw" of Model 1/)
    expect(tf.memory().numTensors).toBe(before) // the half-built clone is gone
  })
})

describe('tensor hygiene', () => {
  it('a thousand slider and range changes leave the tensor count unchanged', async () => {
    const model1 = own(testModel(() => buildConcatModel(), 1))
    const model2 = own(testModel(() => buildConcatModel(), 2))
    const edited = own(await createEditedModel(model1, model2))
    const input = own(testInput())
    // a first pass builds the execution head, which is cached
    tf.dispose(tf.tidy(() => edited.execute(input, { layers: ['mixed2'], predictions: true }).output))
    const before = tf.memory().numTensors
    const blocks = edited.mixUnits.map((u) => u.name)
    const prunable = edited.prunableLayers.map((l) => l.name)
    for (let i = 0; i < 1000; i++) {
      if (i % 2 === 0) edited.setMix(blocks[i % blocks.length], (i % 11) / 10)
      else edited.setPruneRange(prunable[i % prunable.length], [(i % 5) / 10, 0.5 + (i % 6) / 10])
      if (i % 100 === 0) edited.setMixAll(i % 200 === 0 ? 1 : 0.5)
      if (i % 250 === 0) edited.reset()
    }
    expect(tf.memory().numTensors).toBe(before)
    tf.dispose(tf.tidy(() => edited.execute(input, { layers: ['mixed2'], predictions: true }).output))
    expect(tf.memory().numTensors).toBe(before)
  })

  it('dispose() frees every variable of the edited model and none of the sources', async () => {
    const model1 = own(testModel(buildResidualModel, 1))
    const model2 = own(testModel(buildResidualModel, 2))
    const logits1 = tf.tidy(() => model1.execute(testInput(), { layers: [], predictions: true }).output!.dataSync())
    const before = tf.memory().numTensors

    const edited = await createEditedModel(model1, model2)
    edited.setMixAll(0.5)
    edited.setPruneRange('conv1', [0.25, 1])
    tf.tidy(() => {
      edited.execute(testInput(), { layers: ['conv1'], predictions: true }).output!.dispose()
    })
    expect(tf.memory().numTensors).toBeGreaterThan(before)
    edited.dispose()
    expect(edited.disposed).toBe(true)
    expect(tf.memory().numTensors).toBe(before)
    expect(() => edited.setMix('conv1', 1)).toThrow(/disposed/)

    // the sources work as before
    const again = tf.tidy(() => model1.execute(testInput(), { layers: [], predictions: true }).output!.dataSync())
    expect(tf.util.arraysEqual(again, logits1)).toBe(true)
  })

  it("an unedited model shares Model 1's weight buffers: it costs no weight memory until edited", async () => {
    const model1 = own(testModel(buildResidualModel, 1))
    const buffers = tf.memory().numDataBuffers
    const edited = own(await createEditedModel(model1))
    expect(tf.memory().numDataBuffers).toBe(buffers)
    expect(edited.version).toBe(0)
    edited.setPruneRange('conv1', [0.5, 1])
    expect(tf.memory().numDataBuffers).toBe(buffers + 2) // conv1's own kernel and bias now
  })
})
