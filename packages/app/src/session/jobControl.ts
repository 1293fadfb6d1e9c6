import { createStore, type StoreApi } from 'zustand/vanilla'

export type JobStatus = 'starting' | 'running' | 'paused' | 'done' | 'cancelled' | 'failed'

/** A background job over a session (a sweep, a batch) as the interface shows it. */
export interface JobState<R> {
  status: JobStatus
  /** items of this run */
  total: number
  done: number
  elapsedMs: number
  /** an estimate from the items so far, while running */
  remainingMs: number | null
  /** why it failed or stopped early, in the user's terms */
  error: string | null
  /** the items so far (the finished result once `status` is `'done'`) */
  result: R | null
}

/** How often a job publishes its result while running: plots and tables redraw a few times a second, not per item. */
const PUBLISH_INTERVAL_MS = 150

/**
 * What every background job shares: pause, resume and cancel between items, progress with time
 * left, and a result published a few times a second (never copied per item). The job calls
 * `begin()`, then `proceed()` before each item (false: cancelled), `progress(done)` after it, and
 * `end()`; a thrown error goes to `fail(e)`. `snapshot()` copies the result as it stands.
 */
export class JobControl<R> {
  readonly store: StoreApi<JobState<R>>
  private paused: (() => void) | null = null
  private pausedAt: Promise<void> | null = null
  private cancelled = false
  private started = 0
  private published = 0

  constructor(
    total: number,
    private readonly snapshot: () => R | null,
  ) {
    this.store = createStore<JobState<R>>()(() => ({ status: 'starting', total, done: 0, elapsedMs: 0, remainingMs: null, error: null, result: null }))
  }

  get state(): JobState<R> {
    return this.store.getState()
  }

  pause(): void {
    if (this.paused || this.isOver()) return
    this.pausedAt = new Promise((resolve) => (this.paused = resolve))
    this.store.setState({ status: 'paused' })
  }

  resume(): void {
    const resume = this.paused
    if (!resume) return
    this.paused = null
    this.pausedAt = null
    if (!this.isOver()) this.store.setState({ status: 'running' })
    resume()
  }

  /** Stops after the item under way; the items so far stay in `result`. */
  cancel(): void {
    this.cancelled = true
    this.resume()
  }

  begin(): void {
    this.started = performance.now()
    this.publish(0, 'running')
  }

  /** Waits while paused; false once cancelled. */
  async proceed(): Promise<boolean> {
    if (this.pausedAt) await this.pausedAt
    return !this.cancelled
  }

  /** After an item: publishes when the last publication is old enough. */
  progress(done: number): void {
    if (performance.now() - this.published > PUBLISH_INTERVAL_MS) this.publish(done)
  }

  end(done: number): void {
    this.publish(done, this.cancelled ? 'cancelled' : 'done')
  }

  fail(e: unknown): void {
    this.store.setState({ status: 'failed', error: e instanceof Error ? e.message : String(e), remainingMs: null, result: this.snapshot() })
  }

  private publish(done: number, status: JobStatus = this.store.getState().status) {
    this.published = performance.now()
    const elapsedMs = this.published - this.started
    const { total } = this.store.getState()
    const remainingMs = status === 'running' || status === 'paused' ? (done ? (elapsedMs / done) * (total - done) : null) : null
    this.store.setState({ status, done, elapsedMs, remainingMs, result: this.snapshot() })
  }

  private isOver() {
    const { status } = this.store.getState()
    return status === 'done' || status === 'cancelled' || status === 'failed'
  }
}
