import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { imagenetLabels } from '../descriptors/imagenet'
import { branchingModel } from '../testing/tinyModels'
import { ModelLoadError, type ModelLoadErrorCode } from './errors'
import { loadModel, type LoadModelOptions, type ModelSourceInput } from './loadModel'
import type { FetchLike } from './sources'
import { asFiles, editJson, loadHarness, quantizeWeights, saveModel, serve, within, type LoadHarness, type SavedFiles } from './testFixtures'

/**
 * Hostile and broken model files (issue 12): each fails with a typed error in the user's terms —
 * never an engine message, a hang or a model that loads and answers nonsense — leaving nothing
 * behind and the model loaded before untouched.
 */

let saved: SavedFiles
let harness: LoadHarness
const BASE = 'https://models.test/net/'
const probe = () => tf.randomUniform([1, 16, 16, 3], -1, 1, 'float32', 11) as tf.Tensor4D

beforeAll(async () => {
  harness = await loadHarness(9)
  saved = harness.saved
})
afterAll(() => harness.dispose())

const rejection = (source: ModelSourceInput, code: ModelLoadErrorCode, options?: LoadModelOptions) => harness.rejection(source, code, options)

/** The message of the refusal of the reference model with its layer configs edited. */
const refusalOf = async (edit: (layers: ReturnType<typeof topologyLayers>) => void, code: ModelLoadErrorCode = 'unsupported') =>
  (await rejection(asFiles(editJson(saved, (json) => edit(topologyLayers(json)))), code)).message

const topologyLayers = (json: tf.io.ModelJSON) => (json.modelTopology as { config: { layers: { name: string; class_name: string; config: Record<string, unknown>; inbound_nodes: unknown[] }[] } }).config.layers

describe('1. quantized weights that dequantize beyond float32', () => {
  const quantized = (dtype: 'uint8' | 'uint16', scale: number, min: number) =>
    editJson(
      quantizeWeights(saved, (name) => (name === 'conv2d0/bias' ? dtype : undefined)),
      (json) => Object.assign(json.weightsManifest[0].weights.find((w) => w.name === 'conv2d0/bias')!.quantization!, { scale, min }),
    )

  test('a scale finite as a double but not as a float32 (1e39) is refused, naming the weight and the numbers', async () => {
    const e = await rejection(asFiles(quantized('uint8', 1e39, -0.5)), 'non-finite-weights')
    expect(e.message).toBe('Weight "conv2d0/bias" is quantized to uint8 with scale 1e+39 and min -0.5: dequantized to float32 its values reach ±Infinity (float32 ends at ±3.4e38).')
    expect(e.file).toBe('model.json')
  })

  test('uint16: min + 65535·scale overflows float32 although min + 255·scale would not', async () => {
    const e = await rejection(asFiles(quantized('uint16', 1e34, 0)), 'non-finite-weights')
    expect(e.message).toBe('Weight "conv2d0/bias" is quantized to uint16 with scale 1e+34 and min 0: dequantized to float32 its values reach ±Infinity (float32 ends at ±3.4e38).')
  })

  test('a min beyond float32 (1e39) with scale 0', async () => {
    const e = await rejection(asFiles(quantized('uint8', 0, 1e39)), 'non-finite-weights')
    expect(e.message).toBe('Weight "conv2d0/bias" is quantized to uint8 with scale 0 and min 1e+39: dequantized to float32 its values reach ±Infinity (float32 ends at ±3.4e38).')
  })

  test('float16 weights holding ±Infinity are found in the bytes', async () => {
    const half = quantizeWeights(saved, (name) => (name === 'logits/bias' ? 'float16' : undefined))
    const json = JSON.parse(half.json) as tf.io.ModelJSON
    const group = json.weightsManifest[1]
    // logits/bias is the group's last weight: its last two bytes are the file's last two
    const last = half.shards.filter((s) => group.paths.includes(s.name)).pop()!
    const data = last.data.slice()
    new DataView(data.buffer).setUint16(data.byteLength - 2, 0xfc00, true) // −Infinity
    const e = await rejection(asFiles({ ...half, shards: half.shards.map((s) => (s === last ? { name: s.name, data } : s)) }), 'non-finite-weights')
    expect(e.message).toBe(`Weight "logits/bias" (in ${last.name}) holds 1 ±Infinity among its 5 values.`)
  })

  test('valid quantizations of every kind still load, dequantized as TF.js does', async () => {
    const mixed = quantizeWeights(saved, (_, i) => (['uint8', 'uint16', 'float16', undefined] as const)[i % 4])
    const model = await loadModel(asFiles(mixed))
    const output = tf.tidy(() => model.execute(probe(), { layers: [], predictions: true }).output!.dataSync() as Float32Array)
    // quantization changes the numbers a little, not the model
    const reference = harness.predict()
    Array.from(output).forEach((v, i) => expect(v).toBeCloseTo(reference[i], 1))
    model.dispose()
  })
})

