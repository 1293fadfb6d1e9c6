import type { PerturbationRegistry } from './registry'
import { defaultRegistry } from './builtins'
import type { PerturbationState } from './types'

/** Versioned JSON form of a chain: ids + parameter values (+ custom GLSL), nothing else. */
export interface SerializedChain {
  version: 1
  chain: PerturbationState[]
}

export function serializeChain(chain: readonly PerturbationState[]): SerializedChain {
  return {
    version: 1,
    chain: chain.map((s) => ({ id: s.id, enabled: s.enabled, params: { ...s.params }, ...(s.source !== undefined ? { source: s.source } : {}) })),
  }
}

export class ChainParseError extends Error {
  override name = 'ChainParseError'
}

/**
 * Restores a chain saved with `serializeChain`. Unknown perturbations and malformed entries
 * throw a `ChainParseError` naming the entry; missing parameters take their defaults and
 * out-of-range values are clamped, so an old experiment still loads after a parameter is added.
 */
export function parseChain(input: unknown, registry: PerturbationRegistry = defaultRegistry): PerturbationState[] {
  const data = typeof input === 'string' ? safeJson(input) : input
  if (!data || typeof data !== 'object' || (data as SerializedChain).version !== 1 || !Array.isArray((data as SerializedChain).chain)) {
    throw new ChainParseError('Not a perturbation chain: expected { "version": 1, "chain": [...] }')
  }
  return (data as SerializedChain).chain.map((entry, i) => {
    if (!entry || typeof entry.id !== 'string') throw new ChainParseError(`chain[${i}]: missing "id"`)
    const definition = registry.get(entry.id)
    if (!definition) throw new ChainParseError(`chain[${i}]: unknown perturbation "${entry.id}"`)
    const state = registry.defaultState(entry.id, Boolean(entry.enabled))
    for (const spec of definition.params) {
      const v = entry.params?.[spec.name]
      if (v === undefined) continue
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new ChainParseError(`chain[${i}] (${entry.id}): parameter "${spec.name}" is not a finite number`)
      state.params[spec.name] = Math.min(spec.max, Math.max(spec.min, v))
    }
    if (definition.editableSource && typeof entry.source === 'string') state.source = entry.source
    return state
  })
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new ChainParseError(`Not valid JSON: ${(e as Error).message}`)
  }
}
