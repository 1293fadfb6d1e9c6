import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, test } from 'vitest'
import { ModelLoadError } from '../load/errors'
import { loadModel } from '../load/loadModel'
import { graphModelFiles, weights, type Weights } from '../testing/graphModel'
import { GraphPerturberModel, graphNodes, spatialCandidates } from './GraphPerturberModel'

/** The same network computed with plain TF.js ops: the independent reference. */
function reference(x: tf.Tensor4D, w: Weights) {
  return tf.tidy(() => {
    const r1 = tf.relu(tf.add<tf.Tensor4D>(tf.conv2d(x, tf.tensor4d(w.k1, [3, 3, 3, 4]), 1, 'same'), tf.tensor1d(w.b1)))
    const b2 = tf.add(tf.conv2d(r1, tf.tensor4d(w.k2, [3, 3, 4, 4]), 1, 'same'), tf.tensor1d(w.b2))
    const r2 = tf.relu(b2)
    const add = tf.add(r1, r2)
    const pool = tf.maxPool(add as tf.Tensor4D, 2, 2, 'valid')
    const probs = tf.softmax(tf.add(tf.matMul(tf.mean(pool, [1, 2]), tf.tensor2d(w.w, [4, 5])), tf.tensor1d(w.b)))
    return { 'conv1/Relu': r1, 'conv2/BiasAdd': b2, 'block/add': add, 'pool/MaxPool': pool, probs }
  })
}

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0])

beforeAll(async () => {
  await tf.setBackend('cpu')
})

