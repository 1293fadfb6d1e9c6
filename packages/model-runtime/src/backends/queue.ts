import * as tf from '@tensorflow/tfjs'

/** Called around every task of a queue, e.g. to hand a shared WebGL context back and forth. */
export interface BackendQueueHooks {
  /** Runs after the task's backend is active, before the task. */
  before?: (backend: string) => void
  /** Runs after the task, even when it failed. */
  after?: (backend: string) => void
}

/**
 * Serialises all TF.js work of a runtime. TF.js has one global active backend; tasks that await
 * (downloads, yielding between optimisation steps) must not interleave with tasks for another
 * backend, so every task runs alone, after switching to its backend.
 */
export class BackendQueue {
  private tail: Promise<unknown> = Promise.resolve()

  /** @param home the backend left active between tasks, so code outside the queue finds it. */
  constructor(
    private readonly home?: string,
    private readonly hooks: BackendQueueHooks = {},
  ) {}

  run<T>(backend: string, task: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(async () => {
      if (tf.getBackend() !== backend && !(await tf.setBackend(backend))) {
        throw new Error(`TF.js backend "${backend}" could not be activated.`)
      }
      try {
        this.hooks.before?.(backend)
        return await task()
      } finally {
        this.hooks.after?.(backend)
        if (this.home && tf.getBackend() !== this.home) await tf.setBackend(this.home)
      }
    })
    // a failed task must not poison the tasks queued after it
    this.tail = result.catch(() => undefined)
    return result
  }

  /** Resolves when everything queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined)
  }
}
