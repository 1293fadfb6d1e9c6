import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, test } from 'vitest'
import { loadModel } from '../load/loadModel'
import { asFiles, saveModel } from '../load/testFixtures'
import { branchingModel } from '../testing/tinyModels'
import type { NeuronGroupSpec } from '../types'
import { neuronGroupId, neuronGroupsOf } from './neuronGroups'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

// branchingModel: conv2d0 (6 channels), mixed3a_1x1 (4), mixed3a_3x3 (5), mixed3a (9)
const groups: Record<string, NeuronGroupSpec[]> = {
  mixed3a: [
    { name: 'Cat channels', channels: [7, 2] },
    { id: 'edges', name: 'Edges (hand-picked)', channels: [0, 8, 1] },
  ],
}

describe('named neuron groups shipped in the descriptor', () => {
  test('load with the model (from files, as descriptor.json gives them) and resolve per layer with ids', async () => {
    const loaded = await loadModel(asFiles(await saveModel(branchingModel(2))), { descriptor: { name: 'tiny', neuronGroups: groups } })
    expect(neuronGroupsOf(loaded.descriptor, 'mixed3a')).toEqual([
      { id: 'cat-channels', name: 'Cat channels', channels: [7, 2] },
      { id: 'edges', name: 'Edges (hand-picked)', channels: [0, 8, 1] },
    ])
    expect(neuronGroupsOf(loaded.descriptor, 'conv2d0')).toEqual([])
    expect(neuronGroupsOf(loaded.descriptor, null)).toEqual([])
    loaded.dispose()
  })

  test.each([
    [{ mixed9z: [{ name: 'A', channels: [0] }] }, 'the model has no spatial layer "mixed9z" (it has conv2d0, mixed3a_1x1, mixed3a_3x3, mixed3a).'],
    [{ mixed3a: [{ name: 'A', channels: [3, 9] }] }, 'mixed3a[0] ("A") names channel 9, but mixed3a has channels 0…8.'],
    [{ mixed3a: [{ name: 'A', channels: [1.5] }] }, 'mixed3a[0] ("A") names channel 1.5, but mixed3a has channels 0…8.'],
    [{ mixed3a: [{ name: 'A', channels: [] }] }, 'mixed3a[0] ("A") lists no channels.'],
    [{ mixed3a: [{ name: ' ', channels: [1] }] }, 'mixed3a[0] has no name.'],
    [{ mixed3a: [{ name: 'Fur', channels: [1] }, { name: 'fur!', channels: [2] }] }, 'two groups of mixed3a have the id "fur" (give them distinct names or ids).'],
    [{ mixed3a: { name: 'A', channels: [1] } }, '"mixed3a" must be a list of groups.'],
  ])('a wrong group fails the load with the layer, group and channel at fault (%j)', async (bad, message) => {
    const model = branchingModel(2)
    const neuronGroups = bad as unknown as Record<string, NeuronGroupSpec[]>
    await expect(loadModel(model, { descriptor: { name: 'tiny', neuronGroups } })).rejects.toMatchObject({
      name: 'ModelLoadError',
      code: 'descriptor-mismatch',
      message: `neuronGroups of "tiny": ${message}`,
    })
    // a rejected in-memory model stays the caller's, intact
    const out = tf.tidy(() => (model.predict(tf.zeros([1, 16, 16, 3])) as tf.Tensor).shape)
    expect(out).toEqual([1, 5])
    model.dispose()
  })

  test('ids: given ones are kept, others are the name in kebab case (non-ASCII letters kept)', () => {
    expect(neuronGroupId({ id: 'x1', name: 'Whatever' })).toBe('x1')
    expect(neuronGroupId({ name: '  Fur & whiskers (mixed4a) ' })).toBe('fur-whiskers-mixed4a')
    expect(neuronGroupId({ name: 'Ohren–Detektoren für Katzen' })).toBe('ohren-detektoren-für-katzen')
    expect(neuronGroupId({ name: '!!!' })).toBe('group')
  })
})
