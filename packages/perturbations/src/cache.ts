/**
 * A pass's derived value (kernel weights, a lookup texture) kept in one slot of its `ctx.cache`,
 * rebuilt only when `key` (the parameters it depends on) changes, so never per frame; the value it
 * replaces is disposed if it can be (a texture), and the pipeline disposes the last one with itself.
 */
export function cachedBy<T>(cache: Map<string, unknown>, slot: string, key: string, build: () => T): T {
  const entry = cache.get(slot) as { key: string; value: T; dispose(): void } | undefined
  if (entry && entry.key === key) return entry.value
  entry?.dispose()
  const value = build()
  cache.set(slot, { key, value, dispose: () => (value as { dispose?: () => void } | null)?.dispose?.() })
  return value
}
