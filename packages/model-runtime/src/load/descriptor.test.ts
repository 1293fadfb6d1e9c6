import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { branchingModel } from '../testing/tinyModels'
import { ModelLoadError, type ModelLoadErrorCode } from './errors'
import { loadModel, type LoadModelOptions, type ModelSourceInput } from './loadModel'
import { asFiles, editJson, saveModel, serve, type SavedFiles } from './testFixtures'
import type { FetchLike } from './sources'

/**
 * The descriptor that travels with a model: embedded in model.json
 * (`userDefinedMetadata.perturber.descriptor`), else a descriptor.json next to it or among the
 * files; options.descriptor wins field by field; hostile JSON fails the load naming file and field.
 */

let saved: SavedFiles
const BASE = 'https://models.test/net/'
const NAMES = ['dog', 'cat', 'fire truck', 'teapot', 'macaw'] // the tiny model has 5 outputs

/** A zoo-style descriptor.json for the tiny model (spatial layers conv2d0 6, mixed3a_1x1 4, mixed3a_3x3 5, mixed3a 9 channels). */
const zooDescriptor = () => ({
  name: 'Tiny zoo net',
  inputSize: [16, 16],
  channelOrder: 'RGB',
  preprocessing: { kind: 'range', min: 0, max: 1 },
  output: { kind: 'probabilities', backgroundClass: false },
  labels: { id: 'tiny-zoo', names: [...NAMES] },
  layerGroups: { stem: ['conv2d0'] },
  neuronGroups: { mixed3a: [{ id: 'dog', name: 'Dog detectors', channels: [8, 0, 3] }] },
  neuronGroupsSource: 'hand-picked', // unknown to the runtime: dropped
  examples: { '0': '../examples/dog.png', '4': '../examples/macaw.png' },
  // 9 channels of 10 px in 16 px cells, 4 per row: a 64×48 atlas
  featureVisualizations: { parameterization: 'fourier', size: 10, cell: 16, layers: { mixed3a: { atlas: 'featurevis/mixed3a.jpg', columns: 4, channels: 9, notRaised: [5] } } },
})

const withEmbedded = (descriptor: unknown, s: SavedFiles = saved) =>
  editJson(s, (json) => {
    json.userDefinedMetadata = { perturber: { descriptor } } as unknown as typeof json.userDefinedMetadata
  })

type Route = Response | (() => Response | Promise<Response>)
/** `serve` plus answers for other paths under `base` (descriptor.json …), recording every request. */
function serveWith(s: SavedFiles, routes: Record<string, Route>, base = BASE): FetchLike & { requests: string[] } {
  const files = serve(s, base)
  const fetchFn = async (url: string, init?: RequestInit) => {
    const route = url.startsWith(base) ? routes[url.slice(base.length)] : undefined
    if (route === undefined) return files(url, init)
    files.requests.push(url)
    return typeof route === 'function' ? route() : route.clone()
  }
  return Object.assign(fetchFn, { requests: files.requests })
}
const json = (value: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(value), { headers: { 'content-type': 'application/json', ...headers } })

beforeAll(async () => {
  await tf.setBackend('cpu')
  const original = branchingModel(4)
  saved = await saveModel(original)
  original.dispose()
})

let leakBaseline: number
beforeAll(() => {
  leakBaseline = tf.memory().numTensors
})
afterAll(() => {
  expect(tf.memory().numTensors).toBe(leakBaseline)
})

/** Loads, checks the descriptor with `check`, disposes, and checks that no tensor is left. */
async function loaded(source: ModelSourceInput, options: LoadModelOptions, check: (d: Awaited<ReturnType<typeof loadModel>>['descriptor']) => void) {
  const before = tf.memory().numTensors
  const model = await loadModel(source, options)
  try {
    check(model.descriptor)
  } finally {
    model.dispose()
  }
  expect(tf.memory().numTensors).toBe(before)
}

/** Loads, expects a ModelLoadError with `code`, and checks that the failed load left no tensors. */
async function rejection(source: ModelSourceInput, code: ModelLoadErrorCode, options?: LoadModelOptions): Promise<ModelLoadError> {
  const before = tf.memory().numTensors
  let error: unknown
  try {
    ;(await loadModel(source, options)).dispose()
  } catch (e) {
    error = e
  }
  expect(error).toBeInstanceOf(ModelLoadError)
  expect((error as ModelLoadError).code, (error as Error).message).toBe(code)
  expect(tf.memory().numTensors).toBe(before)
  return error as ModelLoadError
}