describe('GraphPerturberModel on a hand-written graph model', () => {
  const wts = weights()

  test('graph nodes in topological order; conv nodes completed by a bias are not listed', async () => {
    const model = await loadModel(graphModelFiles(wts))
    const graph = (model as GraphPerturberModel).graphModel
    const order = graphNodes(graph).map((n) => n.name)
    const before = (a: string, b: string) => expect(order.indexOf(a)).toBeLessThan(order.indexOf(b))
    before('image', 'conv1/Conv2D')
    before('conv2/Relu', 'block/add')
    before('conv1/Relu', 'block/add')
    before('dense/BiasAdd', 'Identity')
    // dense/BiasAdd is a candidate by its op; the zero-input probe drops it (rank 2), see the next test
    expect(spatialCandidates(graphNodes(graph)).map((n) => n.name)).toEqual(
      ['conv1/BiasAdd', 'conv1/Relu', 'conv2/BiasAdd', 'conv2/Relu', 'block/add', 'pool/MaxPool', 'dense/BiasAdd'].sort(
        (a, b) => order.indexOf(a) - order.indexOf(b),
      ),
    )
    model.dispose()
  })

  test('loads from files: layers, shapes, blocks, descriptor (softmax behind Identity → probabilities)', async () => {
    const before = tf.memory().numTensors
    const model = await loadModel(graphModelFiles(wts), { descriptor: { name: 'handmade' } })
    expect(model).toBeInstanceOf(GraphPerturberModel)
    expect(model.format).toBe('graph')
    expect(model.layersModel).toBeUndefined()
    expect(model.layers.map((l) => [l.name, l.shape, l.block])).toEqual([
      ['conv1/BiasAdd', [8, 8, 4], 'conv1'],
      ['conv1/Relu', [8, 8, 4], 'conv1'],
      ['conv2/BiasAdd', [8, 8, 4], 'conv2'],
      ['conv2/Relu', [8, 8, 4], 'conv2'],
      ['block/add', [8, 8, 4], 'block'],
      ['pool/MaxPool', [4, 4, 4], 'pool'],
    ])
    expect(model.blocks.map((b) => b.name)).toEqual(['conv1', 'conv2', 'block', 'pool'])
    expect(model.descriptor).toMatchObject({
      name: 'handmade',
      inputSize: [8, 8],
      output: { kind: 'probabilities', backgroundClass: false },
      labels: { id: 'classes-5' },
    })
    model.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })

  test('execute(): activations and predictions equal plain TF.js ops; predictions off runs only the requested nodes', async () => {
    const model = await loadModel(graphModelFiles(wts))
    const before = tf.memory().numTensors
    const x = tf.randomUniform([2, 8, 8, 3], -1, 1, 'float32', 3) as tf.Tensor4D
    const expected = reference(x, wts)
    const names = ['conv1/Relu', 'conv2/BiasAdd', 'block/add', 'pool/MaxPool'] as const
    const result = model.execute(x, { layers: [...names], predictions: true })
    for (const name of names) {
      expect(result.activations.get(name)!.shape).toEqual(expected[name].shape)
      expect(maxAbsDiff(result.activations.get(name)!, expected[name]), name).toBeLessThanOrEqual(1e-6)
    }
    expect(maxAbsDiff(result.output!, expected.probs)).toBeLessThanOrEqual(1e-6)
    // the probabilities differ between the two images: the test input reaches the head
    const [first, second] = tf.split(result.output!, 2)
    expect(maxAbsDiff(first, second)).toBeGreaterThan(1e-4)
    tf.dispose([first, second])

    const labels = model.toLabelSpace(result.output!, 'probabilities')
    expect(maxAbsDiff(labels, expected.probs)).toBeLessThanOrEqual(1e-6)

    const shallow = model.execute(x, { layers: ['conv1/Relu'], predictions: false })
    expect(shallow.output).toBeUndefined()
    expect(maxAbsDiff(shallow.activations.get('conv1/Relu')!, expected['conv1/Relu'])).toBe(0)
    expect(() => model.execute(x, { layers: ['gap/Mean'], predictions: false })).toThrow(/no spatial layer "gap\/Mean"/)

    tf.dispose([x, labels, result.output!, ...result.activations.values(), ...shallow.activations.values(), ...Object.values(expected)])
    expect(tf.memory().numTensors).toBe(before)
    model.dispose()
  })

  test('gradients flow through execute() to the input', async () => {
    const model = await loadModel(graphModelFiles(wts))
    const x = tf.randomUniform([1, 8, 8, 3], -1, 1, 'float32', 5) as tf.Tensor4D
    const grad = tf.grad((input: tf.Tensor) => tf.sum(model.execute(input as tf.Tensor4D, { layers: ['block/add'], predictions: false }).activations.get('block/add')!))(x)
    const expectedGrad = tf.grad((input: tf.Tensor) => tf.sum(reference(input as tf.Tensor4D, wts)['block/add']))(x)
    expect(maxAbsDiff(grad, expectedGrad)).toBeLessThanOrEqual(1e-5)
    expect(tf.tidy(() => tf.max(tf.abs(grad)).dataSync()[0])).toBeGreaterThan(0)
    tf.dispose([x, grad, expectedGrad])
    model.dispose()
  })

  test('an in-memory GraphModel is wrapped; a graph with an unknown op is rejected without leaks', async () => {
    const loaded = (await loadModel(graphModelFiles(wts))) as GraphPerturberModel
    const wrapped = await loadModel(loaded.graphModel, { descriptor: { name: 'again' } })
    expect(wrapped.format).toBe('graph')
    expect(wrapped.layers.map((l) => l.name)).toEqual(loaded.layers.map((l) => l.name))
    wrapped.dispose() // disposes the shared GraphModel too

    const files = graphModelFiles(wts, (json) => (json.modelTopology.node.find((n) => n.name === 'conv1/Relu')!.op = 'FancyRelu'))
    const before = tf.memory().numTensors
    const error = await loadModel(files).catch((e) => e)
    expect(error).toBeInstanceOf(ModelLoadError)
    expect(error.code).toBe('unsupported')
    // TF.js maps ops lazily: the unknown op surfaces when the zero-input probe runs the graph
    expect(error.message).toMatch(/^TF\.js could not run the graph model on a 8×8 image: Unknown op 'FancyRelu'/)
    expect(tf.memory().numTensors).toBe(before)

    const dangling = graphModelFiles(wts, (json) => ((json.modelTopology.node.find((n) => n.name === 'conv2/Relu') as unknown as { input: string[] }).input = ['conv3/BiasAdd']))
    const error2 = await loadModel(dangling).catch((e) => e)
    expect(error2.code).toBe('not-a-model')
    expect(error2.message).toBe('model.json: graph node "conv2/Relu" reads "conv3/BiasAdd", which is not a node of the graph.')
  })
})
