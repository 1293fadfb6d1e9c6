import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FeatureVisRun } from '../featurevis/FeatureVisRun'
import { asFiles, saveModel } from '../load/testFixtures'
import { LayersPerturberModel } from '../model/LayersPerturberModel'
import { createModelRuntime } from '../runtime/ModelRuntime'
import { branchingModel, testFrame, tinyDescriptor } from '../testing/tinyModels'
import { PgdAttack } from './PgdAttack'

/**
 * The low-level PgdAttack and FeatureVisRun refuse TF.js' wasm backend, whose input gradients are
 * silently wrong (issue 12, item 10); the runtime's own createAttack / featureVis keep working,
 * since they run on its gradient backend.
 */

const PGD_REFUSAL =
  "PgdAttack cannot run on TF.js' wasm backend: its gradients are wrong there (max-pool gradients are lost where pooled values are negative, convolution filter gradients are missing). " +
  "Use runtime.createAttack, which runs on a backend with correct gradients, or tf.setBackend('webgl') (or 'cpu') first."
const FEATURE_VIS_REFUSAL =
  "FeatureVisRun cannot run on TF.js' wasm backend: its gradients are wrong there (max-pool gradients are lost where pooled values are negative, convolution filter gradients are missing). " +
  "Use runtime.featureVis, which runs on a backend with correct gradients, or tf.setBackend('webgl') (or 'cpu') first."

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true)
})
afterAll(async () => {
  await tf.setBackend('cpu')
})

describe('gradients on wasm', () => {
  it('are wrong there (the reason for the refusal): a max-pool of negative values', () => {
    const values = [-5, -1, -6, -7, -8, -9, -2, -10, -11, -12, -13, -14, -3, -15, -16, -4]
    const gradient = tf.tidy(() => Array.from(tf.grad((t: tf.Tensor) => tf.sum(tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid')))(tf.tensor4d(values, [1, 4, 4, 1])).dataSync()))
    expect(gradient.flatMap((g, i) => (g ? [i] : []))).not.toEqual([1, 6, 12, 15]) // cpu and webgl: the maxima
  })

  it('PgdAttack and FeatureVisRun refuse the wasm backend, saying what to do, and leave nothing allocated', () => {
    const model = new LayersPerturberModel(branchingModel(1), tinyDescriptor())
    const before = tf.memory().numTensors
    expect(() => new PgdAttack(model, testFrame(1))).toThrow(PGD_REFUSAL)
    expect(() => new FeatureVisRun(model, 'mixed3a', 0, { size: 16 })).toThrow(FEATURE_VIS_REFUSAL)
    expect(tf.memory().numTensors).toBe(before)
    model.dispose()
  })

  it('one made on cpu refuses to step once wasm is active', async () => {
    await tf.setBackend('cpu')
    const model = new LayersPerturberModel(branchingModel(1), tinyDescriptor())
    const attack = new PgdAttack(model, testFrame(1))
    await tf.setBackend('wasm')
    expect(() => attack.step()).toThrow(PGD_REFUSAL)
    attack.dispose()
    model.dispose()
  })

  it('the runtime’s createAttack and featureVis keep working with wasm forward passes', async () => {
    const runtime = await createModelRuntime({ forward: 'wasm', gradient: 'cpu' })
    const raw = branchingModel(2)
    const saved = await saveModel(raw)
    raw.dispose()
    const model = await runtime.load(asFiles(saved))
    const attack = await runtime.createAttack(model, testFrame(1), { epsilon: 0.1 })
    const result = await attack.step(2)
    expect(result.linf).toBeGreaterThan(0)
    expect(result.after.original).toBeLessThan(result.before.original)
    await attack.dispose()
    const vis = await runtime.featureVis(model, 'mixed3a', 1, { steps: 2, size: 16, cache: null, yieldToEventLoop: async () => undefined })
    expect(vis.steps).toBe(2)
    await runtime.release(model)
    await runtime.forward(() => model.dispose())
  })
})
