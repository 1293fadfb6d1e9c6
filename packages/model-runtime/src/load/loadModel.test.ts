import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, test } from 'vitest'
import { branchingModel, residualModel } from '../testing/tinyModels'
import type { LoadProgress, PerturberModel } from '../types'
import { imagenetLabels } from '../descriptors/imagenet'
import { loadModel } from './loadModel'
import { asFiles, editJson, saveModel, serve } from './testFixtures'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

/** Largest |a − b| over two tensors of the same shape. */
function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape)
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0])
}

/** Activations of `names` computed by TF.js directly on the original model: the independent reference. */
function reference(original: tf.LayersModel, names: string[], x: tf.Tensor4D): tf.Tensor[] {
  return names.map((name) => tf.model({ inputs: original.inputs, outputs: original.getLayer(name).output }).predict(x) as tf.Tensor)
}

function compareWithOriginal(loaded: PerturberModel, original: tf.LayersModel, names: string[]) {
  const x = tf.randomUniform([2, 16, 16, 3], -1, 1, 'float32', 7) as tf.Tensor4D
  const expected = reference(original, names, x)
  const expectedOut = original.predict(x) as tf.Tensor2D
  const result = loaded.execute(x, { layers: names, predictions: true })
  names.forEach((name, i) => {
    expect(result.activations.get(name)!.shape).toEqual(expected[i].shape)
    expect(maxAbsDiff(result.activations.get(name)!, expected[i]), name).toBeLessThanOrEqual(1e-6)
  })
  expect(maxAbsDiff(result.output!, expectedOut)).toBeLessThanOrEqual(1e-6)
  // the activations are not trivially equal (all zero / all the same): they carry the input
  expect(tf.tidy(() => tf.moments(result.activations.get(names[names.length - 1])!).variance.dataSync()[0])).toBeGreaterThan(1e-6)
  tf.dispose([x, expectedOut, ...expected, ...result.activations.values(), result.output!])
}