describe('the descriptor that comes with a model', () => {
  test('embedded in model.json: used, relative examples resolved against model.json, no descriptor.json request', async () => {
    const fetchFn = serveWith(withEmbedded(zooDescriptor()), { 'descriptor.json': json({ name: 'the sidecar loses' }) })
    await loaded(`${BASE}model.json`, { fetch: fetchFn }, (d) => {
      expect(d).toMatchObject({
        name: 'Tiny zoo net',
        inputSize: [16, 16],
        preprocessing: { kind: 'range', min: 0, max: 1 },
        output: { kind: 'probabilities', backgroundClass: false },
        labels: { id: 'tiny-zoo', names: NAMES },
        layerGroups: { stem: ['conv2d0'] },
        neuronGroups: { mixed3a: [{ id: 'dog', name: 'Dog detectors', channels: [8, 0, 3] }] },
      })
      expect(d.labels.example?.(0)).toBe('https://models.test/examples/dog.png')
      expect(d.labels.example?.(4)).toBe('https://models.test/examples/macaw.png')
      expect(d.labels.example?.(1)).toBeUndefined()
      expect('neuronGroupsSource' in d).toBe(false)
      expect('examples' in d).toBe(false)
      // channel 6: row 1, column 2 of the atlas next to model.json
      const fv = d.featureVisualizations!
      expect(fv.layers).toEqual({ mixed3a: 9 })
      expect(fv.image('mixed3a', 6)).toEqual({
        url: 'https://models.test/net/featurevis/mixed3a.jpg',
        tile: { x: 32, y: 16, size: 10, atlasWidth: 64, atlasHeight: 48 },
        parameterization: 'fourier',
        responded: true,
      })
      expect(fv.image('mixed3a', 5)).toMatchObject({ tile: { x: 16, y: 16 }, responded: false })
      expect([fv.image('mixed3a', 9), fv.image('mixed3a', -1), fv.image('mixed3a', 1.5), fv.image('conv2d0', 0), fv.image('__proto__', 0)]).toEqual([undefined, undefined, undefined, undefined, undefined])
    })
    expect(fetchFn.requests.some((u) => u.includes('descriptor.json'))).toBe(false)
  })

  test('descriptor.json next to a URL-loaded model.json, with model.json\'s query string', async () => {
    const fetchFn = serveWith(saved, {
      'model.json?v=3': new Response(saved.json),
      ...Object.fromEntries(saved.shards.map((s) => [`${s.name}?v=3`, new Response(s.data)])),
      'descriptor.json?v=3': json(zooDescriptor()),
    })
    await loaded(`${BASE}model.json?v=3`, { fetch: fetchFn }, (d) => {
      expect(d.name).toBe('Tiny zoo net')
      expect(d.labels.names).toEqual(NAMES)
      expect(d.labels.example?.(0)).toBe('https://models.test/examples/dog.png')
      expect(d.preprocessing).toEqual({ kind: 'range', min: 0, max: 1 })
    })
    expect(fetchFn.requests).toContain(`${BASE}descriptor.json?v=3`)
  })

  test('a relative model URL: examples stay on the page\'s origin', async () => {
    const fetchFn = serveWith(saved, { 'descriptor.json': json(zooDescriptor()) }, '/models/net/')
    await loaded('/models/net/model.json', { fetch: fetchFn }, (d) => {
      const example = new URL(d.labels.example!(0)!, 'http://page.test/')
      expect(example.pathname).toBe('/models/examples/dog.png')
    })
  })

  test.each<[string, Route]>([
    ['HTTP 404', () => new Response('not found', { status: 404, statusText: 'Not Found' })],
    ['a dev server\'s HTML page (content type)', () => new Response('<!doctype html><html></html>', { headers: { 'content-type': 'text/html' } })],
    ['a dev server\'s HTML page (no content type)', () => new Response('\n<!doctype html><html></html>')],
    ['HTTP 500', () => new Response('oops', { status: 500 })],
    ['a network or CORS failure', () => Promise.reject(new TypeError('Failed to fetch'))],
  ])('no descriptor.json (%s): the descriptor is inferred and the model loads', async (_what, answer) => {
    const fetchFn = serveWith(saved, { 'descriptor.json': answer })
    await loaded(`${BASE}model.json`, { fetch: fetchFn }, (d) => {
      expect(d.name).toBe('net')
      expect(d.labels.names).toEqual(['class 0', 'class 1', 'class 2', 'class 3', 'class 4'])
      expect(d.output).toEqual({ kind: 'logits', backgroundClass: false })
    })
    expect(fetchFn.requests).toContain(`${BASE}descriptor.json`)
  })

  test('options.descriptor wins field by field; its labels replace the file\'s whole (examples too)', async () => {
    const fetchFn = serveWith(saved, { 'descriptor.json': json(zooDescriptor()) })
    const labels = { id: 'mine', names: ['a', 'b', 'c', 'd', 'e'] }
    await loaded(`${BASE}model.json`, { fetch: fetchFn, descriptor: { name: 'mine', labels, output: { kind: 'logits' }, channelOrder: undefined } }, (d) => {
      expect(d.name).toBe('mine')
      expect(d.labels).toBe(labels)
      expect(d.labels.example).toBeUndefined()
      expect(d.output).toEqual({ kind: 'logits', backgroundClass: false }) // kind given, backgroundClass from the file
      expect(d.preprocessing).toEqual({ kind: 'range', min: 0, max: 1 }) // from the file
      expect(d.neuronGroups?.mixed3a).toHaveLength(1)
    })
  })

  test('descriptor.json among the selected files; relative examples dropped (nothing to resolve them against)', async () => {
    const descriptor = { ...zooDescriptor(), examples: { '0': 'dog.png', '1': 'https://cdn.test/cat.png', '2': 'data:image/png;base64,iVBORw0KGgo=' } }
    const files = [new File([JSON.stringify(descriptor)], 'descriptor.json'), ...asFiles(saved)]
    await loaded(files, {}, (d) => {
      expect(d.name).toBe('Tiny zoo net')
      expect(d.labels.names).toEqual(NAMES)
      expect(d.labels.example?.(0)).toBeUndefined()
      expect(d.labels.example?.(1)).toBe('https://cdn.test/cat.png')
      expect(d.labels.example?.(2)).toBe('data:image/png;base64,iVBORw0KGgo=')
    })
    // an embedded descriptor wins over the file, and model.json is still found among two .json files
    await loaded([files[0], ...asFiles(withEmbedded({ name: 'embedded' }))], {}, (d) => expect(d.name).toBe('embedded'))
  })

  test('options.descriptorUrl wins field by field over the model\'s own descriptor, and must exist', async () => {
    const fetchFn = serveWith(withEmbedded(zooDescriptor()), { 'other/descriptor.json': json({ name: 'elsewhere', examples: { '0': 'x.png' }, labels: { names: NAMES } }) })
    await loaded(`${BASE}model.json`, { fetch: fetchFn, descriptorUrl: `${BASE}other/descriptor.json`, descriptor: { output: { kind: 'logits' } } }, (d) => {
      expect(d.name).toBe('elsewhere')
      expect(d.labels.id).toBe('labels-5')
      expect(d.labels.example?.(0)).toBe(`${BASE}other/x.png`) // resolved against its own URL
      expect(d.labels.example?.(4)).toBeUndefined() // the embedded labels and examples are replaced whole
      expect(d.preprocessing).toEqual({ kind: 'range', min: 0, max: 1 }) // from the embedded descriptor
      expect(d.output).toEqual({ kind: 'logits', backgroundClass: false })
    })
    const e = await rejection(`${BASE}model.json`, 'fetch-failed', { fetch: fetchFn, descriptorUrl: `${BASE}missing.json` })
    expect(e.message).toBe(`Could not fetch the descriptor ${BASE}missing.json: HTTP 404 Not Found.`)
    // an in-memory model takes one too (and the loaded model owns it)
    const inMemory = await loadModel(branchingModel(2), { fetch: fetchFn, descriptorUrl: `${BASE}other/descriptor.json` })
    expect(inMemory.descriptor.labels.names).toEqual(NAMES)
    inMemory.dispose()
  })
})