describe('2. absurd input sizes', () => {
  const imageModel = (shape: (number | null)[]) => {
    const input = tf.input({ batchShape: shape })
    const conv = tf.layers.conv2d({ filters: 2, kernelSize: 3, name: 'conv' }).apply(input) as tf.SymbolicTensor
    const pooled = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(conv) as tf.SymbolicTensor
    return tf.model({ inputs: input, outputs: tf.layers.dense({ units: 3, name: 'head' }).apply(pooled) as tf.SymbolicTensor })
  }

  test('a model declaring a 10000×10000 input is refused at load, naming the size and the limit', async () => {
    const huge = imageModel([null, 10000, 10000, 3])
    const files = await saveModel(huge)
    huge.dispose()
    const e = await rejection(asFiles(files), 'too-large')
    expect(e.message).toBe('The model takes 10000×10000-pixel images; the runtime accepts at most 1024×1024 (MAX_INPUT_SIDE): an input this large would exhaust the backend on its first frame.')
  })

  test('a free-size model asked for 4096×4096 by its descriptor is refused too; 1024 is accepted', async () => {
    const free = imageModel([null, null, null, 3])
    const files = await saveModel(free)
    free.dispose()
    const e = await rejection(asFiles(files), 'too-large', { descriptor: { inputSize: [4096, 4096] } })
    expect(e.message).toBe('descriptor.inputSize asks for 4096×4096-pixel images; the runtime accepts at most 1024×1024 (MAX_INPUT_SIDE): an input this large would exhaust the backend on its first frame.')
    const ok = await loadModel(asFiles(files), { descriptor: { inputSize: [1024, 1024] } })
    expect(ok.descriptor.inputSize).toEqual([1024, 1024])
    ok.dispose()
  })
})

