/**
 * A zoo model's descriptor travels with it: `runtime.load('…/model.json')` with no descriptor option
 * gets the zoo's label names, preprocessing, neuron groups and example images from the descriptor
 * embedded in model.json (`userDefinedMetadata.perturber.descriptor`, tools/zoo/embed_descriptor.py),
 * else from the descriptor.json next to it — on the real dev server, whose answer for a missing file
 * must not fail the load.
 */
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DESCRIPTOR_METADATA_PATH, type FetchLike } from '@perturber/model-runtime/load'
import { createModelRuntime, type ModelRuntime, type PerturberModel } from '@perturber/model-runtime'
import { wasmPaths } from './support/wasm'

/** Where vitest.config.ts serves the zoo folder (tools/zooModels.mjs). */
const ZOO = '/__zoo'
const MODEL = `${ZOO}/standard/model.json`

interface ZooIndex {
  classes: { id: string; name: string; example: string }[]
}

/** fetch, recording URLs; model.json's embedded descriptor removed, and descriptor.json requests sent to `descriptorPath`. */
function recordingFetch(options: { stripEmbedded?: boolean; descriptorPath?: string } = {}): FetchLike & { requests: string[] } {
  const requests: string[] = []
  const fetchFn = async (url: string, init?: RequestInit) => {
    requests.push(url)
    if (options.descriptorPath && url.endsWith('/descriptor.json')) return fetch(url.replace(/descriptor\.json$/, options.descriptorPath), init)
    const response = await fetch(url, init)
    if (!options.stripEmbedded || !url.endsWith('/model.json')) return response
    const json = (await response.json()) as { userDefinedMetadata?: unknown }
    expect(json.userDefinedMetadata, `${url} embeds a descriptor`).toBeDefined()
    delete json.userDefinedMetadata
    return new Response(JSON.stringify(json), { headers: { 'content-type': 'application/json' } })
  }
  return Object.assign(fetchFn, { requests })
}

describe('zoo models carry their descriptor', () => {
  let runtime: ModelRuntime
  let index: ZooIndex
  let baseline: number

  beforeAll(async () => {
    index = (await (await fetch(`${ZOO}/index.json`)).json()) as ZooIndex
    runtime = await createModelRuntime({ wasmPaths })
    baseline = tf.memory().numTensors
  })

  afterAll(async () => {
    await runtime?.idle()
  })

  async function withModel(options: Parameters<ModelRuntime['load']>[1], check: (model: PerturberModel) => Promise<void> | void) {
    const model = await runtime.load(MODEL, options)
    try {
      await check(model)
    } finally {
      await runtime.release(model)
      await runtime.forward(() => model.dispose())
    }
    expect(tf.memory().numTensors).toBe(baseline)
  }

  test(`embedded in model.json (${DESCRIPTOR_METADATA_PATH}): the zoo's labels, examples and groups, no descriptor.json request`, async () => {
    const fetchFn = recordingFetch()
    await withModel({ fetch: fetchFn }, async (model) => {
      const { descriptor } = model
      expect(descriptor.name).toBe('ZooNet standard')
      expect(descriptor.labels.id).toBe('perturber-zoo')
      expect(descriptor.labels.names).toEqual(index.classes.map((c) => c.name))
      expect(descriptor.labels.names).not.toContain('class 0')
      expect(descriptor.preprocessing).toEqual({ kind: 'range', min: -1, max: 1 })
      expect(descriptor.output).toEqual({ kind: 'logits', backgroundClass: false })
      expect(Object.keys(descriptor.neuronGroups ?? {})).toContain('mixed4a')
      // examples: relative to model.json, resolved to the zoo's examples folder, and served there
      index.classes.forEach((c, i) => expect(new URL(descriptor.labels.example!(i)!).pathname).toBe(`${ZOO}/${c.example}`))
      const image = await fetch(descriptor.labels.example!(0)!)
      expect(image.ok).toBe(true)
    })
    expect(fetchFn.requests.filter((u) => u.includes('descriptor.json'))).toEqual([])
  })

  test('without the embedded one: descriptor.json next to model.json', async () => {
    const fetchFn = recordingFetch({ stripEmbedded: true })
    await withModel({ fetch: fetchFn }, (model) => {
      expect(model.descriptor.name).toBe('ZooNet standard')
      expect(model.descriptor.labels.names).toEqual(index.classes.map((c) => c.name))
      expect(new URL(model.descriptor.labels.example!(1)!).pathname).toBe(`${ZOO}/${index.classes[1].example}`)
    })
    expect(fetchFn.requests).toContain(`${ZOO}/standard/descriptor.json`)
  })

  test('neither: the dev server\'s answer for the missing descriptor.json is "none", and the model loads', async () => {
    const missing = await fetch(`${ZOO}/standard/no-such-descriptor.json`)
    console.log(`the dev server answers a missing file with HTTP ${missing.status} (${missing.headers.get('content-type')})`)
    const fetchFn = recordingFetch({ stripEmbedded: true, descriptorPath: 'no-such-descriptor.json' })
    await withModel({ fetch: fetchFn }, (model) => {
      expect(model.descriptor.name).toBe('standard')
      expect(model.descriptor.labels.names).toEqual(index.classes.map((_, i) => `class ${i}`))
    })
  })
})
