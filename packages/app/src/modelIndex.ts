import type { AppModelConfig } from './config'
import { defaultAppState, type AppState } from './state/appState'
import { APP_STATE_LIMITS, isHttpOrRelativeUrl, quote } from './state/stateText'

/** What a model zoo's `index.json` (tools/zoo/export_zoo.py) says about one exported model. */
interface IndexEntry {
  name: string
  variant: string
  checkpoint: number
  path: string
  /** its place in the file's list */
  index: number
}

export interface ModelIndex {
  about?: string
  models: AppModelConfig[]
}

/** The most a zoo's `index.json` may hold; a larger one is refused. */
export const MODEL_INDEX_LIMITS = {
  /** bytes of the file */
  bytes: 1 << 20,
  /** entries in its `models` list (one per checkpoint) */
  entries: 1000,
} as const

/** A zoo index that cannot be used; the message names the file, and the entry and field at fault. */
export class ModelIndexError extends Error {
  override name = 'ModelIndexError'
}

/**
 * Reads a model zoo's `index.json` into the app's model list: one entry per variant, its
 * checkpoints in order (the slider), each with its model.json (whose descriptor the runtime finds
 * itself: embedded in model.json, else the descriptor.json next to it). Resolves to null when there
 * is no index (HTTP 404), so the app can say so; rejects with a {@link ModelIndexError} on a
 * malformed or oversized one (see {@link MODEL_INDEX_LIMITS}), naming the entry and field.
 */
export async function loadModelIndex(indexUrl: string, fetchImpl: typeof fetch = fetch): Promise<ModelIndex | null> {
  const response = await fetchImpl(indexUrl)
  if (response.status === 404) return null
  if (!response.ok) throw new ModelIndexError(`Could not fetch ${indexUrl}: HTTP ${response.status}`)
  // a dev server answers a missing file with its HTML page: that is no index either
  if (!(response.headers.get('content-type') ?? '').includes('json')) return null
  const text = await readText(response, MODEL_INDEX_LIMITS.bytes, () => new ModelIndexError(`${indexUrl} is larger than ${MODEL_INDEX_LIMITS.bytes} bytes: that is no model zoo index.`))
  let index: unknown
  try {
    index = JSON.parse(text)
  } catch (e) {
    throw new ModelIndexError(`${indexUrl} is not valid JSON (${e instanceof Error ? e.message : String(e)}).`)
  }
  const list = typeof index === 'object' && index !== null ? (index as { models?: unknown }).models : undefined
  if (!Array.isArray(list)) throw new ModelIndexError(`${indexUrl} has no "models" list.`)
  if (list.length > MODEL_INDEX_LIMITS.entries) throw new ModelIndexError(`${indexUrl} lists ${list.length} models, more than the ${MODEL_INDEX_LIMITS.entries} an index may hold.`)
  const about = (index as { about?: unknown }).about
  const base = new URL(indexUrl, typeof location === 'undefined' ? 'http://localhost/' : location.href)
  const at = (path: string, file: string) => new URL(`${path.replace(/\/$/, '')}/${file}`, base).href
  const byVariant = new Map<string, IndexEntry[]>()
  list.forEach((value, i) => {
    const entry = indexEntry(value, i, indexUrl)
    const entries = byVariant.get(entry.variant) ?? []
    const twin = entries.find((e) => e.checkpoint === entry.checkpoint)
    if (twin) throw new ModelIndexError(`${indexUrl}: models[${i}] is checkpoint ${entry.checkpoint} of ${quote(entry.variant)} again (so is models[${twin.index}]).`)
    byVariant.set(entry.variant, [...entries, entry])
  })
  const models = [...byVariant].map(([variant, entries]): AppModelConfig => {
    const sorted = [...entries].sort((a, b) => a.checkpoint - b.checkpoint)
    const last = sorted[sorted.length - 1]
    return {
      id: variant,
      name: last.name.replace(/\s*\(checkpoint.*\)$/, ''),
      variant,
      url: at(last.path, 'model.json'),
      checkpoints: sorted.length > 1 ? sorted.map((e) => ({ label: `checkpoint ${e.checkpoint}`, url: at(e.path, 'model.json') })) : undefined,
    }
  })
  return { about: typeof about === 'string' ? about : undefined, models }
}

/** Entry `index` of an index's `models` list, checked field by field. */
function indexEntry(value: unknown, index: number, indexUrl: string): IndexEntry {
  const where = `${indexUrl}: models[${index}]`
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ModelIndexError(`${where} is ${quote(value)}, not an entry like { "name": "ZooNet standard", "variant": "standard", "checkpoint": 0, "path": "standard" }.`)
  }
  const entry = value as Record<string, unknown>
  const text = (key: 'name' | 'variant' | 'path') => {
    const v = entry[key]
    if (typeof v !== 'string' || v.trim() === '' || v.length > APP_STATE_LIMITS.stringLength) {
      throw new ModelIndexError(`${where}.${key} must be text of 1 to ${APP_STATE_LIMITS.stringLength} characters, got ${quote(v)}.`)
    }
    return v
  }
  const { name, variant, path } = { name: text('name'), variant: text('variant'), path: text('path') }
  if (!isHttpOrRelativeUrl(path)) throw new ModelIndexError(`${where}.path ${quote(path)} is neither a relative path nor an http(s) URL.`)
  const checkpoint = entry.checkpoint
  if (typeof checkpoint !== 'number' || !Number.isInteger(checkpoint) || checkpoint < 0 || checkpoint > 1e6) {
    throw new ModelIndexError(`${where}.checkpoint must be a whole number from 0 to 1000000, got ${quote(checkpoint)}.`)
  }
  return { name, variant, checkpoint, path, index }
}

/**
 * A response's text, read no further than `maxBytes` (refused with `tooLarge()` beyond, before
 * reading it all when the server says its length).
 */
export async function readText(response: Response, maxBytes: number, tooLarge: () => Error): Promise<string> {
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge()
  if (!response.body) {
    const text = await response.text()
    if (new TextEncoder().encode(text).length > maxBytes) throw tooLarge()
    return text
  }
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.length
    if (size > maxBytes) {
      await reader.cancel()
      throw tooLarge()
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.length
  }
  return new TextDecoder().decode(bytes)
}

/** The zoo variants the default comparison puts side by side (thesis §5: standard vs robust). */
export const ZOO_DEFAULT_PAIR = { model1: 'standard', model2: 'adversarial' } as const

/**
 * A fresh app's state for a model zoo: Model 1 = the standard model, Model 2 = the adversarially
 * trained one (both fully trained), so the page opens on the comparison the zoo exists for. A zoo
 * without those variants falls back to its first model in Model 1 and no Model 2.
 */
export function zooInitialState(models: readonly AppModelConfig[]): AppState {
  const has = (id: string) => models.some((m) => m.id === id)
  const model1 = has(ZOO_DEFAULT_PAIR.model1) ? ZOO_DEFAULT_PAIR.model1 : models[0]?.id
  const state = defaultAppState(model1 ? { kind: 'config', id: model1 } : null)
  if (has(ZOO_DEFAULT_PAIR.model2) && model1 !== ZOO_DEFAULT_PAIR.model2) state.models.model2 = { kind: 'config', id: ZOO_DEFAULT_PAIR.model2 }
  return state
}