describe('3. structures that crash, hang or mislead TF.js are refused before it sees them', () => {
  test('a deeply nested model.json: a depth error naming the file and where, not a stack overflow', async () => {
    // spliced in as text: JSON.stringify itself overflows on such a value
    const marked = editJson(saved, (json) => {
      topologyLayers(json)[1].config.kernel_size = 'DEEP'
    })
    const nested = { ...marked, json: marked.json.replace('"DEEP"', '['.repeat(20000) + ']'.repeat(20000)) }
    const e = await rejection(asFiles(nested), 'not-a-model')
    expect(e.message).toBe(
      'model.json nests values more than 64 levels deep (at modelTopology.config.layers[1].config.kernel_size[0][0][0][0][0][0]…); a TF.js model is at most a few dozen levels deep, so the file is damaged or not a model.',
    )
    expect(e.file).toBe('model.json')
  })

  test.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('a layer class named %s is an unknown layer class', async (name) => {
    expect(await refusalOf((layers) => (layers[2].class_name = name))).toBe(`TF.js cannot build the layers model in model.json: unknown layer class "${name}" (layer "mixed3a_1x1").`)
  })

  test('an activation or a layer named after a prototype key', async () => {
    expect(await refusalOf((layers) => (layers[1].config.activation = 'constructor'))).toBe(
      'TF.js cannot build the layers model in model.json: unknown activation "constructor" at modelTopology.config.layers[1].config.activation.',
    )
    // TF.js camel-cases it to toString
    expect(await refusalOf((layers) => (layers[1].config.padding = 'to_string'))).toBe(
      'TF.js cannot build the layers model in model.json: modelTopology.config.layers[1].config.padding is "to_string", a name JavaScript reserves for every object; TF.js cannot use it as a name.',
    )
  })

  test('a layer reading a layer that does not exist, or a cycle: refused instead of TF.js looping forever', async () => {
    const missing = editJson(saved, (json) => {
      const logits = topologyLayers(json).find((l) => l.name === 'logits')!
      logits.inbound_nodes = [[['nowhere', 0, 0, {}]]]
    })
    const e = await rejection(asFiles(missing), 'unsupported')
    expect(e.message).toBe('TF.js cannot build the layers model in model.json: layer "logits" takes input from "nowhere" (node 0), which is not a layer of the model.')
    const cycle = editJson(saved, (json) => {
      const conv = topologyLayers(json).find((l) => l.name === 'conv2d0')!
      conv.inbound_nodes = [[['mixed3a', 0, 0, {}]]]
    })
    const e2 = await rejection(asFiles(cycle), 'unsupported')
    expect(e2.message).toBe(
      'TF.js cannot build the layers model in model.json: layer "conv2d0" takes input from "mixed3a" (node 0), which is never computed (a cycle, or a layer without inputs).',
    )
  })

  test('what TF.js never reads is not held against the model: a Keras model_config next to its training_config', async () => {
    const keras = editJson(saved, (json) => {
      json.modelTopology = { model_config: json.modelTopology, training_config: { optimizer_config: { class_name: 'Custom>Adam', config: {} } }, keras_version: '2.13.1' } as unknown as typeof json.modelTopology
    })
    const model = await loadModel(asFiles(keras))
    expect(model.layers.map((l) => l.name)).toEqual(['conv2d0', 'mixed3a_1x1', 'mixed3a_3x3', 'mixed3a'])
    model.dispose()
    const hostile = editJson(keras, (json) => {
      ;(json.modelTopology as unknown as { model_config: { config: { layers: { class_name: string }[] } } }).model_config.config.layers[1].class_name = 'toString'
    })
    const e = await rejection(asFiles(hostile), 'unsupported')
    expect(e.message).toBe('TF.js cannot build the layers model in model.json: unknown layer class "toString" (layer "conv2d0").')
  })

  test("TF.js' own complaints are kept, without its advice to JavaScript developers; manifest values are shown briefly", async () => {
    expect(await refusalOf((layers) => (layers[1].config.kernel_regularizer = 'null'))).toBe('TF.js cannot build the layers model in model.json: Unknown regularizer: null.')
    const shape = editJson(saved, (json) => {
      json.weightsManifest[0].weights[1].shape = [6.5]
    })
    const e2 = await rejection(asFiles(shape), 'not-a-model')
    expect(e2.message).toBe('model.json: weightsManifest weight "conv2d0/bias" has an invalid shape [6.5] (a list of whole numbers ≥ 0).')
    const quantization = editJson(saved, (json) => {
      json.weightsManifest[0].weights[1].quantization = { dtype: 'int4' } as never
    })
    const e3 = await rejection(asFiles(quantization), 'not-a-model')
    expect(e3.message).toBe('model.json: weightsManifest weight "conv2d0/bias" is quantized to "int4", which TF.js does not know (uint8, uint16 and float16 are).')
  })

  test('a layer config asking for billions of weights fails before anything is allocated', async () => {
    expect(await refusalOf((layers) => (layers[1].config.filters = 2 ** 30))).toBe("TF.js cannot build the layers model in model.json: its layers need more weight values than the 521 its weightsManifest declares (a size in a layer's config is wrong).")
  })
})

