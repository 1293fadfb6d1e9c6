import type { AppModelConfig } from './config'
import { defaultAppState, type AppState } from './state/appState'

/** What a model zoo's `index.json` (tools/zoo/export_zoo.py) says about one exported model. */
interface IndexEntry {
  name: string
  variant: string
  checkpoint: number
  path: string
  cleanAccuracy?: number
}

export interface ModelIndex {
  about?: string
  models: AppModelConfig[]
}

/**
 * Reads a model zoo's `index.json` into the app's model list: one entry per variant, its
 * checkpoints in order (the slider), each with its model.json (whose descriptor the runtime finds
 * itself: embedded in model.json, else the descriptor.json next to it). Resolves to null when there
 * is no index (HTTP 404), so the app can say so; rejects on a malformed one.
 */
export async function loadModelIndex(indexUrl: string, fetchImpl: typeof fetch = fetch): Promise<ModelIndex | null> {
  const response = await fetchImpl(indexUrl)
  if (response.status === 404) return null
  if (!response.ok) throw new Error(`Could not fetch ${indexUrl}: HTTP ${response.status}`)
  // a dev server answers a missing file with its HTML page: that is no index either
  if (!(response.headers.get('content-type') ?? '').includes('json')) return null
  const index = (await response.json()) as { about?: string; models?: IndexEntry[] }
  if (!Array.isArray(index.models)) throw new Error(`${indexUrl} has no "models" list.`)
  const base = new URL(indexUrl, typeof location === 'undefined' ? 'http://localhost/' : location.href)
  const at = (path: string, file: string) => new URL(`${path.replace(/\/$/, '')}/${file}`, base).href
  const byVariant = new Map<string, IndexEntry[]>()
  for (const entry of index.models) byVariant.set(entry.variant, [...(byVariant.get(entry.variant) ?? []), entry])
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
  return { about: index.about, models }
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