describe('a malformed descriptor fails the load, naming the file and the field', () => {
  const sidecar = (descriptor: unknown) => ({ fetch: serveWith(saved, { 'descriptor.json': typeof descriptor === 'string' ? new Response(descriptor) : json(descriptor) }) })
  const URL_ = `${BASE}model.json`
  const FILE = `${BASE}descriptor.json`

  test.each<[string, unknown, string]>([
    ['a label that is not a string', { labels: { names: ['a', 'b', 3, 'd', 'e'] } }, 'labels.names[2] must be a string, got 3.'],
    ['labels without names', { labels: { id: 'x' } }, 'labels.names must be a list of strings, got nothing.'],
    ['a name that is a number', { name: 42 }, 'name must be a non-empty string, got 42.'],
    ['inputSize of one number', { inputSize: [16] }, 'inputSize must be [height, width] in pixels (two positive integers), got a list of 1.'],
    ['an unknown preprocessing', { preprocessing: { kind: 'magic' } }, 'preprocessing.kind must be "range" or "meanStd", got "magic".'],
    ['std with a zero', { preprocessing: { kind: 'meanStd', pixelScale: 1, mean: [0, 0, 0], std: [1, 0, 1] } }, 'preprocessing.std must not contain 0 (it divides).'],
    ['an output kind', { output: { kind: 'softmax' } }, 'output.kind must be "logits" or "probabilities", got "softmax".'],
    ['a neuron group channel', { neuronGroups: { mixed3a: [{ name: 'x', channels: [1, 'two'] }] } }, 'neuronGroups["mixed3a"][0].channels[1] must be a channel index (an integer ≥ 0), got "two".'],
    ['layerGroups as a list', { layerGroups: [['conv2d0']] }, 'layerGroups must be an object, got a list of 1.'],
    ['a feature visualization atlas behind javascript:', { featureVisualizations: { size: 10, layers: { mixed3a: { atlas: 'javascript:alert(1)', columns: 3, channels: 9 } } } }, 'featureVisualizations.layers["mixed3a"].atlas is a javascript: URL; only http(s), data:image/… and relative URLs are allowed.'],
    ['an atlas too large for a browser', { featureVisualizations: { size: 100, layers: { mixed3a: { atlas: 'a.jpg', columns: 1, channels: 9999 } } } }, 'featureVisualizations.layers["mixed3a"] makes a 100×999900 px atlas; at most 16384 px a side are allowed.'],
    ['a tile size of 0', { featureVisualizations: { size: 0, layers: {} } }, 'featureVisualizations.size must be an integer 1…1024, got 0.'],
    ['cells smaller than tiles', { featureVisualizations: { size: 10, cell: 8, layers: {} } }, 'featureVisualizations.cell must be an integer 10…4096, got 8.'],
    ['a not-raised channel the layer lacks', { featureVisualizations: { size: 10, layers: { mixed3a: { atlas: 'a.jpg', columns: 3, channels: 9, notRaised: [9] } } } }, 'featureVisualizations.layers["mixed3a"].notRaised[0] must be a channel index 0…8, got 9.'],
    ['an unknown parameterization', { featureVisualizations: { size: 10, parameterization: 'dream', layers: {} } }, 'featureVisualizations.parameterization must be "pixel", "fourier", "laplacian", got "dream".'],
    ['a javascript: example URL', { labels: { names: NAMES }, examples: { '1': 'javascript:alert(1)' } }, 'examples["1"] is a javascript: URL; only http(s), data:image/… and relative URLs are allowed.'],
    ['a javascript: URL hidden behind whitespace', { labels: { names: NAMES }, examples: { '1': ' \tjava\nscript:alert(1)' } }, 'examples["1"] is a javascript: URL; only http(s), data:image/… and relative URLs are allowed.'],
    ['an HTML data: URL', { labels: { names: NAMES }, examples: { '1': 'data:text/html,<script>alert(1)</script>' } }, 'examples["1"] is a data: URL; only http(s), data:image/… and relative URLs are allowed.'],
    ['an example for no label', { labels: { names: NAMES }, examples: { '7': 'x.png' } }, 'examples["7"] names no label: keys must be label indices 0…4.'],
    ['a list instead of an object', [1, 2], 'the descriptor must be a JSON object, got a list of 2.'],
    // as text: JSON.stringify would recurse 50,000 levels deep
    ['deep nesting in a field it reads', `{"labels":{"names":${'['.repeat(50_000)}${']'.repeat(50_000)}}}`, 'labels.names[0] must be a string, got a list of 1.'],
  ])('descriptor.json: %s', async (_what, descriptor, problem) => {
    const e = await rejection(URL_, 'invalid-descriptor', sidecar(descriptor))
    expect(e.message).toBe(`${FILE}: ${problem}`)
    expect(e.file).toBe(FILE)
  })

  test('descriptor.json that is not JSON', async () => {
    const e = await rejection(URL_, 'invalid-descriptor', sidecar('{"name": '))
    expect(e.message).toMatch(new RegExp(`^${FILE.replace(/[./]/g, '\\$&')} is not valid JSON \\(`))
  })

  test('labels of the wrong length (descriptor-mismatch), from descriptor.json and from the embedded descriptor', async () => {
    const e = await rejection(URL_, 'descriptor-mismatch', sidecar({ labels: { id: 'pets', names: ['a', 'b', 'c'] } }))
    expect(e.message).toBe(`${FILE}, labels.names: The label set "pets" has 3 names but the model has 5 outputs.`)
    expect(e.file).toBe(FILE)
    // a huge list: rejected by its length, not walked into the model
    const huge = withEmbedded({ labels: { id: 'huge', names: Array.from({ length: 100_000 }, (_, i) => `n${i}`) } })
    const e2 = await rejection(asFiles(huge), 'descriptor-mismatch')
    expect(e2.message).toBe(`model.json's userDefinedMetadata.perturber.descriptor, labels.names: The label set "huge" has 100000 names but the model has 5 outputs.`)
    expect(e2.file).toBe('model.json')
  })

  test('neuron groups for a layer the model lacks name the file', async () => {
    const e = await rejection(URL_, 'descriptor-mismatch', sidecar({ neuronGroups: { mixed9z: [{ name: 'x', channels: [0] }] } }))
    expect(e.message).toMatch(new RegExp(`^${FILE.replace(/[./]/g, '\\$&')}, neuronGroups: neuronGroups of "net": the model has no spatial layer "mixed9z"`))
  })

  test('feature visualizations of a layer the model lacks, or of the wrong channel count, name the file', async () => {
    const atlas = (layer: string, channels: number) => ({ featureVisualizations: { size: 10, layers: { [layer]: { atlas: 'a.jpg', columns: 3, channels } } } })
    const e = await rejection(URL_, 'descriptor-mismatch', sidecar(atlas('mixed9z', 9)))
    expect(e.message).toMatch(new RegExp(`^${FILE.replace(/[./]/g, '\\$&')}, featureVisualizations: featureVisualizations of "net": the model has no spatial layer "mixed9z"`))
    const e2 = await rejection(URL_, 'descriptor-mismatch', sidecar(atlas('mixed3a', 8)))
    expect(e2.message).toBe(`${FILE}, featureVisualizations: featureVisualizations of "net": mixed3a has 9 channels, but its images are of 8 channels.`)
    expect(e2.file).toBe(FILE)
    // descriptor.json's form of the field handed over in code: no image() to call
    const e3 = await rejection(URL_, 'descriptor-mismatch', { fetch: serveWith(saved, {}), descriptor: atlas('mixed3a', 9) as never })
    expect(e3.message).toBe(`featureVisualizations of "net": must be an object with an image(layer, channel) method (a descriptor.json's atlases are read when the file is loaded).`)
  })

  test('the embedded descriptor: a wrong type names model.json\'s metadata key', async () => {
    const e = await rejection(asFiles(withEmbedded({ output: { backgroundClass: 'no' } })), 'invalid-descriptor')
    expect(e.message).toBe(`model.json's userDefinedMetadata.perturber.descriptor: output.backgroundClass must be true or false, got "no".`)
    const e2 = await rejection(URL_, 'invalid-descriptor', { fetch: serveWith(withEmbedded('ZooNet'), {}) })
    expect(e2.message).toBe(`${URL_}'s userDefinedMetadata.perturber.descriptor: the descriptor must be a JSON object, got "ZooNet".`)
    expect(e2.file).toBe(URL_)
  })

  test('deep nesting in fields it ignores is never walked: the model loads', async () => {
    const deep = `{"name":"deep","comment":${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}}`
    await loaded(URL_, sidecar(deep), (d) => expect(d.name).toBe('deep'))
  })

  test('over 1 MB: too-large, announced (content-length) or not, downloaded or among the files', async () => {
    const big = JSON.stringify({ name: 'big', padding: 'x'.repeat(1024 * 1024) })
    const announced = { fetch: serveWith(saved, { 'descriptor.json': () => new Response(big, { headers: { 'content-length': String(big.length) } }) }) }
    const e = await rejection(URL_, 'too-large', announced)
    expect(e.message).toMatch(/^https:\/\/models\.test\/net\/descriptor\.json is 1 MB \(\d+ bytes\), more than the 1 MB a descriptor may have\.$/)
    expect(e.file).toBe(FILE)
    const chunked = serveWith(saved, {
      'descriptor.json': () => new Response(new ReadableStream({
        start(controller) {
          for (let i = 0; i < 40; i++) controller.enqueue(new TextEncoder().encode(`"${'y'.repeat(64 * 1024)}",`))
          controller.close()
        },
      })),
    })
    const e2 = await rejection(URL_, 'too-large', { fetch: chunked })
    expect(e2.file).toBe(FILE)
    expect((await rejection(URL_, 'too-large', sidecar(big))).file).toBe(FILE)
    const e3 = await rejection([new File([big], 'descriptor.json'), ...asFiles(saved)], 'too-large')
    expect(e3.message).toMatch(/^descriptor\.json is 1 MB/)
    expect(e3.file).toBe('descriptor.json')
  })
})