describe('4. model URLs that are not http(s) or relative are refused before fetching', () => {
  const noFetch: FetchLike & { calls: number } = Object.assign(async () => {
    noFetch.calls++
    throw new TypeError('Failed to fetch')
  }, { calls: 0 })

  test.each([
    ['javascript:alert(1)', 'javascript:'],
    ['data:application/json,{"modelTopology":{}}', 'data:'],
    ['file:///home/me/model.json', 'file:'],
    ['  JaVa\tScRiPt:alert(1)', 'javascript:'],
  ])('%s', async (url, scheme) => {
    const e = await rejection(url, 'invalid-url', { fetch: noFetch })
    expect(e.message).toBe(
      `Cannot load a model from ${JSON.stringify(url)}: it is a ${scheme} URL, and only http: and https: URLs (or paths relative to this page) are accepted. To load a model from your computer, select its files instead.`,
    )
    expect(noFetch.calls).toBe(0)
  })

  test('a descriptorUrl too; http(s) and relative URLs are fetched', async () => {
    const e = await rejection(asFiles(saved), 'invalid-url', { descriptorUrl: 'javascript:alert(1)', fetch: noFetch })
    expect(e.message).toBe('Cannot load a descriptor from "javascript:alert(1)": it is a javascript: URL, and only http: and https: URLs (or paths relative to this page) are accepted.')
    expect(noFetch.calls).toBe(0)
    await rejection('models/net/model.json', 'fetch-failed', { fetch: noFetch })
    expect(noFetch.calls).toBe(1)
  })
})

describe('5. downloads that stall, and aborts mid-download', () => {
  /** `serve`, except that `file`'s body sends `sent` bytes and then nothing, never closing; its cancel is recorded. */
  function stallingOn(file: string, sent: number) {
    const files = serve(saved, BASE)
    const state = { cancelled: false }
    const fetchFn: FetchLike = async (url, init) => {
      if (!url.endsWith(file)) return files(url, init)
      if (sent < 0) return new Promise<Response>(() => undefined) // not even headers
      const data = (url.endsWith('model.json') ? new TextEncoder().encode(saved.json) : saved.shards.find((s) => url.endsWith(s.name))!.data).slice(0, sent)
      const body = new ReadableStream<Uint8Array>({
        start: (controller) => controller.enqueue(data),
        cancel: () => void (state.cancelled = true),
      })
      return new Response(body, { status: 200 })
    }
    return { fetchFn, state }
  }

  test('a server that never answers: stalled after stallTimeoutMs, naming the file and the seconds', async () => {
    const { fetchFn } = stallingOn('model.json', -1)
    const e = await rejection(`${BASE}model.json`, 'stalled', { fetch: fetchFn, stallTimeoutMs: 200 })
    expect(e.message).toBe(`Downloading model.json stalled: nothing arrived from ${BASE}model.json for 0.2 s (options.stallTimeoutMs), so the load was stopped. The server may be overloaded or the connection lost; try again.`)
    expect(e.file).toBe('model.json')
  })

  test('a weight file that stops arriving halfway: stalled, its stream cancelled', async () => {
    const { fetchFn, state } = stallingOn('group2-shard1of3.bin', 100)
    const e = await rejection(`${BASE}model.json`, 'stalled', { fetch: fetchFn, stallTimeoutMs: 200 })
    expect(e.message).toBe(
      `Downloading group2-shard1of3.bin stalled: nothing arrived from ${BASE}group2-shard1of3.bin for 0.2 s (options.stallTimeoutMs), so the load was stopped. The server may be overloaded or the connection lost; try again.`,
    )
    expect(state.cancelled).toBe(true)
  })

  test('a labels.json next to the model that never arrives does not keep the load waiting forever', async () => {
    const { fetchFn } = stallingOn('labels.json', -1)
    const e = await rejection(`${BASE}model.json`, 'stalled', { fetch: fetchFn, stallTimeoutMs: 200 })
    expect(e.file).toBe('labels.json')
  })

  test('an abort while a weight file streams: a clear aborted error at once, the stream cancelled, nothing left', async () => {
    const { fetchFn, state } = stallingOn('group1-shard2of2.bin', 64)
    const controller = new AbortController()
    const started = performance.now()
    const load = loadModel(`${BASE}model.json`, {
      fetch: async (url, init) => {
        const response = await fetchFn(url, init)
        if (url.endsWith('group1-shard2of2.bin')) setTimeout(() => controller.abort(), 50)
        return response
      },
      signal: controller.signal,
    })
    const before = tf.memory().numTensors
    const outcome = await within(load.then(() => 'loaded', (e: unknown) => e))
    expect(outcome).toBeInstanceOf(ModelLoadError)
    expect((outcome as ModelLoadError).code).toBe('aborted')
    expect((outcome as ModelLoadError).message).toBe(`Loading ${BASE}model.json was aborted.`)
    expect(performance.now() - started).toBeLessThan(3000) // not the 30 s stall timeout
    expect(state.cancelled).toBe(true)
    expect(tf.memory().numTensors).toBe(before)
  })

  test('a slow but steady download is not a stall', async () => {
    const model = await loadModel(`${BASE}model.json`, { fetch: serve(saved, BASE, { chunk: 64 }), stallTimeoutMs: 1000 })
    model.dispose()
  })
})

