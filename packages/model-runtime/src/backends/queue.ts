import * as tf from '@tensorflow/tfjs'

/**
 * Serialises all TF.js work of a runtime. TF.js has one global active backend; tasks that await
 * (downloads, yielding between optimisation steps) must not interleave with tasks for another
 * backend, so every task runs alone, after switching to its backend.
 */
export class BackendQueue {
  private tail: Promise<unknown> = Promise.resolve()

  /** @param home the backend left active between tasks, so code outside the queue finds it. */
  constructor(private readonly home?: string) {}

  run<T>(backend: string, task: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(async () => {
      if (tf.getBackend() !== backend && !(await tf.setBackend(backend))) {
        throw new Error(`TF.js backend "${backend}" could not be activated.`)
      }
      try {
        return await task()
      } finally {
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
