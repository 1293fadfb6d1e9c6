import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { createEditedModel } from '../editing/EditedModel'
import { loadModel } from '../load/loadModel'
import { asFiles, saveModel } from '../load/testFixtures'
import { branchingModel, tinyDescriptor } from '../testing/tinyModels'
import { inferBlocks } from './blocks'
import { LayersPerturberModel } from './LayersPerturberModel'

/**
 * Blocks (one mixing slider each) from the graph when layer names do not group (issue 12, item 7):
 * an Inception-style model whose names carry no digits gets one block per merge point, not one
 * per layer.
 */

beforeAll(async () => {
  await tf.setBackend('cpu')
})

/** stem → [stageA_one ‖ stageA_two] → stageA_join (concat) → stageA_pool → [stageB_left ‖ stageB_right] → stageB_sum (add) → stageB_relu → head */
function unnumberedInception(): tf.LayersModel {
  const conv = (name: string, filters: number, kernelSize: number, x: tf.SymbolicTensor) =>
    tf.layers.conv2d({ name, filters, kernelSize, padding: 'same', activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: name.length }) }).apply(x) as tf.SymbolicTensor
  const input = tf.input({ shape: [16, 16, 3], name: 'image' })
  const stem = conv('stem', 4, 3, input)
  const join = tf.layers.concatenate({ name: 'stageA_join' }).apply([conv('stageA_one', 3, 1, stem), conv('stageA_two', 3, 3, stem)]) as tf.SymbolicTensor
  const pool = tf.layers.maxPooling2d({ name: 'stageA_pool', poolSize: 2, strides: 2 }).apply(join) as tf.SymbolicTensor
  const sum = tf.layers.add({ name: 'stageB_sum' }).apply([conv('stageB_left', 6, 1, pool), conv('stageB_right', 6, 3, pool)]) as tf.SymbolicTensor
  const relu = tf.layers.reLU({ name: 'stageB_relu' }).apply(sum) as tf.SymbolicTensor
  const pooled = tf.layers.globalAveragePooling2d({ name: 'gap' }).apply(relu) as tf.SymbolicTensor
  const head = tf.layers.dense({ name: 'classifier', units: 4 }).apply(pooled) as tf.SymbolicTensor
  return tf.model({ inputs: input, outputs: head, name: 'unnumbered' })
}

describe('blocks from the graph when names do not group', () => {
  it('an Inception-style model named without digits: one block per merge point, stem and head on their own', async () => {
    const raw = unnumberedInception()
    const saved = await saveModel(raw)
    raw.dispose()
    const model = await loadModel(asFiles(saved))
    expect(model.blocks).toEqual([
      { name: 'stem', layers: ['stem'] },
      { name: 'stageA_join', layers: ['stageA_one', 'stageA_two', 'stageA_join', 'stageA_pool'] },
      { name: 'stageB_sum', layers: ['stageB_left', 'stageB_right', 'stageB_sum', 'stageB_relu'] },
    ])
    expect(model.layers.find((l) => l.name === 'stageA_two')!.block).toBe('stageA_join')
    // the edited model's sliders follow the same blocks; the head keeps its own
    const edited = await createEditedModel(model)
    expect(edited.mixUnits).toEqual([
      { name: 'stem', layers: ['stem'] },
      { name: 'stageA_join', layers: ['stageA_one', 'stageA_two'] },
      { name: 'stageB_sum', layers: ['stageB_left', 'stageB_right'] },
      { name: 'classifier', layers: ['classifier'] },
    ])
    edited.dispose()
    model.dispose()
  })

  it('names that group still decide (GoogLeNet-style mixed3a_…), explicit layerGroups win over both', () => {
    const model = new LayersPerturberModel(branchingModel(1), tinyDescriptor())
    expect(model.blocks).toEqual([
      { name: 'conv2d0', layers: ['conv2d0'] },
      { name: 'mixed3a', layers: ['mixed3a_1x1', 'mixed3a_3x3', 'mixed3a'] },
    ])
    model.dispose()
    const explicit = new LayersPerturberModel(unnumberedInception(), tinyDescriptor({ layerGroups: { early: ['stem', 'stageA_one'] } }, 4))
    expect(explicit.blocks.slice(0, 2)).toEqual([
      { name: 'early', layers: ['stem', 'stageA_one'] },
      { name: 'stageA_join', layers: ['stageA_two', 'stageA_join', 'stageA_pool'] },
    ])
    explicit.dispose()
  })

  it('a graph without merges falls back to names; nested merges belong to the outer block', () => {
    const chain = [
      { name: 'first', inputs: [], merge: false, spatial: true },
      { name: 'second', inputs: ['first'], merge: false, spatial: true },
    ]
    expect([...inferBlocks(chain)]).toEqual([['first', 'first'], ['second', 'second']])
    // in → a, b; b → b1, b2 → inner (concat); a, inner → outer (concat)
    const nested = [
      { name: 'in', inputs: [], merge: false, spatial: true },
      { name: 'a', inputs: ['in'], merge: false, spatial: true },
      { name: 'b', inputs: ['in'], merge: false, spatial: true },
      { name: 'bone', inputs: ['b'], merge: false, spatial: true },
      { name: 'btwo', inputs: ['b'], merge: false, spatial: true },
      { name: 'inner', inputs: ['bone', 'btwo'], merge: true, spatial: true },
      { name: 'outer', inputs: ['a', 'inner'], merge: true, spatial: true },
      { name: 'logits', inputs: ['outer'], merge: false, spatial: false },
    ]
    expect(Object.fromEntries(inferBlocks(nested))).toEqual({
      in: 'in', a: 'outer', b: 'outer', bone: 'outer', btwo: 'outer', inner: 'outer', outer: 'outer', logits: 'logits',
    })
  })
})
