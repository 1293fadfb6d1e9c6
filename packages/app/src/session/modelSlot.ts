import type { LoadProgress, ModelRuntime, PerturberModel } from '@perturber/model-runtime'
import type { ModelSlotStatus } from '@perturber/viz'
import type { ModelSlotRequest } from '../state/modelSlots'

/** A model a slot holds; `release()` gives it back (the loader disposes it, or keeps it for others). */
export interface HeldModel {
  model: PerturberModel
  release(): void
}

/**
 * How slots get their models: the default loads each through `runtime.load` and disposes it when
 * released; figures share one copy of each URL across a page ({@link sharedModelLoader}).
 */
export type ModelLoader = (request: ModelSlotRequest, options: { signal: AbortSignal; onProgress(progress: LoadProgress): void }) => Promise<HeldModel>

/** Frees a model after anything already queued with it, and its gradient twin. */
export function disposeModel(runtime: ModelRuntime, model: PerturberModel): void {
  void runtime.release(model).then(() => runtime.forward(() => model.dispose()))
}

/** Loads through `runtime.load` (with the descriptor file the configuration names, if any; else the model's own). */
export function runtimeModelLoader(runtime: ModelRuntime): ModelLoader {
  return async (request, { signal, onProgress }) => {
    const model = await runtime.load(request.source, { descriptorUrl: request.descriptorUrl, signal, onProgress })
    return { model, release: () => disposeModel(runtime, model) }
  }
}

export interface ModelSlotSnapshot {
  /** the loaded model; a failed load keeps the previous one, so the view keeps working */
  model: PerturberModel | null
  status: ModelSlotStatus
}

/**
 * One slot's model: loads whenever the request changes (null empties the slot), with progress
 * and the loader's error message for the slot to show; the latest request wins. A failed load
 * keeps the model the slot held, and its message until another model is asked for. Models the
 * slot lets go of are released.
 */
export class ModelSlot {
  private held: HeldModel | null = null
  private heldKey: string | null = null
  private loading: AbortController | null = null
  private snapshot: ModelSlotSnapshot = { model: null, status: {} }
  private disposed = false

  constructor(
    private readonly loader: () => ModelLoader | null,
    private readonly onChange: (snapshot: ModelSlotSnapshot) => void,
  ) {}

  get state(): ModelSlotSnapshot {
    return this.snapshot
  }

  /** whether a load is under way */
  get busy(): boolean {
    return this.loading !== null
  }

  /** Asks for `request`'s model (a no-op while it is the one held or loading). */
  request(request: ModelSlotRequest | null): void {
    const load = this.loader()
    if (!load || this.disposed) return
    const key = request?.key ?? null
    // the request under way, or the one that just failed (its error stays until another is made)
    if (key !== null && (key === this.loadingKey || key === this.failedKey)) return
    if (key === this.heldKey && !this.loading) {
      // still (or again, after a failed or cancelled load) on the model the slot holds: the failed
      // load's message stays until another model is asked for
      this.failedKey = null
      return this.set({ model: this.held?.model ?? null, status: this.snapshot.status.error ? this.snapshot.status : {} })
    }
    this.failedKey = null
    this.loading?.abort()
    this.loading = null
    this.loadingKey = null
    if (key === this.heldKey) {
      // back to the model the slot still holds (e.g. after a failed load): nothing to load, no error
      return this.set({ model: this.held?.model ?? null, status: {} })
    }
    if (!request) {
      this.letGo()
      return this.set({ model: null, status: {} })
    }
    const controller = new AbortController()
    this.loading = controller
    this.loadingKey = request.key
    this.set({ model: this.snapshot.model, status: { loading: { fraction: 0, message: 'Loading…' } } })
    const onProgress = ({ fraction, stage }: LoadProgress) =>
      !controller.signal.aborted && this.set({ model: this.snapshot.model, status: { loading: { fraction, message: `${stage} ${Math.round(fraction * 100)}%` } } })
    load(request, { signal: controller.signal, onProgress }).then(
      (held) => {
        if (controller.signal.aborted) return held.release()
        this.finish(controller)
        this.letGo()
        this.held = held
        this.heldKey = request.key
        this.set({ model: held.model, status: {} })
      },
      (e: unknown) => {
        if (controller.signal.aborted) return
        this.finish(controller)
        this.failedKey = request.key
        this.set({ model: this.snapshot.model, status: { error: e instanceof Error ? e.message : String(e) } })
      },
    )
  }

  /** the key of the request whose load failed or was cancelled last (until another is made) */
  get failedRequest(): string | null {
    return this.failedKey
  }

  /** the key of the request whose model the slot holds */
  get heldRequest(): string | null {
    return this.heldKey
  }

  /** Stops the load under way; the slot keeps the model it had, and the cancelled request is not retried until asked for again. */
  cancel(): void {
    if (!this.loading) return
    this.loading.abort()
    this.failedKey = this.loadingKey
    this.loading = null
    this.loadingKey = null
    this.set({ model: this.snapshot.model, status: {} })
  }

  dispose(): void {
    this.disposed = true
    this.loading?.abort()
    this.loading = null
    this.letGo()
  }

  private loadingKey: string | null = null
  private failedKey: string | null = null

  private finish(controller: AbortController) {
    if (this.loading !== controller) return
    this.loading = null
    this.loadingKey = null
  }

  private letGo() {
    this.held?.release()
    this.held = null
    this.heldKey = null
  }

  private set(snapshot: ModelSlotSnapshot) {
    const { model, status } = this.snapshot
    if (snapshot.model === model && JSON.stringify(snapshot.status) === JSON.stringify(status)) return
    this.snapshot = snapshot
    if (!this.disposed) this.onChange(snapshot)
  }
}
