/**
 * `runtime.prepareAttacks`: compiling an attack's WebGL programs ahead of the user's first PGD
 * step. Checked by what the WebGL backend compiled, not by timing: after the warm-up, a real
 * attack on a different frame must not compile a single new program.
 */
import * as tf from '@tensorflow/tfjs'
import type { DataTexture } from 'three'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { LayersPerturberModel } from '@perturber/model-runtime/model'
import { PgdAttack } from '@perturber/model-runtime/attacks'
import { createModelRuntime, type ModelRuntime, type PerturberModel } from '@perturber/model-runtime'
import { defaultRegistry } from '@perturber/perturbations'
import { createSceneStore } from '@perturber/scene'
import { defaultAttackSettings, type AttackStatus } from '@perturber/viz'
import { SessionAttack } from '../../packages/app/src/session/attack'
import type { SceneFrameFeed } from '../../packages/app/src/session/sceneFrames'
import { branchingModel, residualModel, testFrame, tinyDescriptor } from '../../packages/model-runtime/src/testing/tinyModels'
import { wasmPaths } from './support/wasm'

/** The committed zoo, served under /__zoo/ (see vitest.config.ts). */
const zooAvailable = await fetch('/__zoo/standard/model.json').then((r) => r.ok && (r.headers.get('content-type') ?? '').includes('json'), () => false)

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

/**
 * Issue 13, item 4, on this machine (WebGL on SwiftShader): each model's attacks run where a PGD
 * step was timed fastest, chosen per model and reported; the app's warm-up runs in idle time with
 * software gradients too, so the user's first step neither times nor compiles anything. Checked by
 * what ran (counters, compiled programs, the choice), never by how long it took.
 */
describe('the attack backend per model, on a software rasteriser', () => {
  let runtime: ModelRuntime
  let model: LayersPerturberModel
  let zoo: PerturberModel | null = null

  beforeAll(async () => {
    runtime = await createModelRuntime({ wasmPaths })
    model = await runtime.forward(() => new LayersPerturberModel(branchingModel(5, 16, 5), tinyDescriptor()))
  })
  afterAll(async () => {
    for (const m of [model, zoo]) if (m) (await runtime.release(m), await runtime.forward(() => m.dispose()))
  })

  test('times cpu, skips webgl (its compile would never pay back) and reports the choice on the plan and the attack', async () => {
    expect(runtime.plan.softwareRenderer).toBe(true)
    expect(runtime.plan.gradientCandidates).toEqual(['cpu', 'webgl'])
    expect(runtime.plan.reason).toMatch(/attacks time cpu and webgl per model and keep the faster/)
    const programs = compiledPrograms()
    const choice = await runtime.attackBackend(model, 24, 20)
    expect(choice.backend).toBe('cpu')
    expect(choice.how).toBe('measured')
    expect(Object.keys(choice.measured)).toEqual(['cpu'])
    expect(choice.stepMs).toBe(choice.measured.cpu)
    expect(choice.skipped.webgl).toMatch(/^webgl: WebGL is a software rasteriser, where compiling the attack takes tens of seconds/)
    expect(choice.reason).toMatch(/^cpu: \d+ ms per step; not timed: webgl: /)

    const steps = vi.spyOn(PgdAttack.prototype, 'step') // what timing runs (the user's steps are stepAsync)
    const attack = await runtime.createAttack(model, testFrame(4, 24, 20, 5), { targeted: { target: 2 } })
    expect(attack.backend).toBe(choice) // not timed again
    const result = await attack.step(2)
    await attack.dispose()
    expect(steps).not.toHaveBeenCalled()
    steps.mockRestore()
    expect(result.after.target!).toBeGreaterThan(result.before.target!)
    expect(compiledPrograms()).toBe(programs) // nothing ran on webgl
    expect(tf.getBackend()).toBe('wasm')
  })

  test.skipIf(!zooAvailable)("the zoo's standard model attacks on cpu there, at a measured step time", async () => {
    zoo = await runtime.load('/__zoo/standard/model.json')
    const choice = await runtime.attackBackend(zoo, 224, 224)
    expect(choice.backend).toBe('cpu')
    expect(choice.stepMs).toBeGreaterThan(0)
    console.log(`[attack backend] zoo standard at 224×224: ${choice.reason}`)
  })

  test('the app warms up in idle time with software gradients too: the first click neither times nor compiles', async () => {
    const other = await runtime.forward(() => new LayersPerturberModel(residualModel(6, 16, 5), tinyDescriptor()))
    const textures: (DataTexture | null)[] = []
    const renderer = { width: 24, height: 20, setExternalTexture: (_key: string, texture: DataTexture | null) => textures.push(texture) }
    const frame = testFrame(5, 24, 20, 3)
    const frames = { renderer: () => renderer, readFrame: () => frame } as unknown as SceneFrameFeed
    const scene = createSceneStore()
    let status: AttackStatus = {}
    const session = new SessionAttack(scene, frames, defaultRegistry, (update) => (status = update(status)))
    const prepare = vi.spyOn(runtime, 'prepareAttacks')
    session.update(runtime, other, { ...defaultAttackSettings, norm: 'l2', epsilon: 0.5 })
    await vi.waitFor(() => expect(status.estimate).toBeDefined(), { timeout: 60_000, interval: 100 })
    expect(prepare).toHaveBeenCalledWith(other, 24, 20)
    prepare.mockRestore()
    const choice = await runtime.attackBackend(other, 24, 20)
    expect(status.estimate).toEqual({ backend: 'cpu', stepMs: choice.stepMs, reason: choice.reason })
    expect(status.frameSize).toEqual([20, 24])

    const steps = vi.spyOn(PgdAttack.prototype, 'step')
    const programs = compiledPrograms()
    session.step()
    await vi.waitFor(() => expect(status.message).toMatch(/^Step 1: /), { timeout: 60_000, interval: 50 })
    expect(steps).not.toHaveBeenCalled() // no timing on the click: the warm-up did it
    steps.mockRestore()
    expect(compiledPrograms()).toBe(programs)
    expect(status.estimate?.backend).toBe('cpu') // kept across steps

    // "δ only" (Original Alpha 0): δ bound amplified by the factor the status names; back to ×1 after
    const delta = textures.at(-1)!.image.data as Float32Array
    const gain = status.deltaGain!
    expect(gain).toBeGreaterThan(1)
    scene.getState().updatePerturbation('adversarial-overlay', { enabled: true, params: { originalAlpha: 0 } })
    const amplified = textures.at(-1)!.image.data as Float32Array
    const i = delta.findIndex((v, k) => k % 4 !== 3 && v !== 0)
    expect(amplified[i]).toBeCloseTo(gain * delta[i], 6)
    scene.getState().updatePerturbation('adversarial-overlay', { params: { originalAlpha: 1 } })
    expect((textures.at(-1)!.image.data as Float32Array)[i]).toBeCloseTo(delta[i], 6)
    session.dispose()
    await runtime.release(other)
    await runtime.forward(() => other.dispose())
  })
})
