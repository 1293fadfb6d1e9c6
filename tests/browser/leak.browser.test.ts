import * as tf from '@tensorflow/tfjs'
import { describe, expect, it } from 'vitest'
import { LayersPerturberModel } from '@perturber/model-runtime/model'
import { createEditedModel } from '@perturber/model-runtime/editing'
import { createModelRuntime, type ModelRequest } from '@perturber/model-runtime'
import { batchNormModel, branchingModel, testFrame, tinyDescriptor } from '../../packages/model-runtime/src/testing/tinyModels'
import { wasmPaths } from './support/wasm'

/** A branching net, and a batch-normalised one whose convolutions run fused with folded weights. */
const nets = {
  branching: { build: (seed: number, size: number) => branchingModel(seed, size), layer: 'mixed3a' },
  'batch-normalised': { build: (seed: number, size: number) => batchNormModel(seed, {}, size), layer: 'conv_pw_1_relu' },
}

/**
 * Thousands of live frames must not grow TF.js memory: 1,000 frames through two models (Model 1
 * and an edited model mixing Model 1 with Model 2, taking its unedited layers from Model 1's
 * pass), with mixing and pruning edits in between, on this machine's forward backend (wasm) and
 * on webgl (GPU bytes too).
 */
describe.each([
  { forward: 'wasm', net: 'branching' },
  { forward: 'webgl', net: 'branching' },
  { forward: 'wasm', net: 'batch-normalised' },
  { forward: 'webgl', net: 'batch-normalised' },
] as const)('tensor count over 1,000 frames ($forward forward, $net net)', ({ forward, net }) => {
  it('stays flat with two models, mixing and pruning changes in between', async () => {
    const runtime = await createModelRuntime({ forward, gradient: 'webgl', wasmPaths })
    const size = 32
    const { build, layer } = nets[net]
    const [m1, m2, edited] = await runtime.forward(async () => {
      const a = new LayersPerturberModel(build(1, size), tinyDescriptor({}, 5, size))
      const b = new LayersPerturberModel(build(2, size), tinyDescriptor({}, 5, size))
      return [a, b, await createEditedModel(a, b)] as const
    })
    const requests: ModelRequest[] = [
      { model: m1, layer, channels: [0, 2, 4, 8], topChannels: 4, predictions: true },
      { model: edited, layer, channels: [0, 2, 4, 8], topChannels: 4, predictions: true },
    ]
    const edit = (i: number) =>
      runtime.forward(() => {
        if (i % 2) edited.setMix(edited.mixUnits[i % edited.mixUnits.length].name, (i % 7) / 6)
        else edited.setPruneRange(edited.prunableLayers[i % edited.prunableLayers.length].name, [0.1 * (i % 3), 1 - 0.1 * (i % 4)])
      })
    // warm-up: kernels, sub-models and texture pools settle; with its first layer pruned the
    // edited model computes (and folds) every layer once, as it will in the loop
    await runtime.forward(() => edited.setPruneRange(edited.prunableLayers[0].name, [0.2, 1]))
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
