import { describe, expect, it, vi } from 'vitest'
import { cachedBy } from './cache'

describe('cachedBy', () => {
  it('builds once per key, disposes the value a new key replaces, and leaves the last one for the pipeline to dispose', () => {
    const cache = new Map<string, unknown>()
    const made: { key: string; dispose: ReturnType<typeof vi.fn> }[] = []
    const get = (key: string) => cachedBy(cache, 'slot', key, () => (made.push({ key, dispose: vi.fn() }), made.at(-1)!))
    expect(get('a')).toBe(get('a'))
    expect(made).toHaveLength(1)
    get('b')
    expect(made.map((m) => m.key)).toEqual(['a', 'b'])
    expect(made[0].dispose).toHaveBeenCalledTimes(1)
    expect(made[1].dispose).not.toHaveBeenCalled()
    expect(cache.size).toBe(1)
    ;(cache.get('slot') as { dispose(): void }).dispose()
    expect(made[1].dispose).toHaveBeenCalledTimes(1)
    // plain values (no dispose) are fine too
    expect(cachedBy(cache, 'plain', '1', () => new Float32Array(2))).toHaveLength(2)
  })
})