describe('8. labels.json next to model.json, and a name for models picked as files', () => {
  const NAMES = ['dog', 'cat', 'fish', 'bird', 'frog']
  const file = (name: string, value: unknown) => ({ name, data: new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value)) })
  const withExtra = (...extra: { name: string; data: Uint8Array<ArrayBuffer> }[]) => ({ ...saved, extra })

  test('a list of names next to a URL-loaded model.json becomes its labels', async () => {
    const model = await loadModel(`${BASE}model.json`, { fetch: serve(withExtra(file('labels.json', NAMES)), BASE) })
    expect(model.descriptor.labels).toEqual({ id: 'labels-5', names: NAMES })
    model.dispose()
  })

  test('{ "names": [...] } among the selected files; the descriptor wins when both give labels', async () => {
    const model = await loadModel(asFiles(withExtra(file('labels.json', { id: 'pets', names: NAMES }))))
    expect(model.descriptor.labels).toEqual({ id: 'pets', names: NAMES })
    model.dispose()
    const descriptor = { labels: { id: 'zoo', names: ['a', 'b', 'c', 'd', 'e'] } }
    const both = await loadModel(asFiles(withExtra(file('labels.json', NAMES), file('descriptor.json', descriptor))))
    expect(both.descriptor.labels).toEqual(descriptor.labels)
    both.dispose()
    const overUrl = await loadModel(`${BASE}model.json`, { fetch: serve(withExtra(file('labels.json', NAMES), file('descriptor.json', descriptor)), BASE) })
    expect(overUrl.descriptor.labels).toEqual(descriptor.labels)
    overUrl.dispose()
  })

  test('checked like a descriptor: wrong counts and types are errors naming labels.json', async () => {
    const e = await rejection(`${BASE}model.json`, 'descriptor-mismatch', { fetch: serve(withExtra(file('labels.json', ['a', 'b', 'c'])), BASE) })
    expect(e.message).toBe(`${BASE}labels.json, labels.names: The label set "labels-3" has 3 names but the model has 5 outputs.`)
    expect(e.file).toBe(`${BASE}labels.json`)
    const e2 = await rejection(asFiles(withExtra(file('labels.json', { names: ['a', 7] }))), 'invalid-descriptor')
    expect(e2.message).toBe('labels.json: names[1] must be a string, got 7.')
    const e3 = await rejection(asFiles(withExtra(file('labels.json', '{"names": ['))), 'invalid-descriptor')
    expect(e3.message).toMatch(/^labels\.json is not valid JSON \(/)
    const e4 = await rejection(asFiles(withExtra(file('labels.json', { classes: NAMES }))), 'invalid-descriptor')
    expect(e4.message).toBe('labels.json: the file must be a list of class names or an object with a "names" list, got an object.')
  })

  test('as converters ship it: one name per output, a leading "background", ImageNet recognised; ignored when outputs are reordered', async () => {
    const six = branchingModel(2, 16, 6)
    const sixFiles = await saveModel(six)
    six.dispose()
    const withBackground = await loadModel(asFiles({ ...sixFiles, extra: [file('labels.json', ['background', ...NAMES])] }))
    expect(withBackground.descriptor.output.backgroundClass).toBe(true)
    expect(withBackground.descriptor.labels).toEqual({ id: 'labels-5', names: NAMES })
    withBackground.dispose()

    const imagenet = branchingModel(3, 16, 1000)
    const imagenetFiles = await saveModel(imagenet, 1 << 20)
    imagenet.dispose()
    // TF's own list writes "jellyfish" where tfjs-models write "jelly fish"
    const tfNames = imagenetLabels.names.map((n) => (n === 'jelly fish' ? 'jellyfish' : n))
    const recognised = await loadModel(asFiles({ ...imagenetFiles, extra: [file('labels.json', tfNames)] }))
    expect(recognised.descriptor.labels).toBe(imagenetLabels)
    recognised.dispose()

    // names in output order, outputs reordered by the caller: which order the file is in is unknown
    const reordered = await loadModel(asFiles(withExtra(file('labels.json', NAMES))), { descriptor: { output: { classOrder: [4, 3, 2, 1, 0] } } })
    expect(reordered.descriptor.labels.names).toEqual(['class 0', 'class 1', 'class 2', 'class 3', 'class 4'])
    reordered.dispose()
  })

  test('a model picked as files is named after its folder, its model.json, or its weight files', async () => {
    const renamed = {
      json: JSON.stringify({
        ...JSON.parse(saved.json),
        weightsManifest: (JSON.parse(saved.json) as tf.io.ModelJSON).weightsManifest.map((g) => ({ ...g, paths: g.paths.map((p) => `mobilenet_v2-${p}`) })),
      }),
      shards: saved.shards.map((s) => ({ name: `mobilenet_v2-${s.name}`, data: s.data })),
    }
    const byWeights = await loadModel(asFiles(renamed))
    expect(byWeights.descriptor.name).toBe('mobilenet_v2')
    byWeights.dispose()

    const files = asFiles(saved).map((f) => (f.name === 'model.json' ? new File([saved.json], 'resnet50.json') : f))
    const byJson = await loadModel(files)
    expect(byJson.descriptor.name).toBe('resnet50')
    byJson.dispose()

    const inFolder = asFiles(saved)
    for (const f of inFolder) Object.defineProperty(f, 'webkitRelativePath', { value: `zoo/standard/${f.name}` })
    const byFolder = await loadModel(inFolder)
    expect(byFolder.descriptor.name).toBe('standard')
    byFolder.dispose()

    // the converter's own file names say nothing: "model"
    const plain = await loadModel(asFiles(saved))
    expect(plain.descriptor.name).toBe('model')
    plain.dispose()
  })
})

test('a loaded model saves as plain TF.js: its initializers are TF.js Zeros', async () => {
  const model = await loadModel(asFiles(saved))
  const json = JSON.stringify(model.layersModel!.toJSON(undefined, false))
  expect(json).toContain('"class_name":"Zeros"')
  expect(json).not.toContain('Perturber')
  model.dispose()
})
