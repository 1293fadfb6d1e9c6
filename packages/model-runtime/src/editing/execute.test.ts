import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { createEditedModel } from './EditedModel'
import { allWeights, buildConcatModel, buildResidualModel, testInput, testModel } from './testModels'
import { editingTestSetup } from './testSetup'

const own = editingTestSetup()

/**
 * An independent reference for conv2d, depthwise and dense kernels: in all three layouts output
 * channel o owns the flat entries j ≡ o (mod O), so m_o is their mean |W|, ranked in plain JS.
 */
function referenceMask(kernel: ArrayLike<number>, outputs: number, [lower, upper]: readonly [number, number]): boolean[] {
  const sums = new Array<number>(outputs).fill(0)
  for (let j = 0; j < kernel.length; j++) sums[j % outputs] += Math.abs(kernel[j])
  const ranked = sums.map((sum, o) => ({ m: sum / (kernel.length / outputs), o })).sort((a, b) => a.m - b.m || a.o - b.o)
  const mask = new Array<boolean>(outputs).fill(false)
  ranked.forEach(({ o }, n) => (mask[o] = lower * outputs <= n && n < upper * outputs))
  return mask
}

const cases = [
  {
    name: 'concat',
    build: () => buildConcatModel(),
    alphas: { conv1: 0.3, mixed2: 0.5, mixed3: 1, logits: 0.7 } as Record<string, number>,
    // r·O integral here, so float rounding of the bounds cannot matter
    prune: { conv1: [0.25, 1], mixed2_b: [0, 0.75], logits: [0.5, 1] } as Record<string, [number, number]>,
    layers: ['conv1', 'conv1_relu', 'mixed2_a', 'mixed2_b', 'mixed2', 'mixed3_sep'],
  },
  {
    name: 'residual',
    build: buildResidualModel,
    alphas: { conv1: 0.6, block2: 0.2, logits: 1 } as Record<string, number>,
    prune: { block2_pw: [0.5, 1], block2_dw: [0.25, 0.75] } as Record<string, [number, number]>,
    layers: ['conv1', 'block2_dw', 'block2_pw', 'block2_add'],
  },
]

describe.each(cases)('the edited model behaves like any model ($name)', ({ build, alphas, prune, layers }) => {
  it('execute() activations and logits match a plain TF.js model holding the mixed, pruned weights', async () => {
    const model1 = own(testModel(build, 1))
    const model2 = own(testModel(build, 2))
    const edited = own(await createEditedModel(model1, model2))
    for (const [block, alpha] of Object.entries(alphas)) edited.setMix(block, alpha)
    for (const [layer, range] of Object.entries(prune)) edited.setPruneRange(layer, range)

    // the same weights, computed in JS from the sources, in an independently built model
    const [w1, w2] = [allWeights(model1.layersModel), allWeights(model2.layersModel)]
    const reference = own(build())
    for (const layer of reference.layers) {
      const block = edited.mixableLayers.find((l) => l.name === layer.name)?.block
      const alpha = block ? (alphas[block] ?? 0) : 0
      const mixed = (w1.get(layer.name) ?? []).map((a, i) => a.map((v, j) => (1 - alpha) * v + alpha * w2.get(layer.name)![i][j]))
      const range = prune[layer.name]
      if (range) {
        const outputs = mixed.at(-1)!.length // the bias
        const mask = referenceMask(mixed[0], outputs, range)
        expect(edited.keptChannels(layer.name), layer.name).toEqual(mask)
        mixed.forEach((w) => w.forEach((v, j) => (w[j] = mask[j % outputs] ? v : 0)))
      }
      const values = mixed.map((w, i) => tf.tensor(w, layer.weights[i].shape as number[]))
      layer.setWeights(values)
      tf.dispose(values)
    }

    const input = own(testInput())
    const outputs = reference.layers.filter((l) => layers.includes(l.name))
    const head = tf.model({ inputs: reference.inputs, outputs: [...outputs.map((l) => l.output as tf.SymbolicTensor), ...reference.outputs] })
    const expected = tf.tidy(() => (head.predict(input) as tf.Tensor[]).map((t) => t.dataSync()))
    const names = outputs.map((l) => l.name)
    const actual = tf.tidy(() => {
      const result = edited.execute(input, { layers: names, predictions: true })
      return [...names.map((n) => result.activations.get(n)!.dataSync()), result.output!.dataSync()]
    })
    actual.forEach((values, i) => {
      const scale = Math.max(...Array.from(expected[i], Math.abs))
      const error = Math.max(...Array.from(values, (v, j) => Math.abs(v - expected[i][j])))
      expect(error / scale, names[i] ?? 'logits').toBeLessThan(1e-5)
    })
    // and the edit is visible: the logits are neither Model 1's nor Model 2's
    const logits1 = tf.tidy(() => model1.execute(input, { layers: [], predictions: true }).output!.dataSync())
    expect(Math.max(...Array.from(actual.at(-1)!, (v, j) => Math.abs(v - logits1[j])))).toBeGreaterThan(1e-3)
  })
})
