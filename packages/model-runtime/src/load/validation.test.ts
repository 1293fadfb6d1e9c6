import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ModelLoadErrorCode } from './errors'
import type { LoadModelOptions, ModelSourceInput } from './loadModel'
import { asFiles, editJson, editShard, loadHarness, saveModel, serve, setWeightValues, type LoadHarness, type SavedFiles } from './testFixtures'

let saved: SavedFiles
let harness: LoadHarness

beforeAll(async () => {
  harness = await loadHarness(9)
  saved = harness.saved
})

afterAll(() => harness.dispose())

/** Loads, expects a ModelLoadError with `code`, checks that nothing leaked and the good model still works. */
const rejection = (source: ModelSourceInput, code: ModelLoadErrorCode, options?: LoadModelOptions) => harness.rejection(source, code, options)

const files = (s: SavedFiles) => asFiles(s)
const json = (text: string) => [new File([text], 'model.json'), ...asFiles(saved).filter((f) => f.name !== 'model.json')]

describe('loadModel rejects malformed models with a typed error naming the problem', () => {
  test('invalid JSON', async () => {
    const e = await rejection(json('{"modelTopology": {"class_name": '), 'invalid-json')
    expect(e.message).toMatch(/^model\.json is not valid JSON \(/)
    expect(e.file).toBe('model.json')
  })

  test('JSON that is not a model', async () => {
    const e = await rejection(json('{"name": "cat.png", "size": 3}'), 'not-a-model')
    expect(e.message).toContain('it has no modelTopology and no weightsManifest (keys: name, size)')
  })

  test('no model.json among the files', async () => {
    const e = await rejection(asFiles(saved).filter((f) => f.name !== 'model.json'), 'not-a-model')
    expect(e.message).toContain('has no .json file')
    expect(e.message).toContain('group1-shard1of')
  })

  test('missing shard (files)', async () => {
    const e = await rejection(asFiles(saved).filter((f) => f.name !== 'group2-shard2of3.bin'), 'missing-shard')
    expect(e.message).toMatch(/^model\.json lists group2-shard2of3\.bin, which is not among the selected files \(/)
    expect(e.file).toBe('group2-shard2of3.bin')
  })

  test('missing shard (URL): the 404 is named with its URL', async () => {
    const base = 'https://models.test/branching/'
    const fetchFn = serve({ ...saved, shards: saved.shards.filter((s) => s.name !== 'group1-shard2of2.bin') }, base)
    const e = await rejection(`${base}model.json`, 'missing-shard', { fetch: fetchFn })
    expect(e.message).toBe(`model.json lists group1-shard2of2.bin, but ${base}group1-shard2of2.bin answers HTTP 404 Not Found.`)
  })

  test('truncated shard: expected and actual byte lengths', async () => {
    const group = (JSON.parse(saved.json) as tf.io.ModelJSON).weightsManifest[1]
    const expected = group.weights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1) * 4, 0)
    const cut = editShard(saved, 'group2-shard3of3.bin', (d) => d.slice(0, d.byteLength - 4))
    const e = await rejection(files(cut), 'shard-size-mismatch')
    expect(e.message).toBe(
      `group2-shard1of3.bin + group2-shard2of3.bin + group2-shard3of3.bin hold ${expected - 4} bytes together, ` +
        `but the 4 weights model.json stores there (mixed3a_3x3/kernel, mixed3a_3x3/bias, logits/kernel, logits/bias) ` +
        `need ${expected} bytes (4 bytes missing, truncated?).`,
    )
  })

  test('a shard with extra bytes', async () => {
    const longer = editShard(saved, 'group1-shard2of2.bin', (d) => new Uint8Array([...d, 1, 2, 3]))
    const e = await rejection(files(longer), 'shard-size-mismatch')
    expect(e.message).toContain('(3 bytes too many)')
  })

  test('NaN and Infinity in a weight: which weight, which file, how many', async () => {
    const bad = setWeightValues(saved, 'logits/kernel', { 0: NaN, 5: NaN, 7: Infinity })
    const e = await rejection(files(bad), 'non-finite-weights')
    expect(e.message).toBe('Weight "logits/kernel" (in group2-shard3of3.bin) holds 2 NaN and 1 ±Infinity among its 45 values.')
    const twoWeights = setWeightValues(bad, 'conv2d0/bias', { 2: -Infinity })
    const e2 = await rejection(files(twoWeights), 'non-finite-weights')
    expect(e2.message).toBe(
      // the kernel (648 bytes) fills shard 1 (512 bytes) and spills into shard 2, where the bias is
      'Weight "conv2d0/bias" (in group1-shard2of2.bin) holds 1 ±Infinity among its 6 values; ' +
        '"logits/kernel" (in group2-shard3of3.bin) holds 2 NaN and 1 ±Infinity among its 45 values.',
    )
  })

  test('a non-image model (dense input [null, 10]) is built, rejected and disposed', async () => {
    const dense = tf.sequential({ layers: [tf.layers.dense({ inputShape: [10], units: 3 })] })
    const denseFiles = await saveModel(dense)
    dense.dispose()
    const e = await rejection(asFiles(denseFiles), 'not-an-image-model')
    expect(e.message).toBe('The model has input shape [null,10]; an image classifier takes a batch of RGB images [null, height, width, 3].')
  })

  test('an image model whose output is not [batch, classes]', async () => {
    const input = tf.input({ shape: [8, 8, 3] })
    const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same' }).apply(input) as tf.SymbolicTensor
    const segmenter = tf.model({ inputs: input, outputs: conv })
    const e = await rejection(segmenter, 'not-an-image-model')
    expect(e.message).toBe("The model's output shape [null,8,8,4] is not a classifier's [null, classes].")
    // in-memory models stay the caller's when rejected
    expect(segmenter.layers[1].getWeights()[0].isDisposed).toBe(false)
    segmenter.dispose()
  })

  test('too large: files, declared weights and downloads all count', async () => {
    const total = asFiles(saved).reduce((n, f) => n + f.size, 0)
    const e = await rejection(asFiles(saved), 'too-large', { maxBytes: 1000 })
    expect(e.message).toBe(`The selected files hold ${(total / 1024).toFixed(1)} KB (${total} bytes), more than the 1000 bytes limit (options.maxBytes).`)

    // over a URL the manifest's declared size stops the load before any weight is downloaded
    const fetchFn = serve(saved, 'https://models.test/big/')
    const declared = (JSON.parse(saved.json) as tf.io.ModelJSON).weightsManifest
      .flatMap((g) => g.weights)
      .reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1) * 4, 0)
    const size = saved.json.length + declared
    const e2 = await rejection('https://models.test/big/model.json', 'too-large', { fetch: fetchFn, maxBytes: size - 1 })
    expect(e2.message).toBe(
      `https://models.test/big/model.json and the weights it declares come to ${(size / 1024).toFixed(1)} KB (${size} bytes), ` +
        `more than the ${((size - 1) / 1024).toFixed(1)} KB limit (options.maxBytes).`,
    )
    expect(fetchFn.requests).toEqual(['https://models.test/big/model.json'])

    // a server sending more than the manifest declares is cut off once the limit is passed
    const padded = editShard(saved, 'group1-shard2of2.bin', (d) => new Uint8Array([...d, ...new Uint8Array(50_000)]))
    const e3 = await rejection('https://models.test/big/model.json', 'too-large', { fetch: serve(padded, 'https://models.test/big/'), maxBytes: size + 1000 })
    expect(e3.message).toMatch(new RegExp(`^The download reached .* more than the ${((size + 1000) / 1024).toFixed(1)} KB limit \\(options\\.maxBytes\\)\\.$`))
  })

  test('weights that do not fit the topology (renamed weight): built, rejected, disposed', async () => {
    const renamed = editJson(saved, (j) => (j.weightsManifest[1].weights[2].name = 'classifier/kernel'))
    const e = await rejection(files(renamed), 'not-a-model')
    expect(e.message).toMatch(/^The weights in model\.json do not fit its topology: .*classifier\/kernel/)
  })

  test('an unknown layer class', async () => {
    const unknown = editJson(saved, (j) => {
      const topology = j.modelTopology as { config: { layers: { class_name: string }[] } }
      topology.config.layers[1].class_name = 'FancyConv'
    })
    const e = await rejection(files(unknown), 'unsupported')
    expect(e.message).toMatch(/^TF\.js cannot build the layers model in model\.json: .*FancyConv/)
  })

  test('a descriptor that contradicts the model', async () => {
    const e = await rejection(files(saved), 'descriptor-mismatch', { descriptor: { labels: { id: 'pets', names: ['cat', 'dog', 'fish'] } } })
    expect(e.message).toBe('The label set "pets" has 3 names but the model has 5 outputs.')
    const e2 = await rejection(files(saved), 'descriptor-mismatch', { descriptor: { output: { classOrder: [0, 1, 2, 2, 4] } } })
    expect(e2.message).toBe('output.classOrder is not a permutation of 0…4: entry 3 is 2, a repeat.')
    const e3 = await rejection(files(saved), 'descriptor-mismatch', { descriptor: { inputSize: [224, 224] } })
    expect(e3.message).toBe("descriptor.inputSize [224,224] contradicts the model's input shape [null,16,16,3].")
  })

  test('network failures and HTTP errors', async () => {
    const offline = async () => {
      throw new TypeError('Failed to fetch')
    }
    const e = await rejection('https://models.test/x/model.json', 'fetch-failed', { fetch: offline })
    expect(e.message).toBe('Could not fetch https://models.test/x/model.json (Failed to fetch): offline, blocked by CORS, or the server is down?')
    const e2 = await rejection('https://models.test/nowhere/model.json', 'fetch-failed', { fetch: serve(saved, 'https://models.test/x/') })
    expect(e2.message).toBe('Could not fetch https://models.test/nowhere/model.json: HTTP 404 Not Found.')
  })

  test('abort before and during the download', async () => {
    const controller = new AbortController()
    controller.abort()
    await rejection(files(saved), 'aborted', { signal: controller.signal })

    const during = new AbortController()
    const inner = serve(saved, 'https://models.test/a/')
    const fetchFn = async (url: string, init?: RequestInit) => {
      if (url.endsWith('.bin')) during.abort()
      return inner(url, init)
    }
    const e = await rejection('https://models.test/a/model.json', 'aborted', { fetch: fetchFn, signal: during.signal })
    expect(e.message).toBe('Loading https://models.test/a/model.json was aborted.')
  })
})
