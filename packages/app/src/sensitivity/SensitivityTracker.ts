import { createStore, type StoreApi } from 'zustand/vanilla'
import type { PerturberSession } from '../session/PerturberSession'
import { computeSensitivities, isAbort, type SensitivityOptions, type SensitivityOutput, type SensitivityResult } from './sensitivity'

export type SensitivityStatus = 'off' | 'waiting' | 'computing' | 'done' | 'failed'

/** The sensitivities as the interface shows them (`tracker.store`). */
export interface SensitivityTrackerState {
  enabled: boolean
  output: SensitivityOutput
  status: SensitivityStatus
  /** the computation under way (its parameters so far) or the last one */
  result: SensitivityResult | null
  /** the last complete result of the same output: shown faded for parameters the current one has not reached */
  previous: SensitivityResult | null
  /** whether `result` belongs to an earlier state than the current one (a newer computation waits) */
  stale: boolean
  /** why the last computation failed, in the user's terms */
  error: string | null
  /** computations stopped because the state changed while they ran */
  aborted: number
}

export interface SensitivityTrackerOptions {
  /** how long the state must stay unchanged before computing (ms; default 500) */
  delayMs?: number
  /** what to compute with (default {@link computeSensitivities}; tests pass their own) */
  compute?: (session: PerturberSession, options: SensitivityOptions) => Promise<SensitivityResult>
  output?: SensitivityOutput
  enabled?: boolean
}

/**
 * Keeps the sensitivities of the session's current state up to date without getting in the way:
 * when the scene (parameters, chain, object, background, a load finishing, an attack step) or the
 * analysed model changes, the computation under way stops at its next sample and a new one starts once nothing
 * has changed for `delayMs`, i.e. when the user pauses. Until then the last result stays, marked
 * stale.
 */
export class SensitivityTracker {
  readonly store: StoreApi<SensitivityTrackerState>
  private readonly delayMs: number
  private readonly compute: NonNullable<SensitivityTrackerOptions['compute']>
  private timer: ReturnType<typeof setTimeout> | null = null
  private running: AbortController | null = null
  private readonly unsubscribe: (() => void)[]
  private modelKey: string
  /** the last finished result, for the output asked for now */
  private lastComplete: SensitivityResult | null = null
  /** a computation waits for the scene's renderer: its first frame's result starts it */
  private awaitingRenderer = false
  private disposed = false

  constructor(
    private readonly session: PerturberSession,
    options: SensitivityTrackerOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 500
    this.compute = options.compute ?? computeSensitivities
    const enabled = options.enabled ?? true
    this.store = createStore<SensitivityTrackerState>()(() => ({ enabled, output: options.output ?? { kind: 'top-class' }, status: enabled ? 'waiting' : 'off', result: null, previous: null, stale: false, error: null, aborted: 0 }))
    this.modelKey = this.currentModelKey()
    this.unsubscribe = [
      session.scene.subscribe((s, prev) => {
        const loaded = prev.loading !== null && s.loading === null
        if (s.params !== prev.params || s.chain !== prev.chain || s.object !== prev.object || s.background !== prev.background || loaded) this.changed()
      }),
      session.results.subscribe(() => {
        if (!this.awaitingRenderer || !session.frames.renderer()) return
        this.awaitingRenderer = false
        this.changed()
      }),
      session.store.subscribe(() => {
        const key = this.currentModelKey()
        if (key === this.modelKey) return
        this.modelKey = key
        this.changed()
      }),
    ]
    if (enabled) this.schedule()
  }

  get state(): SensitivityTrackerState {
    return this.store.getState()
  }

  /** Differentiates another output from now on (the results so far were for the old one: they go). */
  setOutput(output: SensitivityOutput): void {
    if (JSON.stringify(output) === JSON.stringify(this.state.output)) return
    this.lastComplete = null
    this.store.setState({ output, result: null, previous: null, stale: false, error: null })
    this.changed()
  }

  /** Switches the computations on or off (off: nothing runs, nothing is shown). */
  setEnabled(enabled: boolean): void {
    if (enabled === this.state.enabled) return
    this.lastComplete = null
    this.store.setState({ enabled, result: null, previous: null, stale: false, error: null, status: enabled ? 'waiting' : 'off' })
    if (enabled) this.schedule()
    else this.stop()
  }

  dispose(): void {
    this.disposed = true
    this.stop()
    this.unsubscribe.forEach((u) => u())
  }

  /**
   * The analysed model and its weights (an edit or another model changes every number) and the
   * attack's step (a step changes the δ the adversarial overlay adds, outside the scene's state).
   */
  private currentModelKey(): string {
    const { shown, runtime, attack } = this.session.store.getState()
    const model = shown[0]?.model
    return model && runtime ? `${model.id}@${model.version} ${attack?.step ?? 0}` : ''
  }

  private changed() {
    if (this.disposed || !this.state.enabled) return
    this.stop()
    this.store.setState({ status: 'waiting', stale: this.state.result !== null })
    this.schedule()
  }

  private stop() {
    if (this.timer !== null) clearTimeout(this.timer)
    this.timer = null
    this.running?.abort()
    this.running = null
  }

  private schedule() {
    this.timer = setTimeout(() => {
      this.timer = null
      void this.run()
    }, this.delayMs)
  }

  private async run() {
    if (this.disposed || !this.state.enabled || !this.modelKey) {
      // no model yet: the model key changing starts a computation
      if (!this.modelKey && this.state.enabled) this.store.setState({ status: 'waiting' })
      return
    }
    if (!this.session.frames.renderer()) {
      this.awaitingRenderer = true
      return
    }
    const controller = new AbortController()
    this.running = controller
    const { output } = this.state
    // the last complete result stays visible (faded) for the parameters the new one has not reached
    this.store.setState({ status: 'computing', previous: this.lastComplete, result: null, stale: false })
    const live = () => this.running === controller && !controller.signal.aborted
    try {
      const result = await this.compute(this.session, { output, signal: controller.signal, onProgress: (partial) => live() && this.store.setState({ result: { ...partial } }) })
      if (!live()) return
      this.lastComplete = result
      this.store.setState({ status: 'done', result, previous: null, error: null })
    } catch (e) {
      if (isAbort(e) || controller.signal.aborted) this.store.setState({ aborted: this.state.aborted + 1 })
      else if (live()) this.store.setState({ status: 'failed', error: e instanceof Error ? e.message : String(e) })
    } finally {
      if (this.running === controller) this.running = null
    }
  }
}
