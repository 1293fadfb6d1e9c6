import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { LayersPerturberModel, createEditedModel, createModelRuntime, type ModelRequest } from '@perturber/model-runtime'
import { branchingModel, testFrame, tinyDescriptor } from '../../packages/model-runtime/src/testing/tinyModels'
import { wasmPaths } from './support/wasm'

/**
 * Thousands of live frames must not grow TF.js memory: 1,000 frames through two models (Model 1
 * and an edited model mixing Model 1 with Model 2), with mixing and pruning edits in between,
 * on this machine's forward backend (wasm) and on webgl (GPU bytes too).
 */
describe.each([{ forward: 'wasm' }, { forward: 'webgl' }])('tensor count over 1,000 frames ($forward forward)', ({ forward }) => {
  it('stays flat with two models, mixing and pruning changes in between', async () => {
    const runtime = await createModelRuntime({ forward, gradient: 'webgl', wasmPaths })
    const size = 32
    const [m1, m2, edited] = await runtime.forward(async () => {
      const a = new LayersPerturberModel(branchingModel(1, size), tinyDescriptor({}, 5, size))
      const b = new LayersPerturberModel(branchingModel(2, size), tinyDescriptor({}, 5, size))
      return [a, b, await createEditedModel(a, b)] as const
    })
    const requests: ModelRequest[] = [
      { model: m1, layer: 'mixed3a', channels: [0, 2, 4, 8], topChannels: 4, predictions: true },
      { model: edited, layer: 'mixed3a', channels: [0, 2, 4, 8], topChannels: 4, predictions: true },
    ]
    const edit = (i: number) =>
      runtime.forward(() => {
        if (i % 2) edited.setMix(edited.mixUnits[i % edited.mixUnits.length].name, (i % 7) / 6)
        else edited.setPruneRange(edited.prunableLayers[i % edited.prunableLayers.length].name, [0.1 * (i % 3), 1 - 0.1 * (i % 4)])
      })
    // warm-up: kernels, sub-models and texture pools settle
    for (let i = 0; i < 5; i++) await runtime.infer(testFrame(i, size, size, i), requests)
    await edit(1)
    await edit(2)
    const before = await runtime.forward(() => tf.memory())
    let last: Awaited<ReturnType<typeof runtime.infer>> | undefined
    const buffers: number[] = []
    const gpuBytes: number[] = []
    for (let frame = 0; frame < 1000; frame++) {
      if (frame % 50 === 25) await edit(frame)
      last = await runtime.infer(testFrame(frame, size, size, frame), requests)
      if (frame % 100 === 99) {
        const m = await runtime.forward(() => tf.memory() as tf.MemoryInfo & { numBytesInGPU?: number })
        buffers.push(m.numDataBuffers)
        gpuBytes.push(m.numBytesInGPU ?? 0)
      }
    }
    console.log(`${forward}: data buffers every 100 frames: ${buffers.join(' ')} (start ${before.numDataBuffers}); GPU bytes ${gpuBytes.join(' ')}`)
    const after = await runtime.forward(() => tf.memory())
    expect(last!.frameId).toBe(999)
    expect(last!.models[1].modelVersion).toBeGreaterThan(20)
    expect(after.numTensors).toBe(before.numTensors)
    // webgl frees some buffers lazily (after pending downloads), so the count wobbles by a few;
    // it must not trend upwards
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    expect(Math.max(...buffers) - before.numDataBuffers).toBeLessThanOrEqual(forward === 'webgl' ? 6 : 0)
    expect(mean(buffers.slice(-5))).toBeLessThanOrEqual(mean(buffers.slice(0, 5)) + 2)
    expect(mean(gpuBytes.slice(-5))).toBeLessThanOrEqual(mean(gpuBytes.slice(0, 5)) * 1.05 + 4096)
    // disposing frees everything the models held
    await runtime.forward(() => [edited, m2, m1].forEach((m) => m.dispose()))
    expect((await runtime.forward(() => tf.memory())).numTensors).toBeLessThan(before.numTensors)
  })
})
