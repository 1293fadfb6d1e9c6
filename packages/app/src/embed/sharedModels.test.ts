import { afterEach, describe, expect, it, vi } from 'vitest'
import type { PerturberModel } from '@perturber/model-runtime'
import { SharedModels, type SharedModelRequest } from './sharedModels'

/** A loader that records its calls and resolves/rejects when told to; models are plain tokens. */
function loader() {
  const calls: SharedModelRequest[] = []
  const pending: { resolve(m: PerturberModel): void; reject(e: Error): void; progress(f: number): void }[] = []
  const load = (request: SharedModelRequest, onProgress: (p: { fraction: number; stage: 'fetch' }) => void) => {
    calls.push(request)
    return new Promise<PerturberModel>((resolve, reject) => pending.push({ resolve, reject, progress: (fraction) => onProgress({ fraction, stage: 'fetch' }) }))
  }
  return { load, calls, pending }
}
const model = (id: string) => ({ id }) as unknown as PerturberModel

afterEach(() => vi.useRealTimers())

describe('SharedModels', () => {
  it('loads a URL once for every holder, and tells each holder the progress', async () => {
    const { load, calls, pending } = loader()
    const disposed: PerturberModel[] = []
    const models = new SharedModels(load, (m) => disposed.push(m))
    const seen: number[][] = [[], []]
    const a = models.acquire({ url: '/zoo/standard/model.json', descriptorUrl: '/zoo/standard/descriptor.json' }, (p) => seen[0].push(p.fraction))
    const b = models.acquire({ url: '/zoo/standard/model.json', descriptorUrl: '/zoo/standard/descriptor.json' }, (p) => seen[1].push(p.fraction))
    const c = models.acquire({ url: '/zoo/stylized/model.json' })
    expect(calls.map((r) => r.url)).toEqual(['/zoo/standard/model.json', '/zoo/stylized/model.json'])
    expect(models.size).toBe(2)
    pending[0].progress(0.5)
    expect(seen).toEqual([[0.5], [0.5]])
    const standard = model('standard')
    pending[0].resolve(standard)
    expect(await a.model).toBe(standard)
    expect(await b.model).toBe(standard)
    expect(c.model).not.toBe(a.model)
  })

  it('disposes a model only after the last holder let go and the delay passed; a quick re-acquire keeps it', async () => {
    vi.useFakeTimers()
    const { load, calls, pending } = loader()
    const disposed: PerturberModel[] = []
    const models = new SharedModels(load, (m) => disposed.push(m), 1000)
    const a = models.acquire({ url: '/m.json' })
    const b = models.acquire({ url: '/m.json' })
    const loaded = model('m')
    pending[0].resolve(loaded)
    await a.model
    a.release()
    a.release() // a second release by the same holder counts once
    await vi.advanceTimersByTimeAsync(5000)
    expect(disposed).toEqual([])
    b.release()
    await vi.advanceTimersByTimeAsync(500)
    // StrictMode / a moved element: acquired again within the delay, nothing reloads or disposes
    const c = models.acquire({ url: '/m.json' })
    await vi.advanceTimersByTimeAsync(5000)
    expect(disposed).toEqual([])
    expect(calls).toHaveLength(1)
    expect(await c.model).toBe(loaded)
    c.release()
    await vi.advanceTimersByTimeAsync(1000)
    expect(disposed).toEqual([loaded])
    expect(models.size).toBe(0)
    models.acquire({ url: '/m.json' })
    expect(calls).toHaveLength(2)
  })

  it('forgets a failed load, so the next holder tries again', async () => {
    const { load, calls, pending } = loader()
    const models = new SharedModels(load, () => {})
    const a = models.acquire({ url: '/being-rewritten/model.json' })
    pending[0].reject(new Error('HTTP 404'))
    await expect(a.model).rejects.toThrow('HTTP 404')
    expect(models.size).toBe(0)
    models.acquire({ url: '/being-rewritten/model.json' })
    expect(calls).toHaveLength(2)
  })
})
