/**
 * `runtime.prepareAttacks`: compiling an attack's WebGL programs ahead of the user's first PGD
 * step. Checked by what the WebGL backend compiled, not by timing: after the warm-up, a real
 * attack on a different frame must not compile a single new program.
 */
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { LayersPerturberModel } from '@perturber/model-runtime/model'
import { createModelRuntime, type ModelRuntime } from '@perturber/model-runtime'
import { branchingModel, residualModel, testFrame, tinyDescriptor } from '../../packages/model-runtime/src/testing/tinyModels'

/** The WebGL backend's compiled-program cache (keyed by op and shapes); not public API, hence the guard. */
function compiledPrograms(): number {
  const cache = (tf.engine().findBackend('webgl') as unknown as { binaryCache?: Record<string, unknown> }).binaryCache
  if (!cache) throw new Error('TF.js webgl backend has no binaryCache: this test needs updating for the installed TF.js')
  return Object.keys(cache).length
}

describe('ModelRuntime.prepareAttacks (webgl)', () => {
  let runtime: ModelRuntime
  let model: LayersPerturberModel
  let other: LayersPerturberModel

  beforeAll(async () => {
    runtime = await createModelRuntime({ forward: 'webgl', gradient: 'webgl' })
    model = await runtime.forward(() => new LayersPerturberModel(branchingModel(3, 16, 5), tinyDescriptor()))
    other = await runtime.forward(() => new LayersPerturberModel(residualModel(4, 16, 5), tinyDescriptor()))
  })
  afterAll(async () => {
    await runtime.forward(() => (model.dispose(), other.dispose()))
  })

  test('compiles every program the first real step needs, leaves no tensors, and runs once per model and size', async () => {
    const frame = testFrame(1, 24, 20, 3)
    await runtime.infer(frame, [{ model, predictions: true }]) // forward programs exist before we count
    const tensors = tf.memory().numTensors

    expect(await runtime.prepareAttacks(model, 24, 20)).toBe(true)
    expect(tf.memory().numTensors).toBe(tensors)
    const afterWarmUp = compiledPrograms()
    expect(await runtime.prepareAttacks(model, 24, 20)).toBe(false) // cached: nothing runs
    expect(compiledPrograms()).toBe(afterWarmUp)

    for (const norm of ['linf', 'l2'] as const) {
      const attack = await runtime.createAttack(model, testFrame(2, 24, 20, 7), { norm, targeted: { target: 3 } })
      const result = await attack.step(2)
      await attack.dispose()
      expect(result.step).toBe(2)
      expect(result.after.target!).toBeGreaterThan(result.before.target!) // a real, working attack
    }
    expect(compiledPrograms()).toBe(afterWarmUp)
    expect(tf.memory().numTensors).toBe(tensors)
  })

  test('without it, the first step compiles new programs (what the warm-up saves)', async () => {
    const frame = testFrame(3, 24, 20)
    await runtime.infer(frame, [{ model: other, predictions: true }])
    const before = compiledPrograms()
    const attack = await runtime.createAttack(other, frame)
    await attack.step()
    await attack.dispose()
    expect(compiledPrograms()).toBeGreaterThan(before)
  })

  test('a different frame size is a separate warm-up; release() forgets the model', async () => {
    expect(await runtime.prepareAttacks(model, 16, 16)).toBe(true)
    expect(await runtime.prepareAttacks(model, 16, 16)).toBe(false)
    await runtime.release(model)
    expect(await runtime.prepareAttacks(model, 16, 16)).toBe(true)
  })
})
