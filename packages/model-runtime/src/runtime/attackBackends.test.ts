import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { PgdAttack } from '../attacks/PgdAttack'
import { CPU_FLOPS_PER_MS, PGD_STEP_FORWARD_PASSES, estimateCpuStepMs, forwardFlops } from '../backends/cost'
import { LayersPerturberModel } from '../model/LayersPerturberModel'
import { branchingModel, tinyDescriptor } from '../testing/tinyModels'
import type { PerturberModel } from '../types'
import { SOFTWARE_WEBGL_WORTH_MS, measureAttackBackend, timeAttackStep, type RunOnBackend } from './attackBackends'
import { createModelRuntime } from './ModelRuntime'

/**
 * Issue 13, item 4: each model's attacks run on the backend where a PGD step measured fastest; a
 * cost model (FLOPs) skips candidates that cannot win. These tests fix the timings (a fake clock)
 * and check which candidates are timed, what is picked and what is reported — never real times.
 */
beforeAll(async () => {
  await tf.setBackend('cpu')
})

/** Every task runs on cpu here; records which backend each was meant for. */
function fakeRunOn(): { runOn: RunOnBackend; backends: string[] } {
  const backends: string[] = []
  const runOn: RunOnBackend = async (backend, model, task) => {
    backends.push(backend)
    return task(model)
  }
  return { runOn, backends }
}

/** A clock that says a warm step takes `ms[backend]`, and records what it timed. */
function fakeTiming(ms: Record<string, number>) {
  const timed: string[] = []
  const time = async (_runOn: RunOnBackend, backend: string) => (timed.push(backend), ms[backend])
  return { time, timed }
}

describe('the cost model', () => {
  it('counts 2·|kernel| per output position of every convolution and dense layer', () => {
    // branchingModel(16 px): conv2d0 3·3·3·6 at 8×8, mixed3a_1x1 1·1·6·4 and mixed3a_3x3 3·3·6·5 at 8×8, logits 9·5 once
    const model = branchingModel(1, 16)
    const expected = 2 * (162 * 64 + 24 * 64 + 270 * 64 + 45)
    expect(forwardFlops(model)).toBe(expected)
    expect(estimateCpuStepMs(model)).toBeCloseTo((PGD_STEP_FORWARD_PASSES * expected) / CPU_FLOPS_PER_MS, 9)
    expect(forwardFlops(branchingModel(1, 32))).toBe(2 * ((162 + 24 + 270) * 256 + 45)) // 4× the positions
    expect(forwardFlops(undefined)).toBeUndefined() // graph models: no layers to count
    model.dispose()
  })
})

