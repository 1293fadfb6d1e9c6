/**
 * The hooks every editing test file shares (not exported from the package): TF.js on the cpu
 * backend, and disposal after each test of whatever the test handed to `own`.
 */
import * as tf from '@tensorflow/tfjs'
import { afterEach, beforeAll } from 'vitest'

/** Call once at the top of a test file; returns `own`, which registers a model (or anything disposable) and returns it. */
export function editingTestSetup(): <T extends { dispose(): void }>(disposable: T) => T {
  beforeAll(async () => {
    await tf.setBackend('cpu')
  })
  let owned: { dispose(): void }[] = []
  afterEach(() => {
    owned.forEach((m) => m.dispose())
    owned = []
  })
  return (disposable) => (owned.push(disposable), disposable)
}