describe('loadModel: models saved through the TF.js IO path and reloaded', () => {
  test('branching (concat) model from user-selected files, in any order', async () => {
    const original = branchingModel(3)
    const saved = await saveModel(original)
    expect(saved.shards.length).toBeGreaterThan(3) // several groups and shards, so order matters
    const before = tf.memory().numTensors
    const loaded = await loadModel(asFiles(saved), { descriptor: { name: 'branching' } })

    expect(loaded.format).toBe('layers')
    expect(loaded.layersModel).not.toBe(original)
    expect(loaded.layers.map((l) => [l.name, l.shape, l.channels, l.block])).toEqual([
      ['conv2d0', [8, 8, 6], 6, 'conv2d0'],
      ['mixed3a_1x1', [8, 8, 4], 4, 'mixed3a'],
      ['mixed3a_3x3', [8, 8, 5], 5, 'mixed3a'],
      ['mixed3a', [8, 8, 9], 9, 'mixed3a'],
    ])
    expect(loaded.blocks).toEqual([
      { name: 'conv2d0', layers: ['conv2d0'] },
      { name: 'mixed3a', layers: ['mixed3a_1x1', 'mixed3a_3x3', 'mixed3a'] },
    ])
    // inferred: size from the input shape, logits (no softmax), 5 numbered classes, [-1, 1]
    expect(loaded.descriptor).toMatchObject({
      name: 'branching',
      inputSize: [16, 16],
      channelOrder: 'RGB',
      preprocessing: { kind: 'range', min: -1, max: 1 },
      output: { kind: 'logits', backgroundClass: false },
      labels: { id: 'classes-5', names: ['class 0', 'class 1', 'class 2', 'class 3', 'class 4'] },
    })
    compareWithOriginal(loaded, original, ['conv2d0', 'mixed3a_1x1', 'mixed3a_3x3', 'mixed3a'])

    loaded.dispose()
    expect(tf.memory().numTensors).toBe(before)
    original.dispose()
  })

  test('residual (add) model from a URL: shards fetched next to model.json, progress by bytes', async () => {
    const original = residualModel(5)
    const saved = await saveModel(original, 300)
    const fetchFn = serve(saved, 'https://models.test/residual_net/', { chunk: 128 })
    const events: LoadProgress[] = []
    const before = tf.memory().numTensors
    const loaded = await loadModel('https://models.test/residual_net/model.json', { fetch: fetchFn, onProgress: (p) => events.push(p) })

    // descriptor.json and labels.json are looked for next to model.json; their 404s mean "infer the descriptor"
    expect([...fetchFn.requests].sort()).toEqual(
      ['model.json', 'descriptor.json', 'labels.json', ...saved.shards.map((s) => s.name)].map((n) => `https://models.test/residual_net/${n}`).sort(),
    )
    const fractions = events.map((e) => e.fraction)
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1])
    expect(fractions[fractions.length - 1]).toBe(1)
    expect(fractions.filter((f) => f === 1)).toHaveLength(1)
    expect(new Set(events.map((e) => e.stage))).toEqual(new Set(['fetch', 'parse', 'validate', 'build']))
    // byte-level download progress: many distinct fractions while the weights arrive
    const downloading = fractions.filter((f) => f > 0.1 && f < 0.85)
    expect(new Set(downloading).size).toBeGreaterThanOrEqual(saved.shards.length)

    expect(loaded.descriptor.name).toBe('residual_net')
    expect(loaded.descriptor.output).toEqual({ kind: 'probabilities', backgroundClass: false })
    expect(loaded.layers.map((l) => l.name)).toEqual(['block_0_conv', 'block_1_bn', 'block_1_conv', 'block_1_add', 'block_1_relu'])
    expect(loaded.blocks.map((b) => [b.name, b.layers.length])).toEqual([['block_0', 1], ['block_1', 4]])
    expect(loaded.layers.every((l) => l.shape.join() === '16,16,6')).toBe(true)
    compareWithOriginal(loaded, original, ['block_0_conv', 'block_1_bn', 'block_1_conv', 'block_1_add', 'block_1_relu'])

    // activations only: no head output
    const x = tf.zeros([1, 16, 16, 3]) as tf.Tensor4D
    const only = loaded.execute(x, { layers: ['block_1_bn'], predictions: false })
    expect(only.output).toBeUndefined()
    expect([...only.activations.keys()]).toEqual(['block_1_bn'])
    tf.dispose([x, ...only.activations.values()])

    loaded.dispose()
    expect(tf.memory().numTensors).toBe(before)
    original.dispose()
  })

  test('the same files load twice into independent models', async () => {
    const original = residualModel(2)
    const saved = await saveModel(original)
    const a = await loadModel(asFiles(saved))
    const b = await loadModel(asFiles(saved))
    expect(a.id).not.toBe(b.id)
    a.dispose()
    // b has its own variables: disposing a leaves it working
    compareWithOriginal(b, original, ['block_1_add'])
    b.dispose()
    original.dispose()
  })

  test('uint8-quantized weights: byte lengths and dequantized values, later weights still aligned', async () => {
    const original = branchingModel(4)
    const saved = await saveModel(original, 1 << 20)
    // quantize conv2d0/bias (6 values → 6 bytes) so every float32 after it sits at an odd offset
    const q = [0, 10, 50, 100, 200, 255]
    const scale = 0.01
    const min = -1
    const edited = editJson(saved, (json) => {
      const spec = json.weightsManifest[0].weights.find((w) => w.name === 'conv2d0/bias')!
      spec.quantization = { dtype: 'uint8', scale, min }
    })
    const group1 = saved.shards[0].data
    const specs = (JSON.parse(saved.json) as tf.io.ModelJSON).weightsManifest[0].weights
    const biasOffset = specs[0].name === 'conv2d0/kernel' ? 3 * 3 * 3 * 6 * 4 : -1
    expect(specs[1].name).toBe('conv2d0/bias')
    const bytes = new Uint8Array(group1.byteLength - 6 * 4 + 6)
    bytes.set(group1.subarray(0, biasOffset), 0)
    bytes.set(q, biasOffset)
    bytes.set(group1.subarray(biasOffset + 24), biasOffset + 6)
    edited.shards = [{ name: saved.shards[0].name, data: bytes }, ...saved.shards.slice(1)]

    const loaded = await loadModel(asFiles(edited))
    const [, bias] = loaded.layersModel!.getLayer('conv2d0').getWeights()
    expect(Array.from(bias.dataSync())).toEqual(q.map((v) => Math.fround(v * scale + min)))
    const after = loaded.layersModel!.getLayer('mixed3a_3x3').getWeights()[0]
    const expected = original.getLayer('mixed3a_3x3').getWeights()[0]
    expect(maxAbsDiff(after, expected)).toBe(0)
    loaded.dispose()
    original.dispose()
  })

  test('an in-memory layers model is wrapped as it is, descriptor inferred (ImageNet labels for 1000 outputs)', async () => {
    const original = branchingModel(1, 16, 1000)
    const loaded = await loadModel(original)
    expect(loaded.layersModel).toBe(original)
    expect(loaded.descriptor.labels).toBe(imagenetLabels)
    expect(loaded.descriptor.output).toEqual({ kind: 'logits', backgroundClass: false })
    expect(loaded.descriptor.name).toBe('branching')
    loaded.dispose()
    expect(() => original.layers[1].getWeights()).toThrow(/disposed/)
  })

  test('1001 outputs: background class and ImageNet labels inferred', async () => {
    const original = branchingModel(1, 16, 1001)
    const loaded = await loadModel(original, { descriptor: { preprocessing: { kind: 'range', min: 0, max: 1 } } })
    expect(loaded.descriptor.output).toEqual({ kind: 'logits', backgroundClass: true })
    expect(loaded.descriptor.labels).toBe(imagenetLabels)
    expect(loaded.descriptor.preprocessing).toEqual({ kind: 'range', min: 0, max: 1 })
    loaded.dispose()
  })
})
