import type { LoadProgress, ModelRuntime, PerturberModel } from '@perturber/model-runtime'

/**
 * A model by URL; the runtime finds its descriptor (in model.json, or the descriptor.json next to
 * it) unless `descriptorUrl` names another one.
 */
export interface SharedModelRequest {
  url: string
  descriptorUrl?: string
}

export interface SharedModelLease {
  model: Promise<PerturberModel>
  /** the holder is done with the model; the last release disposes it (after `releaseDelayMs`) */
  release(): void
}

interface Entry {
  model: Promise<PerturberModel>
  holders: number
  progress: Set<(progress: LoadProgress) => void>
  disposeTimer: ReturnType<typeof setTimeout> | null
}

export type LoadShared = (request: SharedModelRequest, onProgress: (progress: LoadProgress) => void) => Promise<PerturberModel>

/**
 * The models of all figures on a page: each URL is downloaded and built once, however many
 * figures show it (an article compares the same standard model in several figures), and disposed
 * when the last figure lets go. Disposal waits `releaseDelayMs`, so a figure that remounts at once
 * (React StrictMode, a custom element moved in the DOM) keeps the model instead of reloading it.
 * A failed load is forgotten, so the next figure asking tries again.
 */
export class SharedModels {
  private readonly entries = new Map<string, Entry>()

  constructor(
    private readonly load: LoadShared,
    private readonly dispose: (model: PerturberModel) => void,
    private readonly releaseDelayMs = 2000,
  ) {}

  /** How many distinct models are loaded or loading (for tests and diagnostics). */
  get size(): number {
    return this.entries.size
  }

  acquire(request: SharedModelRequest, onProgress?: (progress: LoadProgress) => void): SharedModelLease {
    const key = `${request.url}\n${request.descriptorUrl ?? ''}`
    let entry = this.entries.get(key)
    if (!entry) {
      const progress = new Set<(progress: LoadProgress) => void>()
      const created: Entry = { model: this.load(request, (p) => progress.forEach((listener) => listener(p))), holders: 0, progress, disposeTimer: null }
      created.model.catch(() => {
        if (this.entries.get(key) === created) this.entries.delete(key)
      })
      this.entries.set(key, created)
      entry = created
    }
    const held = entry
    if (held.disposeTimer !== null) {
      clearTimeout(held.disposeTimer)
      held.disposeTimer = null
    }
    held.holders++
    if (onProgress) held.progress.add(onProgress)
    let released = false
    return {
      model: held.model,
      release: () => {
        if (released) return
        released = true
        if (onProgress) held.progress.delete(onProgress)
        if (--held.holders > 0) return
        held.disposeTimer = setTimeout(() => {
          if (held.holders > 0 || this.entries.get(key) !== held) return
          this.entries.delete(key)
          held.model.then(this.dispose, () => {})
        }, this.releaseDelayMs)
      },
    }
  }
}

const perRuntime = new WeakMap<ModelRuntime, SharedModels>()

/** The page's shared models on `runtime` (loaded there with their descriptors, disposed on its queue). */
export function sharedModelsOf(runtime: ModelRuntime): SharedModels {
  let models = perRuntime.get(runtime)
  if (!models) {
    models = new SharedModels(
      ({ url, descriptorUrl }, onProgress) => runtime.load(url, { descriptorUrl, onProgress }),
      (model) => void runtime.release(model).then(() => runtime.forward(() => model.dispose())),
    )
    perRuntime.set(runtime, models)
  }
  return models
}
