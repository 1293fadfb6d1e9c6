import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { createModelRuntime } from '@perturber/model-runtime'
import { PgdAttack } from '@perturber/model-runtime/attacks'
import { FeatureVisRun } from '@perturber/model-runtime/featurevis'
import { LayersPerturberModel } from '@perturber/model-runtime/model'
import { wasmPaths } from './support/wasm'
import { branchingModel, testFrame, tinyDescriptor } from '../../packages/model-runtime/src/testing/tinyModels'

/**
 * Issue 12 in a real browser: the low-level gradient classes refuse wasm while the runtime's attack
 * works with wasm forward passes (item 10), and one model failing on a frame does not take the
 * others with it on the real backends (item 2).
 */
describe('gradients and failures on the real backends', () => {
  it('PgdAttack and FeatureVisRun refuse wasm; runtime.createAttack works with wasm forward passes', async () => {
    const runtime = await createModelRuntime({ wasmPaths })
    expect(runtime.plan.forward).toBe('wasm')
    const model = await runtime.forward(() => new LayersPerturberModel(branchingModel(3), tinyDescriptor()))
    await runtime.forward(() => {
      expect(tf.getBackend()).toBe('wasm')
      expect(() => new PgdAttack(model, testFrame(1))).toThrow(
        "PgdAttack cannot run on TF.js' wasm backend: its gradients are wrong there (max-pool gradients are lost where pooled values are negative, convolution filter gradients are missing). Use runtime.createAttack, which runs on a backend with correct gradients, or tf.setBackend('webgl') (or 'cpu') first.",
      )
      expect(() => new FeatureVisRun(model, 'mixed3a', 0)).toThrow(/^FeatureVisRun cannot run on TF\.js' wasm backend: .* Use runtime\.featureVis, which runs on a backend with correct gradients/)
    })
    const attack = await runtime.createAttack(model, testFrame(1), { epsilon: 0.1 })
    const result = await attack.step(2)
    expect(result.after.original).toBeLessThan(result.before.original)
    await attack.dispose()

    // a disposed Model 2 among the requests: Model 1 still predicts, nothing leaks
    const other = await runtime.forward(() => new LayersPerturberModel(branchingModel(4), tinyDescriptor({ name: 'Model 2' })))
    await runtime.forward(() => other.dispose())
    const before = await runtime.forward(() => tf.memory().numTensors)
    const frame = await runtime.infer(testFrame(2), [{ model: other, predictions: true }, { model, layer: 'mixed3a', channels: 'all', probabilities: 'all' }])
    expect(await runtime.forward(() => tf.memory().numTensors)).toBe(before)
    expect(frame.models[0].problem?.message).toBe('Model 2 could not compute this frame (Model "Model 2" has been disposed): its maps and predictions are not shown.')
    expect(frame.models[1].activations!.channels).toHaveLength(9)
    expect(Math.abs(frame.models[1].probabilities!.reduce((s, p) => s + p, 0) - 1)).toBeLessThan(1e-6)
    await runtime.release(model)
    await runtime.forward(() => model.dispose())
  })
})
