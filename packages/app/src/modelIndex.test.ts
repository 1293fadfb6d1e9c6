import { describe, expect, it } from 'vitest'
import { MODEL_INDEX_LIMITS, ModelIndexError, loadModelIndex, zooInitialState } from './modelIndex'
import { defaultAppState } from './state/appState'
import { configModelUrl } from './config'
import { availableModels, resolveSlot, slotsValue, sourceOfPick } from './state/modelSlots'

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('loadModelIndex', () => {
  it('groups the zoo index by variant, checkpoints in order, with model.json URLs (the runtime finds their descriptors)', async () => {
    const index = {
      models: [
        { name: 'ZooNet standard', variant: 'standard', checkpoint: 0, path: 'standard' },
        { name: 'ZooNet adversarial (checkpoint 2/2)', variant: 'adversarial', checkpoint: 2, path: 'adversarial/ckpt-2' },
        { name: 'ZooNet adversarial (checkpoint 1/2)', variant: 'adversarial', checkpoint: 1, path: 'adversarial/ckpt-1' },
      ],
    }
    const result = await loadModelIndex('http://host/zoo/index.json', async () => json(index))
    expect(result!.models).toEqual([
      { id: 'standard', name: 'ZooNet standard', variant: 'standard', url: 'http://host/zoo/standard/model.json', checkpoints: undefined },
      {
        id: 'adversarial',
        name: 'ZooNet adversarial',
        variant: 'adversarial',
        url: 'http://host/zoo/adversarial/ckpt-2/model.json',
        checkpoints: [
          { label: 'checkpoint 1', url: 'http://host/zoo/adversarial/ckpt-1/model.json' },
          { label: 'checkpoint 2', url: 'http://host/zoo/adversarial/ckpt-2/model.json' },
        ],
      },
    ])
    expect(configModelUrl(result!.models[1], 0).url).toBe('http://host/zoo/adversarial/ckpt-1/model.json')
    expect(configModelUrl(result!.models[1]).url).toBe('http://host/zoo/adversarial/ckpt-2/model.json')
  })

  it('is null when there is no index (404, or a dev server answering with its HTML page)', async () => {
    expect(await loadModelIndex('http://host/index.json', async () => new Response('nope', { status: 404 }))).toBeNull()
    expect(await loadModelIndex('http://host/index.json', async () => new Response('<html>', { headers: { 'content-type': 'text/html' } }))).toBeNull()
    await expect(loadModelIndex('http://host/index.json', async () => json({ nothing: 1 }))).rejects.toThrow('has no "models" list')
  })
})

describe('loadModelIndex on malformed and oversized indexes (issue 12, item 3)', () => {
  const url = 'http://host/zoo/index.json'
  const good = { name: 'ZooNet standard', variant: 'standard', checkpoint: 0, path: 'standard' }
  const errorOf = async (body: unknown) => {
    const error = await loadModelIndex(url, async () => (typeof body === 'string' ? new Response(body, { headers: { 'content-type': 'application/json' } }) : json(body))).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ModelIndexError)
    return (error as Error).message
  }

  it('names the entry and the field at fault', async () => {
    expect(await errorOf({ models: [good, {}] })).toBe('http://host/zoo/index.json: models[1].name must be text of 1 to 2048 characters, got nothing.')
    expect(await errorOf({ models: [good, null] })).toBe(
      'http://host/zoo/index.json: models[1] is null, not an entry like { "name": "ZooNet standard", "variant": "standard", "checkpoint": 0, "path": "standard" }.',
    )
    expect(await errorOf({ models: [{ ...good, path: 7 }] })).toBe('http://host/zoo/index.json: models[0].path must be text of 1 to 2048 characters, got 7.')
    expect(await errorOf({ models: [good, { ...good, variant: '' }] })).toBe('http://host/zoo/index.json: models[1].variant must be text of 1 to 2048 characters, got "".')
    expect(await errorOf({ models: [{ ...good, checkpoint: '2' }] })).toBe('http://host/zoo/index.json: models[0].checkpoint must be a whole number from 0 to 1000000, got "2".')
    expect(await errorOf({ models: [{ ...good, path: 'javascript:alert(1)' }] })).toBe('http://host/zoo/index.json: models[0].path "javascript:alert(1)" is neither a relative path nor an http(s) URL.')
    expect(await errorOf({ models: [good, { ...good, name: 'again' }] })).toBe('http://host/zoo/index.json: models[1] is checkpoint 0 of "standard" again (so is models[0]).')
    expect(await errorOf('{"models": [')).toMatch(/^http:\/\/host\/zoo\/index\.json is not valid JSON \(.+\)\.$/)
    expect(await errorOf({ models: 'all of them' })).toBe('http://host/zoo/index.json has no "models" list.')
  })

  it('refuses an index larger than MODEL_INDEX_LIMITS (bytes, entries)', async () => {
    const many = { models: Array.from({ length: MODEL_INDEX_LIMITS.entries + 1 }, (_, i) => ({ ...good, checkpoint: i })) }
    expect(await errorOf(many)).toBe('http://host/zoo/index.json lists 1001 models, more than the 1000 an index may hold.')
    expect(await errorOf({ models: [good], about: 'x'.repeat(MODEL_INDEX_LIMITS.bytes) })).toBe('http://host/zoo/index.json is larger than 1048576 bytes: that is no model zoo index.')
  })
})

