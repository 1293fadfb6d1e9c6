import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import type { PerturberModel } from '../types'
import { ArchitectureMismatchError, compareArchitectures } from './architecture'
import { cloneArchitecture } from './cloneArchitecture'
import { createEditedModel } from './EditedModel'
import { buildConcatModel, buildResidualModel, testModel } from './testModels'
import { editingTestSetup } from './testSetup'

const own = editingTestSetup()

describe('compareArchitectures', () => {
  it('finds no difference between two instances of one architecture', () => {
    expect(compareArchitectures(own(buildConcatModel()), own(buildConcatModel()))).toEqual([])
  })

  it('lists weight shape mismatches with both shapes, and layers present in one model only', () => {
    const a = own(buildConcatModel())
    const b = own(buildConcatModel({ mixed2Filters: 5, renameSeparable: 'mixed3_separable' }))
    expect(compareArchitectures(a, b)).toEqual([
      { kind: 'weights', layer: 'mixed2_a', shapesA: [[1, 1, 4, 3], [3]], shapesB: [[1, 1, 4, 5], [5]] },
      { kind: 'missing', layer: 'mixed3_sep', presentIn: 'a' },
      { kind: 'missing', layer: 'mixed3_separable', presentIn: 'b' },
    ])
  })

  it('reports class mismatches between same-named layers; weightless layers do not count', () => {
    const withHead = (head: 'conv' | 'depthwise') => {
      const input = tf.input({ shape: [4, 4, 2] })
      const layer =
        head === 'conv'
          ? tf.layers.conv2d({ filters: 2, kernelSize: 1, name: 'head' })
          : tf.layers.depthwiseConv2d({ kernelSize: 1, name: 'head' })
      return own(tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor }))
    }
    // the two auto-named input layers ("input1", "input2") are no difference
    expect(compareArchitectures(withHead('conv'), withHead('depthwise'))).toEqual([
      { kind: 'class', layer: 'head', classA: 'Conv2D', classB: 'DepthwiseConv2D' },
    ])

    const differences = compareArchitectures(own(buildConcatModel()), own(buildResidualModel()))
    expect(new Set(differences.map((d) => d.layer))).toEqual(
      new Set(['mixed2_a', 'mixed2_b', 'mixed2_b_bn', 'mixed3_sep', 'block2_dw', 'block2_bn', 'block2_pw', 'logits']),
    )
    expect(differences.find((d) => d.layer === 'logits')).toEqual({
      kind: 'weights',
      layer: 'logits',
      shapesA: [[5, 6], [6]],
      shapesB: [[4, 5], [5]],
    })
  })
})

describe('mixing mismatched models', () => {
  it('throws ArchitectureMismatchError listing every differing layer', async () => {
    const model1 = own(testModel(() => buildConcatModel(), 1))
    const model2 = own(testModel(() => buildConcatModel({ mixed2Filters: 5 }), 2))
    const error = await createEditedModel(model1, model2).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ArchitectureMismatchError)
    const mismatch = error as ArchitectureMismatchError
    // mixed3_sep's kernels see mixed2's channels, so it differs too; the head does not
    expect(mismatch.layers).toEqual(['mixed2_a', 'mixed3_sep'])
    expect(mismatch.message).toMatch(/mixed2_a: weight shapes \[\[1,1,4,3\], \[3\]\] vs \[\[1,1,4,5\], \[5\]\]/)
  })

  it('rejects graph models and disposed models with a clear message', async () => {
    const model1 = own(testModel(buildResidualModel, 1))
    const graphLike = { ...model1, layersModel: undefined, descriptor: model1.descriptor, disposed: false } as PerturberModel
    await expect(createEditedModel(graphLike)).rejects.toThrow(/graph model; only layers models can be edited/)
    const gone = testModel(buildResidualModel, 2)
    gone.dispose()
    await expect(createEditedModel(model1, gone)).rejects.toThrow(/Model 2 .* has been disposed/)
  })
})

describe('cloneArchitecture', () => {
  it('rebuilds separable convs with their depth multiplier (TF.js getConfig drops it)', async () => {
    const source = own(buildConcatModel())
    const clone = own(await cloneArchitecture(source))
    expect(compareArchitectures(source, clone)).toEqual([])
    expect(clone.getLayer('mixed3_sep').weights.map((w) => w.shape)).toEqual([[3, 3, 11, 2], [1, 1, 22, 5], [5]])
    // its own variables
    const ids = new Set(source.weights.map((w) => w.read().id))
    expect(clone.weights.some((w) => ids.has(w.read().id))).toBe(false)
  })
})
