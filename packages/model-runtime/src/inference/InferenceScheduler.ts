import { channelsKey } from './channels'
import type { FrameInput, FrameResult, ModelRequest } from './types'

export type RunFrame = (frame: FrameInput, requests: readonly ModelRequest[]) => Promise<FrameResult>

export interface InferenceSchedulerOptions {
  onResult: (result: FrameResult) => void
  onError?: (error: unknown, frameId: number) => void
}

/** Identifies the work a result answers: the frame, the request, and the models' weight versions. */
function workKey(frameId: number, requests: readonly ModelRequest[]): string {
  return JSON.stringify([
    frameId,
    requests.map((r) => [r.model.id, r.model.version, r.layer, channelsKey(r.channels), r.topChannels, r.predictions, r.topK, r.probabilities, r.logits, r.channelMeans]),
  ])
}

/**
 * Latest-frame-wins scheduling: at most one inference runs; frames submitted meanwhile replace
 * each other, so only the newest waits. Work whose frame, request and model versions equal the last
 * computed is skipped, so nothing runs when nothing changed.
 */
export class InferenceScheduler {
  private requests: readonly ModelRequest[] = []
  private latest: FrameInput | undefined
  private pending = false
  private running = false
  private lastKey = ''
  private disposed = false
  private readonly readyListeners = new Set<() => void>()
  /** Frames replaced before they ran (for diagnostics and tests). */
  dropped = 0
  /** Inferences actually run. */
  runs = 0

  constructor(
    private readonly runFrame: RunFrame,
    private readonly options: InferenceSchedulerOptions,
  ) {}

  /** Sets what to compute; re-runs on the latest frame if it differs from what was computed. */
  setRequests(requests: readonly ModelRequest[]) {
    this.requests = requests
    if (this.latest) this.schedule()
  }

  /** Offers a new frame (pixels, or a texture when the runtime accepts them). */
  submit(frame: FrameInput) {
    if (this.pending && this.latest && this.latest.frameId !== frame.frameId) this.dropped++
    this.latest = frame
    this.schedule()
  }

  /** Re-checks the latest frame, e.g. after a model's weights were edited (its version changed). */
  refresh() {
    if (this.latest) this.schedule()
  }

  /** True while an inference runs or waits. */
  get busy() {
    return this.running || this.pending
  }

  /** Resolves once no inference is running or waiting. */
  async idle(): Promise<void> {
    while (this.busy) await new Promise((resolve) => setTimeout(resolve, 1))
  }

  /** True while a submitted frame waits for the running inference (it runs next unless replaced). */
  get waiting() {
    return this.running && this.pending
  }

  /**
   * Calls `listener` whenever the scheduler can take a frame without one being replaced: when it
   * starts running the frame that waited (so the next can be prepared meanwhile, e.g. rendered
   * and read back while this one is inferred) and when it becomes idle. With `waiting`, this
   * makes it a scene's `FramePacer`. Returns an unsubscribe.
   */
  subscribeReady(listener: () => void): () => void {
    this.readyListeners.add(listener)
    return () => this.readyListeners.delete(listener)
  }

  dispose() {
    this.disposed = true
    this.latest = undefined
    this.readyListeners.clear()
  }

  private schedule() {
    this.pending = true
    if (!this.running) void this.loop()
  }

  private async loop() {
    this.running = true
    const runsBefore = this.runs
    try {
      while (this.pending && !this.disposed) {
        this.pending = false
        const frame = this.latest
        const requests = this.requests
        if (!frame || requests.length === 0) continue
        const key = workKey(frame.frameId, requests)
        if (key === this.lastKey) continue
        try {
          this.runs++
          // before the inference starts: a listener's GPU work for the next frame overlaps it
          this.notifyReady()
          const result = await this.runFrame(frame, requests)
          this.lastKey = key
          if (!this.disposed) this.options.onResult(result)
        } catch (error) {
          this.options.onError?.(error, frame.frameId)
        }
      }
    } finally {
      this.running = false
    }
    // only after real work: a loop that skipped everything ran synchronously, so nobody waited on it
    // (and a listener re-submitting the same frame cannot recurse)
    if (this.runs !== runsBefore) this.notifyReady()
  }

  private notifyReady() {
    if (!this.disposed) this.readyListeners.forEach((listener) => listener())
  }
}
