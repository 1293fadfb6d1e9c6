import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { createEditedModel } from '../editing/EditedModel'
import { LayersPerturberModel } from '../model/LayersPerturberModel'
import { markCopy, sameData } from '../model/weightIdentity'
import { batchNormModel, testFrame, tinyDescriptor } from '../testing/tinyModels'
import type { PerturberModel } from '../types'
import { framePixelsToTensor } from './framePixels'
import { inferFrame } from './inferFrame'
import type { FrameResult, ModelRequest } from './types'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const request = (model: PerturberModel, layer = 'conv_pw_1_relu'): ModelRequest => ({ model, layer, channels: [0, 5, 11], predictions: true, topK: 3 })

/** The frame's results and how many convolutions the pass ran. */
async function infer(requests: ModelRequest[]): Promise<{ result: FrameResult; convolutions: number }> {
  const pixels = framePixelsToTensor(testFrame(3))
  let result!: FrameResult
  const profile = await tf.profile(async () => void (result = await inferFrame(pixels, requests, 3)))
  pixels.dispose()
  const convolutions = profile.kernels.filter((k) => k.name === 'FusedConv2D' || k.name === 'FusedDepthwiseConv2D').length
  return { result, convolutions }
}

function expectClose(a: FrameResult['models'][number], b: FrameResult['models'][number]) {
  const maps = [a.activations!.data, b.activations!.data]
  maps[0].forEach((v, i) => expect(v).toBeCloseTo(maps[1][i], 5))
  expect(a.predictions!.map((p) => p.labelIndex)).toEqual(b.predictions!.map((p) => p.labelIndex))
  a.predictions!.forEach((p, i) => expect(p.logit).toBeCloseTo(b.predictions![i].logit, 5))
}

describe('layers shared between models on one frame', () => {
  it("let the edited model take its unedited layers from Model 1's pass, with the numbers it computes alone", async () => {
    const model1 = new LayersPerturberModel(batchNormModel(1), tinyDescriptor())
    const model2 = new LayersPerturberModel(batchNormModel(2), tinyDescriptor())
    const edited = await createEditedModel(model1, model2, { granularity: 'layer' })
    const alone = (await infer([request(model1)])).convolutions
    expect(alone).toBe(4) // conv1, conv_dw_1, conv_pw_1 and branch_conv, each fused with what follows it

    // unedited: the edited model computes nothing of its own
    const same = await infer([request(model1), request(edited)])
    expect(same.convolutions).toBe(alone)
    expect(same.result.models[1].activations!.data).toEqual(same.result.models[0].activations!.data)

    // conv_pw_1 mixed: only it is computed again (its BatchNormalization and ReLU6 fold into it)
    edited.setMix('conv_pw_1', 0.5)
    const mixed = await infer([request(model1), request(edited)])
    expect(mixed.convolutions).toBe(alone + 1)
    expectClose(mixed.result.models[1], (await infer([request(edited)])).result.models[0])
    expect(mixed.result.models[1].activations!.data).not.toEqual(mixed.result.models[0].activations!.data)

    // an early layer pruned: everything after it is the edited model's own
    edited.setPruneRange('conv1', [0.25, 1])
    const pruned = await infer([request(model1), request(edited)])
    expect(pruned.convolutions).toBe(2 * alone)
    expectClose(pruned.result.models[1], (await infer([request(edited)])).result.models[0])

    // back to Model 1's weights: shared again
    edited.reset()
    expect((await infer([request(model1), request(edited)])).convolutions).toBe(alone)

    // layers at α = 1 hold Model 2's weights: shared with Model 2 when Model 1 shares nothing
    edited.applyEditState({ granularity: 'layer', mix: Object.fromEntries(edited.mixUnits.map((u) => [u.name, u.name === 'logits' ? 0 : 1])), prune: {} })
    const fromModel2 = await infer([request(model1), request(model2), request(edited, 'block_add')])
    expect(fromModel2.convolutions).toBe(2 * alone)
    expectClose(fromModel2.result.models[2], (await infer([request(edited, 'block_add')])).result.models[0])
    edited.dispose()
    model1.dispose()
    model2.dispose()
  })

  it('give each model only the layers it shares, when several take layers from one pass', async () => {
    const model1 = new LayersPerturberModel(batchNormModel(1), tinyDescriptor())
    const model2 = new LayersPerturberModel(batchNormModel(2), tinyDescriptor())
    const mixed = await createEditedModel(model1, model2, { granularity: 'layer' })
    const unedited = await createEditedModel(model1, model2, { granularity: 'layer' })
    mixed.setMix('conv_pw_1', 0.5)
    // the unedited model takes conv_pw_1_relu from Model 1; the mixed one must not
    const { result, convolutions } = await infer([request(model1), request(unedited), request(mixed)])
    expect(convolutions).toBe(5)
    expect(result.models[1].activations!.data).toEqual(result.models[0].activations!.data)
    expectClose(result.models[2], (await infer([request(mixed)])).result.models[0])
    for (const m of [mixed, unedited, model1, model2]) m.dispose()
  })

  it('never take a separately loaded copy of a network for the same one', async () => {
    const a = new LayersPerturberModel(batchNormModel(1), tinyDescriptor())
    const b = new LayersPerturberModel(batchNormModel(1), tinyDescriptor())
    // the same values in their own tensors, as two loads of one file give
    tf.tidy(() => b.layersModel.setWeights(a.layersModel.getWeights().map((w) => w.add(0))))
    const { result, convolutions } = await infer([request(a), request(b)])
    expect(convolutions).toBe(8)
    expect(result.models[1].activations!.data).toEqual(result.models[0].activations!.data) // equal values, computed twice
    a.dispose()
    b.dispose()
  })

  it('recognise copies of weights (wasm clones copy the data), and stop when the copy is written', () => {
    const original = tf.tensor([1, 2, 3])
    const copy = original.add(0) // new data, as a copying clone makes
    const variable = tf.variable(copy)
    expect(sameData(variable, original)).toBe(false)
    markCopy(copy, original)
    expect(sameData(variable, original)).toBe(true) // the variable holds the copy's data
    variable.assign(tf.tensor([1, 2, 3]))
    expect(sameData(variable, original)).toBe(false)
    tf.dispose([original, copy, variable])
  })
})
