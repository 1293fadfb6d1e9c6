import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { createEditedModel } from './EditedModel'
import type { EditState } from './editState'
import { allWeights, buildConcatModel, testModel } from './testModels'
import { editingTestSetup } from './testSetup'

const own = editingTestSetup()

async function setup() {
  const model1 = own(testModel(() => buildConcatModel(), 1))
  const model2 = own(testModel(() => buildConcatModel(), 2))
  return { model1, model2, edited: own(await createEditedModel(model1, model2)) }
}

const expectSameWeights = (a: Map<string, Float32Array[]>, b: Map<string, Float32Array[]>) => {
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort())
  for (const [layer, weights] of a) weights.forEach((w, i) => expect(tf.util.arraysEqual(w, b.get(layer)![i]), layer).toBe(true))
}

describe('edit state', () => {
  it('is plain JSON with defaults left out, and round-trips through a string into another edited model', async () => {
    const { model1, model2, edited } = await setup()
    expect(edited.editState()).toEqual({ granularity: 'block', mix: {}, prune: {} })
    edited.setMix('mixed2', 0.25)
    edited.setMix('logits', 1)
    edited.setMix('conv1', 0.5)
    edited.setMix('conv1', 0) // back to the default: left out
    edited.setPruneRange('mixed3_sep', [0.2, 0.9])
    edited.setPruneRange('conv1', [0.5, 1])
    const state = edited.editState()
    expect(state).toEqual({
      granularity: 'block',
      mix: { mixed2: 0.25, logits: 1 },
      prune: { mixed3_sep: [0.2, 0.9], conv1: [0.5, 1] },
    })

    const other = own(await createEditedModel(model1, model2))
    other.applyEditState(JSON.parse(JSON.stringify(state)) as EditState)
    expectSameWeights(allWeights(other.layersModel), allWeights(edited.layersModel))
    expect(other.editState()).toEqual(state)
    expect(other.keptChannels('conv1')).toEqual(edited.keptChannels('conv1'))
  })

  it('applyEditState returns everything it leaves out to the defaults, recomputing only what changes', async () => {
    const { model2, edited } = await setup()
    edited.applyEditState({ granularity: 'block', mix: { mixed2: 1, conv1: 1 }, prune: { logits: [0, 0.5] } })
    const before = allWeights(edited.layersModel)
    const version = edited.version
    edited.applyEditState({ granularity: 'block', mix: { mixed2: 1 }, prune: {} })
    expect(edited.version).toBe(version + 1) // one update for the whole state
    const after = allWeights(edited.layersModel)
    expectSameWeights(new Map([...after].filter(([l]) => l.startsWith('mixed2'))), new Map([...before].filter(([l]) => l.startsWith('mixed2'))))
    expectSameWeights(new Map([...after].filter(([l]) => l.startsWith('mixed2'))), new Map([...allWeights(model2.layersModel)].filter(([l]) => l.startsWith('mixed2'))))
    expect(edited.alpha('conv1')).toBe(0)
    expect(edited.pruneRange('logits')).toEqual([0, 1])
  })

  it('rejects an invalid state with every problem listed, changing nothing', async () => {
    const { edited } = await setup()
    edited.setMix('mixed2', 0.5)
    const before = allWeights(edited.layersModel)
    const state = edited.editState()
    const bad = {
      granularity: 'layer',
      mix: { nope: 0.5, mixed2: 2 },
      prune: { conv1_bn: [0, 0.5], conv1: [0.8, 0.2] },
    } as unknown as EditState
    expect(() => edited.applyEditState(bad)).toThrow(
      /granularity is "layer"[\s\S]*no mixing block "nope"[\s\S]*mix "mixed2": α must be[\s\S]*no prunable layer "conv1_bn"[\s\S]*prune "conv1"/,
    )
    expectSameWeights(allWeights(edited.layersModel), before)
    expect(edited.editState()).toEqual(state)
  })

  it('reset() restores Model 1 bit for bit', async () => {
    const { model1, edited } = await setup()
    edited.setMixAll(0.8)
    edited.setPruneRange('mixed2_b', [0.1, 0.6])
    edited.reset()
    expectSameWeights(allWeights(edited.layersModel), allWeights(model1.layersModel))
    expect(edited.editState()).toEqual({ granularity: 'block', mix: {}, prune: {} })
  })
})
