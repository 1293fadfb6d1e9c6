import type { PerturberModel } from '../types'
import type { FeatureVisResult, ResolvedFeatureVisOptions } from './types'

/** The part of a request that decides the image, besides the model. */
export interface FeatureVisRequest {
  layer: string
  channel: number
  steps: number
  options: ResolvedFeatureVisOptions
}

/**
 * Finished feature visualizations per model instance, layer, channel and settings (parameterisation,
 * objective, size, seed, steps, …), so asking again returns the same result object at once. Entries
 * remember the model version they were computed for; once the model's weights change (its version
 * moves on), every entry of that model is dropped on the next lookup. Least recently used entries
 * go first when `maxEntries` is reached (a 128² result is 64 KiB).
 */
export class FeatureVisCache {
  private readonly entries = new Map<string, { modelId: string; version: number; result: FeatureVisResult }>()

  constructor(readonly maxEntries = 512) {}

  get size() {
    return this.entries.size
  }

  static key(modelId: string, request: FeatureVisRequest): string {
    return JSON.stringify([modelId, request.layer, request.channel, request.steps, request.options])
  }

  get(model: PerturberModel, request: FeatureVisRequest): FeatureVisResult | undefined {
    const key = FeatureVisCache.key(model.id, request)
    const entry = this.entries.get(key)
    if (!entry) return undefined
    if (entry.version !== model.version) {
      this.invalidate(model.id, model.version)
      return undefined
    }
    // refresh its place in the LRU order
    this.entries.delete(key)
    this.entries.set(key, entry)
    return entry.result
  }

  set(model: PerturberModel, request: FeatureVisRequest, result: FeatureVisResult): void {
    if (result.modelVersion !== model.version) return // weights changed while it ran: stale already
    const key = FeatureVisCache.key(model.id, request)
    this.entries.delete(key)
    this.entries.set(key, { modelId: model.id, version: model.version, result })
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!)
  }

  /** Drops a model's entries (all, or those not computed for `keepVersion`); without a model id, everything. */
  invalidate(modelId?: string, keepVersion?: number): void {
    for (const [key, entry] of this.entries) {
      if (modelId === undefined || (entry.modelId === modelId && entry.version !== keepVersion)) this.entries.delete(key)
    }
  }
}

/** The cache {@link runFeatureVis} uses unless told otherwise. */
export const defaultFeatureVisCache = new FeatureVisCache()
