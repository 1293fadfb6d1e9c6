import type { PerturbationRegistry } from './registry'
import { defaultRegistry } from './builtins'
import type { PerturbationState } from './types'

/**
 * Versioned JSON form of a chain: ids + parameter values (+ custom GLSL), nothing else. A chain
 * holds each perturbation at most once, so it has at most as many entries as the registry has
 * perturbations.
 */
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
 * Restores a chain saved with `serializeChain`. A chain that is not one, has more entries than
 * there are perturbations, names a perturbation twice or not at all, or holds a parameter that is
 * not a finite number throws a `ChainParseError` naming the entry. Missing parameters take their
 * defaults (an old experiment still loads after a parameter is added); out-of-range values are
 * clamped, an `enabled` that is not true or false leaves the perturbation off, and unknown
 * parameters are ignored, each with a note in `options.adjustments` (`field` e.g.
 * `chain[3].enabled`; `options.field` replaces the leading `chain`, e.g. with `scene.chain`).
 */
export function parseChain(
  input: unknown,
  registry: PerturbationRegistry = defaultRegistry,
  options: { field?: string; adjustments?: { field: string; message: string }[] } = {},
): PerturbationState[] {
  const field = options.field ?? 'chain'
  const adjust = (at: string, message: string) => options.adjustments?.push({ field: at, message: `${at} ${message}` })
  const data = typeof input === 'string' ? safeJson(input) : input
  if (!isRecord(data) || data.version !== 1 || !Array.isArray(data.chain)) {
    throw new ChainParseError('Not a perturbation chain: expected { "version": 1, "chain": [...] }')
  }
  const entries: unknown[] = data.chain
  const most = registry.list().length
  if (entries.length > most) {
    throw new ChainParseError(`${field} has ${entries.length} entries, but a chain holds each perturbation at most once and there are ${most}`)
  }
  const seen = new Map<string, number>()
  return entries.map((entry, i) => {
    const at = `${field}[${i}]`
    if (!isRecord(entry) || typeof entry.id !== 'string') throw new ChainParseError(`${at}: missing "id"`)
    const id = entry.id
    const definition = registry.get(id)
    if (!definition) throw new ChainParseError(`${at}: unknown perturbation ${quote(id)}`)
    const first = seen.get(id)
    if (first !== undefined) throw new ChainParseError(`${at}: "${id}" is already in the chain at ${field}[${first}] (a chain holds each perturbation at most once)`)
    seen.set(id, i)

    let enabled = false
    if (typeof entry.enabled === 'boolean') enabled = entry.enabled
    else if (entry.enabled !== undefined) adjust(`${at}.enabled`, `must be true or false, got ${quote(entry.enabled)}: the perturbation stays off.`)
    const state = registry.defaultState(id, enabled)

    const params = entry.params ?? {}
    if (!isRecord(params)) throw new ChainParseError(`${at} (${id}): "params" must be an object of parameter values`)
    const names = definition.params.map((p) => p.name)
    for (const name of Object.keys(params)) {
      if (!names.includes(name)) adjust(`${at}.params.${name}`, `is not a parameter of "${id}" (it has ${names.join(', ') || 'none'}): ignored.`)
    }
    for (const spec of definition.params) {
      const v = Object.hasOwn(params, spec.name) ? params[spec.name] : undefined
      if (v === undefined) continue
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new ChainParseError(`${at} (${id}): parameter "${spec.name}" is not a finite number`)
      const clamped = Math.min(spec.max, Math.max(spec.min, v)) + 0 // + 0: -0 is written as 0
      if (clamped !== v) adjust(`${at}.params.${spec.name}`, `${v} is out of range: set to ${clamped}, the ${clamped === spec.max ? 'largest' : 'smallest'} allowed.`)
      state.params[spec.name] = clamped
    }

    if (entry.source !== undefined) {
      if (!definition.editableSource) adjust(`${at}.source`, `is ignored: "${id}" has no code to edit.`)
      else if (typeof entry.source === 'string') state.source = entry.source
      else adjust(`${at}.source`, `must be text, got ${quote(entry.source)}: the default code is used.`)
    }
    return state
  })
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** A value as a message quotes it: strings in quotes (cut short), lists and objects by kind. */
function quote(value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (value === undefined) return 'nothing'
  if (typeof value === 'object' && value !== null) return 'an object'
  if (typeof value !== 'string') return String(value)
  const text = JSON.stringify(value)
  return text.length > 60 ? `${text.slice(0, 59)}…"` : text
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new ChainParseError(`Not valid JSON: ${(e as Error).message}`)
  }
}
