import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, test } from 'vitest'
import { ModelLoadError } from '../load/errors'
import { loadModel } from '../load/loadModel'
import { GraphPerturberModel, graphNodes, spatialCandidates } from './GraphPerturberModel'

/**
 * A graph model written by hand in the converter's model.json format (a GraphDef as JSON), so the
 * test needs no external files: conv → bias → relu → conv → bias → relu, a residual AddV2 of the
 * two relus, a 2×2 max pool, a global mean, a dense MatMul + bias, softmax, Identity output.
 */
const b64 = (s: string) => btoa(s)
const float = { type: 'DT_FLOAT' }
const ints = (...i: number[]) => ({ list: { i: i.map(String) } })
const dims = (shape: number[]) => ({ dim: shape.map((d) => ({ size: String(d) })) })
const constNode = (name: string, shape: number[], dtype = 'DT_FLOAT') => ({
  name,
  op: 'Const',
  attr: { value: { tensor: { dtype, tensorShape: dims(shape) } }, dtype: { type: dtype } },
})
const conv = (name: string, input: string, kernel: string) => ({
  name,
  op: 'Conv2D',
  input: [input, kernel],
  attr: { T: float, strides: ints(1, 1, 1, 1), dilations: ints(1, 1, 1, 1), padding: { s: b64('SAME') }, data_format: { s: b64('NHWC') }, use_cudnn_on_gpu: { b: true } },
})
const biasAdd = (name: string, input: string, bias: string) => ({ name, op: 'BiasAdd', input: [input, bias], attr: { T: float, data_format: { s: b64('NHWC') } } })
const unary = (name: string, op: string, input: string) => ({ name, op, input: [input], attr: { T: float } })

interface Weights {
  k1: Float32Array
  b1: Float32Array
  k2: Float32Array
  b2: Float32Array
  w: Float32Array
  b: Float32Array
}

function seeded(n: number, seed: number, scale = 0.5): Float32Array {
  let s = seed
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2147483648
    return (s / 2147483648 - 0.5) * 2 * scale
  })
}

function weights(): Weights {
  return { k1: seeded(3 * 3 * 3 * 4, 1), b1: seeded(4, 2, 0.1), k2: seeded(3 * 3 * 4 * 4, 3), b2: seeded(4, 4, 0.1), w: seeded(4 * 5, 5), b: seeded(5, 6, 0.1) }
}

function graphModelFiles(wts: Weights, edit?: (json: { modelTopology: { node: { name: string; op: string }[] } }) => void): File[] {
  const nodes = [
    { name: 'image', op: 'Placeholder', attr: { dtype: float, shape: { shape: dims([-1, 8, 8, 3]) } } },
    constNode('conv1/kernel', [3, 3, 3, 4]),
    constNode('conv1/bias', [4]),
    constNode('conv2/kernel', [3, 3, 4, 4]),
    constNode('conv2/bias', [4]),
    constNode('gap/axes', [2], 'DT_INT32'),
    constNode('dense/kernel', [4, 5]),
    constNode('dense/bias', [5]),
    conv('conv1/Conv2D', 'image', 'conv1/kernel'),
    biasAdd('conv1/BiasAdd', 'conv1/Conv2D', 'conv1/bias'),
    unary('conv1/Relu', 'Relu', 'conv1/BiasAdd'),
    conv('conv2/Conv2D', 'conv1/Relu', 'conv2/kernel'),
    biasAdd('conv2/BiasAdd', 'conv2/Conv2D', 'conv2/bias'),
    unary('conv2/Relu', 'Relu', 'conv2/BiasAdd'),
    { name: 'block/add', op: 'AddV2', input: ['conv1/Relu', 'conv2/Relu'], attr: { T: float } },
    {
      name: 'pool/MaxPool',
      op: 'MaxPool',
      input: ['block/add'],
      attr: { T: float, ksize: ints(1, 2, 2, 1), strides: ints(1, 2, 2, 1), padding: { s: b64('VALID') }, data_format: { s: b64('NHWC') } },
    },
    { name: 'gap/Mean', op: 'Mean', input: ['pool/MaxPool', 'gap/axes'], attr: { T: float, Tidx: { type: 'DT_INT32' }, keep_dims: { b: false } } },
    { name: 'dense/MatMul', op: 'MatMul', input: ['gap/Mean', 'dense/kernel'], attr: { T: float, transpose_a: { b: false }, transpose_b: { b: false } } },
    biasAdd('dense/BiasAdd', 'dense/MatMul', 'dense/bias'),
    unary('probs/Softmax', 'Softmax', 'dense/BiasAdd'),
    unary('Identity', 'Identity', 'probs/Softmax'),
  ]
  const manifestWeights = [
    { name: 'conv1/kernel', shape: [3, 3, 3, 4], dtype: 'float32', data: wts.k1 },
    { name: 'conv1/bias', shape: [4], dtype: 'float32', data: wts.b1 },
    { name: 'conv2/kernel', shape: [3, 3, 4, 4], dtype: 'float32', data: wts.k2 },
    { name: 'conv2/bias', shape: [4], dtype: 'float32', data: wts.b2 },
    { name: 'gap/axes', shape: [2], dtype: 'int32', data: new Int32Array([1, 2]) },
    { name: 'dense/kernel', shape: [4, 5], dtype: 'float32', data: wts.w },
    { name: 'dense/bias', shape: [5], dtype: 'float32', data: wts.b },
  ]
  const json = {
    format: 'graph-model',
    generatedBy: 'hand-written test fixture',
    convertedBy: null,
    modelTopology: { node: nodes, library: {}, versions: { producer: 1 } },
    weightsManifest: [{ paths: ['weights.bin'], weights: manifestWeights.map(({ data: _, ...spec }) => spec) }],
  }
  edit?.(json)
  const bin = new Blob(manifestWeights.map((w) => new Uint8Array(w.data.buffer as ArrayBuffer)))
  return [new File([bin], 'weights.bin'), new File([JSON.stringify(json)], 'model.json')]
}

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