describe('measureAttackBackend', () => {
  let model: PerturberModel
  beforeAll(() => {
    model = new LayersPerturberModel(branchingModel(2), tinyDescriptor())
  })

  it('software rasteriser: times cpu, and skips WebGL when cpu is fast enough that its compile never pays back', async () => {
    const { runOn } = fakeRunOn()
    const { time, timed } = fakeTiming({ cpu: 180, webgl: 2500 })
    expect(SOFTWARE_WEBGL_WORTH_MS).toBe(10_000)
    const choice = await measureAttackBackend(runOn, model, 24, 24, { candidates: ['cpu', 'webgl'], softwareRenderer: true }, time)
    expect(timed).toEqual(['cpu'])
    expect(choice).toMatchObject({ backend: 'cpu', stepMs: 180, measured: { cpu: 180 }, how: 'measured' })
    expect(choice.skipped.webgl).toBe("webgl: WebGL is a software rasteriser, where compiling the attack takes tens of seconds, which cpu's 180 ms steps never pay back")
    expect(choice.reason).toBe(`cpu: 180 ms per step; not timed: ${choice.skipped.webgl}`)
  })

  it('software rasteriser: where cpu is slow, times WebGL too and keeps the faster', async () => {
    const { runOn } = fakeRunOn()
    const slowCpu = SOFTWARE_WEBGL_WORTH_MS + 500 // 10.5 s
    const { time, timed } = fakeTiming({ cpu: slowCpu, webgl: 1200 })
    const choice = await measureAttackBackend(runOn, model, 24, 24, { candidates: ['cpu', 'webgl'], softwareRenderer: true }, time)
    expect(timed).toEqual(['cpu', 'webgl'])
    expect(choice).toMatchObject({ backend: 'webgl', stepMs: 1200, measured: { cpu: slowCpu, webgl: 1200 }, skipped: {} })
    expect(choice.reason).toBe('webgl: fastest of cpu 10.5 s, webgl 1.2 s per step')
  })

  it('GPU: times WebGL first, then cpu only if its FLOPs could beat that', async () => {
    const estimate = estimateCpuStepMs(model.layersModel)!
    const { runOn } = fakeRunOn()
    const fastGpu = fakeTiming({ webgl: estimate / 2, cpu: 1 })
    const onGpu = await measureAttackBackend(runOn, model, 24, 24, { candidates: ['webgl', 'cpu'], softwareRenderer: false }, fastGpu.time)
    expect(fastGpu.timed).toEqual(['webgl'])
    expect(onGpu.backend).toBe('webgl')
    expect(onGpu.skipped.cpu).toMatch(/^cpu: 0\.00 GFLOP per forward pass needs ≥ \d+ ms per step even at 3 GFLOP\/s, slower than webgl's measured \d+ ms$/)

    // a tiny model on a GPU with a large per-step overhead: cpu is timed and wins
    const slowGpu = fakeTiming({ webgl: estimate * 10 + 40, cpu: estimate * 2 })
    const tiny = await measureAttackBackend(runOn, model, 24, 24, { candidates: ['webgl', 'cpu'], softwareRenderer: false }, slowGpu.time)
    expect(slowGpu.timed).toEqual(['webgl', 'cpu'])
    expect(tiny.backend).toBe('cpu')
  })

  it('one candidate (a backend set in the options): timed, reported as the only one', async () => {
    const { runOn } = fakeRunOn()
    const { time } = fakeTiming({ webgl: 40 })
    const choice = await measureAttackBackend(runOn, model, 24, 24, { candidates: ['webgl'], softwareRenderer: true }, time)
    expect(choice).toMatchObject({ backend: 'webgl', stepMs: 40, how: 'only', reason: 'webgl (the only candidate): 40 ms per step' })
  })

  it('times a real step on the backend asked for, in separate tasks, and leaves no tensors', async () => {
    const { runOn, backends } = fakeRunOn()
    const before = tf.memory().numTensors
    const ms = await timeAttackStep(runOn, 'cpu', model, 20, 24)
    expect(ms).toBeGreaterThan(0)
    expect(backends).toEqual(['cpu', 'cpu', 'cpu']) // clean pass, timed step (nothing compiles on cpu), dispose: frames may run in between
    backends.length = 0
    const steps = vi.spyOn(PgdAttack.prototype, 'step')
    await timeAttackStep(runOn, 'webgl', model, 20, 24) // (runs on cpu here)
    expect(backends).toEqual(['webgl', 'webgl', 'webgl', 'webgl']) // a first step that compiles, then the timed one
    expect(steps).toHaveBeenCalledTimes(2)
    steps.mockRestore()
    expect(tf.memory().numTensors).toBe(before)
  })
})

describe('runtime.attackBackend and createAttack (cpu only, as without WebGL)', () => {
  it('picks once per model and frame size, reports it on the attack, and forgets it on release', async () => {
    const runtime = await createModelRuntime({ gradient: 'cpu' })
    expect(runtime.plan.gradientCandidates).toEqual(['cpu'])
    const model = await runtime.forward(() => new LayersPerturberModel(branchingModel(3), tinyDescriptor()))
    const choice = await runtime.attackBackend(model, 16, 16)
    expect(choice).toMatchObject({ backend: 'cpu', how: 'only' })
    expect(choice.stepMs).toBeGreaterThan(0)
    expect(await runtime.attackBackend(model, 16, 16)).toBe(choice) // cached
    expect(await runtime.prepareAttacks(model, 16, 16)).toBe(true)
    expect(await runtime.attackBackend(model, 16, 16)).toBe(choice) // the warm-up reused the choice
    const attack = await runtime.createAttack(model, { frameId: 1, width: 16, height: 16, data: new Uint8ClampedArray(16 * 16 * 4).fill(128) })
    expect(attack.backend).toBe(choice)
    await attack.dispose()
    await runtime.release(model)
    expect(await runtime.attackBackend(model, 16, 16)).not.toBe(choice) // timed again
    await runtime.release(model)
    await runtime.forward(() => model.dispose())
  })
})
