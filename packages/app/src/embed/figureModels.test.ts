import { describe, expect, it } from 'vitest'
import { FigureConfigError } from './figureConfig'
import { loadFigureModels } from './figureModels'

/** A fetch serving fixed files (JSON text by path) and counting requests. */
function files(byPath: Record<string, string>) {
  const requested: string[] = []
  const fetchImpl = (async (input: RequestInfo | URL) => {
    const path = new URL(String(input)).pathname
    requested.push(path)
    const body = byPath[path]
    return body === undefined ? new Response('not found', { status: 404 }) : new Response(body, { headers: { 'content-type': 'application/json' } })
  }) as typeof fetch
  return { fetchImpl, requested }
}

const index = JSON.stringify({
  models: [
    { name: 'ZooNet standard', variant: 'standard', checkpoint: 0, path: 'standard' },
    { name: 'ZooNet stylized (checkpoint 1/2)', variant: 'stylized', checkpoint: 1, path: 'stylized/ckpt-1' },
    { name: 'ZooNet stylized (checkpoint 2/2)', variant: 'stylized', checkpoint: 2, path: 'stylized/ckpt-2' },
  ],
})

describe('loadFigureModels', () => {
  it('reads a zoo index.json the way the app does, with one request for all figures', async () => {
    const { fetchImpl, requested } = files({ '/a/zoo/index.json': index })
    const [first, second] = await Promise.all([loadFigureModels('http://localhost/a/zoo/index.json', fetchImpl), loadFigureModels('http://localhost/a/zoo/index.json', fetchImpl)])
    expect(second).toBe(first)
    expect(requested).toEqual(['/a/zoo/index.json'])
    expect(first.map((m) => [m.id, m.name, m.url])).toEqual([
      ['standard', 'ZooNet standard', 'http://localhost/a/zoo/standard/model.json'],
      ['stylized', 'ZooNet stylized', 'http://localhost/a/zoo/stylized/ckpt-2/model.json'],
    ])
    expect(first[1].checkpoints?.map((c) => c.label)).toEqual(['checkpoint 1', 'checkpoint 2'])
  })

  it('offers a single TF.js model.json as "model"', async () => {
    const { fetchImpl } = files({ '/b/net/model.json': JSON.stringify({ format: 'layers-model', modelTopology: {}, weightsManifest: [] }) })
    expect(await loadFigureModels('http://localhost/b/net/model.json', fetchImpl)).toEqual([{ id: 'model', name: 'net', url: 'http://localhost/b/net/model.json' }])
  })

  it('says what is wrong with the URL, and tries again next time', async () => {
    const missing = files({})
    const error = await loadFigureModels('http://localhost/c/index.json', missing.fetchImpl).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FigureConfigError)
    expect((error as Error).message).toBe('models: http://localhost/c/index.json could not be fetched (HTTP 404).')
    const fixed = files({ '/c/index.json': index })
    expect(await loadFigureModels('http://localhost/c/index.json', fixed.fetchImpl)).toHaveLength(2)

    const notJson = files({ '/d/page.html': '<!doctype html>' })
    await expect(loadFigureModels('http://localhost/d/page.html', notJson.fetchImpl)).rejects.toThrow('models: http://localhost/d/page.html is not JSON')
    const other = files({ '/e/x.json': '{"hello": 1}' })
    await expect(loadFigureModels('http://localhost/e/x.json', other.fetchImpl)).rejects.toThrow('neither a model zoo index.json')
  })

  it('refuses a models URL that is not http(s) or relative without fetching it (issue 12, item 5)', async () => {
    const { fetchImpl, requested } = files({})
    for (const url of ['javascript:alert(1)', 'data:application/json,{"models":[]}', 'file:///etc/zoo/index.json']) {
      const error = await loadFigureModels(url, fetchImpl).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(FigureConfigError)
      expect((error as Error).message).toBe(`models: ${JSON.stringify(url)} is not an http(s) or relative URL.`)
    }
    expect(requested).toEqual([])
  })

  it('says which entry of a zoo index is malformed, as a "models" error (issue 12, item 3)', async () => {
    const { fetchImpl } = files({ '/f/index.json': JSON.stringify({ models: [{ name: 'ZooNet standard', variant: 'standard', checkpoint: 0, path: 'standard' }, { variant: 'stylized' }] }) })
    const error = await loadFigureModels('http://localhost/f/index.json', fetchImpl).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(FigureConfigError)
    expect((error as Error).message).toBe('models: http://localhost/f/index.json: models[1].name must be text of 1 to 2048 characters, got nothing.')
  })
})