describe('zooInitialState', () => {
  const entry = (id: string) => ({ id, name: id, url: `/${id}/model.json` })

  it('opens on the comparison the zoo exists for: Model 1 standard, Model 2 adversarial (fully trained)', () => {
    const state = zooInitialState([entry('stylized'), entry('adversarial'), entry('standard')])
    expect(state).toEqual({ ...defaultAppState({ kind: 'config', id: 'standard' }), models: { model1: { kind: 'config', id: 'standard' }, model2: { kind: 'config', id: 'adversarial' } } })
  })

  it('without those variants: the first model in Model 1 and no Model 2; no models: empty slots', () => {
    expect(zooInitialState([entry('resnet'), entry('vgg')]).models).toEqual({ model1: { kind: 'config', id: 'resnet' }, model2: null })
    expect(zooInitialState([entry('adversarial')]).models).toEqual({ model1: { kind: 'config', id: 'adversarial' }, model2: null })
    expect(zooInitialState([])).toEqual(defaultAppState(null))
  })
})

describe('model slots ↔ state', () => {
  const configs = [{ id: 'a', name: 'A', url: '/a/model.json', checkpoints: [{ label: 'c1', url: '/a/1/model.json' }, { label: 'c2', url: '/a/2/model.json' }] }]

  it('maps picks to sources and sources to load requests', () => {
    expect(sourceOfPick('a', 0)).toEqual({ kind: 'config', id: 'a', checkpoint: 0 })
    expect(sourceOfPick('url:/m/model.json', undefined)).toEqual({ kind: 'url', url: '/m/model.json' })
    expect(sourceOfPick('files:model.json', undefined)).toBe('files')
    expect(sourceOfPick(null, undefined)).toBeNull()
    expect(resolveSlot({ kind: 'config', id: 'a', checkpoint: 0 }, null, configs)).toEqual({ request: { key: 'url:/a/1/model.json', source: '/a/1/model.json', descriptorUrl: undefined }, name: 'A (c1)' })
    expect(resolveSlot({ kind: 'config', id: 'a', checkpoint: 7 }, null, configs)).toEqual({
      request: { key: 'url:/a/2/model.json', source: '/a/2/model.json', descriptorUrl: undefined },
      name: 'A',
      notice: 'The link names checkpoint 7 of A, which has 2 (0–1); showing the fully trained model.',
    })
    expect(resolveSlot({ kind: 'config', id: 'b', checkpoint: 0 }, null, [{ id: 'b', name: 'B', url: '/b/model.json' }]).notice).toBe(
      'The link names checkpoint 0 of B, which has no checkpoints to choose from; showing the fully trained model.',
    )
    expect(resolveSlot({ kind: 'config', id: 'gone' }, null, configs)).toEqual({ request: null, name: 'gone', error: 'The state names a model "gone" that is not offered here (the models offered are "a").' })
    expect(resolveSlot({ kind: 'url', url: '/m/model.json' }, null, configs)).toEqual({ request: { key: 'url:/m/model.json', source: '/m/model.json' }, name: 'm' })
    expect(resolveSlot(null, null, configs)).toEqual({ request: null, name: '' })
  })

  it('lists models loaded by URL and files in the pickers, and shows them as selected', () => {
    const file = new File(['{}'], 'model.json')
    const sources = { model1: { kind: 'url' as const, url: '/nets/resnet/model.json' }, model2: null }
    const files = { model1: null, model2: { name: 'model.json', files: [file] } }
    expect(availableModels(configs, sources, files).map((m) => [m.id, m.name, m.variant])).toEqual([
      ['a', 'A', undefined],
      ['url:/nets/resnet/model.json', 'resnet', 'URL'],
      ['files:model.json', 'model.json', 'files'],
    ])
    expect(slotsValue(sources, files)).toEqual({ model1: { modelId: 'url:/nets/resnet/model.json' }, model2: { modelId: 'files:model.json' } })
  })
})
