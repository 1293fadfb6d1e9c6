import type { SavedFiles } from '../load/testFixtures'

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

export interface Weights {
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

export function weights(): Weights {
  return { k1: seeded(3 * 3 * 3 * 4, 1), b1: seeded(4, 2, 0.1), k2: seeded(3 * 3 * 4 * 4, 3), b2: seeded(4, 4, 0.1), w: seeded(4 * 5, 5), b: seeded(5, 6, 0.1) }
}

/** The model as model.json text and its one weight file (see `SavedFiles`). */
export function graphModelSaved(wts: Weights = weights(), edit?: (json: { modelTopology: { node: { name: string; op: string }[] } }) => void): SavedFiles {
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
  const parts = manifestWeights.map((w) => new Uint8Array(w.data.buffer as ArrayBuffer))
  const data = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0))
  parts.reduce((at, p) => (data.set(p, at), at + p.byteLength), 0)
  return { json: JSON.stringify(json), shards: [{ name: 'weights.bin', data }] }
}

/** The model as the files a user selects. */
export function graphModelFiles(wts: Weights, edit?: Parameters<typeof graphModelSaved>[1]): File[] {
  const saved = graphModelSaved(wts, edit)
  return [new File([saved.shards[0].data], 'weights.bin'), new File([saved.json], 'model.json')]
}

