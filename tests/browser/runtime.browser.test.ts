import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LayersPerturberModel } from '@perturber/model-runtime/model'
import { createEditedModel } from '@perturber/model-runtime/editing'
import { createModelRuntime, type FrameResult, type ModelRuntime } from '@perturber/model-runtime'
import { framePixelsToTensor, inferFrame } from '@perturber/model-runtime/inference'
import { sharedModelUrl, sharedModelsMissing } from '../support/sharedModels'
import { loadPhoto } from './support/images'
import { wasmPaths } from './support/wasm'
import { branchingModel, testFrame, tinyDescriptor } from '../../packages/model-runtime/src/testing/tinyModels'

if (sharedModelsMissing) console.warn(sharedModelsMissing)

describe('backend plan on this machine', () => {
  it('puts forward passes on wasm and gradients on webgl when WebGL is SwiftShader', async () => {
    const runtime = await createModelRuntime({ wasmPaths })
    expect(runtime.plan.forward).toBe('wasm')
    expect(runtime.plan.gradient).toBe('webgl')
    expect(runtime.plan.reason).toMatch(/SwiftShader/i)
    expect(runtime.plan.softwareGradients).toBe(true) // so the app skips idle-time attack warm-ups
    expect(runtime.plan.softwareRenderer).toBe(true) // so the app paces the scene to inference
    expect((await createModelRuntime({ gradient: 'cpu' })).plan.softwareGradients).toBe(true)
    await expect(createModelRuntime({ gradient: 'wasm', wasmPaths })).rejects.toThrow(/cannot compute convolution gradients/)
  })
})

describe.skipIf(!!sharedModelsMissing)('MobileNet v1 through the runtime (wasm forward, webgl gradients)', () => {
  let runtime: ModelRuntime
  let model: LayersPerturberModel
  let frame: { frameId: number; width: number; height: number; data: Float32Array }

  beforeAll(async () => {
    runtime = await createModelRuntime({ wasmPaths })
    model = (await runtime.load(sharedModelUrl('mobilenet_v1_0.75_224'), { descriptor: { name: 'MobileNet v1' } })) as LayersPerturberModel
    expect(model.descriptor.output.kind).toBe('probabilities')
    // built on the forward backend: its weights live in wasm memory
    const info = (tf.engine().state as unknown as { tensorInfo: WeakMap<object, { backend: unknown }> }).tensorInfo.get(model.layersModel.weights[0].read().dataId)
    expect(info?.backend).toBe(tf.engine().findBackend('wasm'))
    const photo = await loadPhoto('park')
    frame = { frameId: 1, ...photo }
  })
  afterAll(async () => {
    await runtime.release(model)
    await runtime.forward(() => model.dispose())
  })

  it('gives the same maps and top-5 on the wasm forward backend as on the webgl gradient twin', async () => {
    const request = { layer: 'conv_pw_13_relu', channels: [0, 5, 100], predictions: true, topK: 5 }
    const onWasm = await runtime.infer(frame, [{ model, ...request }])
    const onWebgl = await runtime.withGradients(model, async (twin) => {
      expect(tf.getBackend()).toBe('webgl')
      const pixels = tf.tensor4d(Float32Array.from({ length: 224 * 224 * 3 }, (_, i) => frame.data[Math.floor(i / 3) * 4 + (i % 3)]), [1, 224, 224, 3])
      try {
        return await inferFrame(pixels, [{ model: twin, ...request }], frame.frameId)
      } finally {
        pixels.dispose()
      }
    })
    const a = onWasm.models[0]
    const b = onWebgl.models[0]
    expect(a.predictions!.map((p) => p.labelIndex)).toEqual(b.predictions!.map((p) => p.labelIndex))
    a.predictions!.forEach((p, i) => expect(Math.abs(p.probability - b.predictions![i].probability)).toBeLessThan(2e-3))
    // a photo of a park: a real prediction, not a uniform one
    expect(a.predictions![0].probability).toBeGreaterThan(0.05)
    const maxDiff = a.activations!.data.reduce((m, v, i) => Math.max(m, Math.abs(v - b.activations!.data[i])), 0)
    expect(maxDiff).toBeLessThan(1e-2 * Math.max(1, a.activations!.layerStd))
    expect(a.activations!.shape).toEqual([7, 7, 768])
  })

  it("runs the edited model from its first edited layer on, taking the rest from Model 1's pass (wasm copies the weights)", async () => {
    const edited = await runtime.forward(async () => {
      const e = await createEditedModel(model)
      e.setPruneRange('conv_pw_12', [0.5, 1])
      return e
    })
    const convolutionsFrom = (first: string) => {
      const layers = model.layersModel.layers
      return layers.slice(layers.findIndex((l) => l.name === first)).filter((l) => /^(Depthwise)?Conv2D$/.test(l.getClassName())).length
    }
    const request = { layer: 'conv_pw_13_relu', channels: [0, 5, 100], predictions: true, topK: 5 }
    const run = (models: LayersPerturberModel[]) =>
      runtime.forward(async () => {
        const pixels = framePixelsToTensor(frame)
        let result!: FrameResult
        const profile = await tf.profile(async () => void (result = await inferFrame(pixels, models.map((m) => ({ model: m, ...request })), 1)))
        pixels.dispose()
        return { result, convolutions: profile.kernels.filter((k) => /^Fused(Depthwise)?Conv2D$/.test(k.name)).length }
      })
    expect(tf.engine().findBackend('wasm')).toBeDefined()
    const one = await run([model])
    const both = await run([model, edited])
    const alone = await run([edited])
    expect(both.convolutions - one.convolutions).toBe(convolutionsFrom('conv_pw_12'))
    expect(alone.convolutions).toBe(one.convolutions)
    const [shared, own] = [both.result.models[1], alone.result.models[0]]
    expect(shared.predictions!.map((p) => p.labelIndex)).toEqual(own.predictions!.map((p) => p.labelIndex))
    shared.predictions!.forEach((p, i) => expect(p.probability).toBeCloseTo(own.predictions![i].probability, 5))
    shared.activations!.data.forEach((v, i) => expect(v).toBeCloseTo(own.activations!.data[i], 4))
    // pruning changed what the edited model sees
    expect(shared.activations!.data).not.toEqual(both.result.models[0].activations!.data)
    await runtime.forward(() => edited.dispose())
  })

  it('computes input gradients on the gradient backend and keeps the forward backend active afterwards', async () => {
    const norm = await runtime.withGradients(model, (twin) =>
      tf.tidy(() => {
        const x = tf.tensor4d(Float32Array.from({ length: 224 * 224 * 3 }, (_, i) => frame.data[Math.floor(i / 3) * 4 + (i % 3)]), [1, 224, 224, 3])
        const grad = tf.grad((pixels: tf.Tensor) => tf.max(twin.toLabelSpace(twin.execute(twin.preprocess(pixels as tf.Tensor4D), { layers: [], predictions: true }).output!, 'logits')))(x)
        return tf.norm(grad).dataSync()[0]
      }),
    )
    expect(norm).toBeGreaterThan(0)
    expect(Number.isFinite(norm)).toBe(true)
    await runtime.infer({ ...frame, frameId: 2 }, [{ model, predictions: true }])
    expect(tf.getBackend()).toBe('wasm')
  })
})

describe('attacks and feature visualization through the runtime queue (tiny model)', () => {
  it('steps PGD on the gradient twin, within ε, while frames keep running on wasm', async () => {
    const runtime = await createModelRuntime({ wasmPaths })
    const size = 32
    const model = await runtime.load(branchingModel(4, size), { descriptor: tinyDescriptor({}, 5, size) })
    const frame = testFrame(3, size, size, 2)
    const attack = await runtime.createAttack(model, frame, { epsilon: 4 / 255 })
    const [first, inference] = await Promise.all([attack.step(3), runtime.infer(frame, [{ model, predictions: true }])])
    expect(first.step).toBe(3)
    expect(first.linf).toBeLessThanOrEqual(4 / 255 + 1e-6)
    expect(first.after.original).toBeLessThan(first.before.original)
    expect(inference.models[0].predictions![0].labelIndex).toBe(first.originalClass)
    expect(tf.getBackend()).toBe('wasm')
    // an edit reaches the twin before the next step
    await runtime.forward(() => {
      const dense = model.layersModel!.getLayer('logits')
      dense.setWeights(dense.getWeights().map((w) => tf.mul(w, 0)))
      model.markWeightsChanged()
    })
    const flat = await attack.step()
    expect(flat.after.original).toBeCloseTo(0.2, 5) // all-zero logits: uniform over 5 classes
    await attack.dispose()
    await runtime.release(model)
    await runtime.forward(() => model.dispose())
  })

  it('generates a feature visualization a few steps at a time, with progress, cache and cancel', async () => {
    const runtime = await createModelRuntime({ wasmPaths })
    const size = 32
    const model = await runtime.load(branchingModel(5, size), { descriptor: tinyDescriptor({}, 5, size) })
    const progress: number[] = []
    const result = await runtime.featureVis(model, 'mixed3a', 2, { steps: 12, stepsPerFrame: 4, size: 32, onProgress: (p) => progress.push(p.step) })
    expect(progress).toEqual([4, 8, 12])
    expect(result.image.width).toBe(32)
    expect(await runtime.featureVis(model, 'mixed3a', 2, { steps: 12, stepsPerFrame: 4, size: 32 })).toBe(result)
    const controller = new AbortController()
    const cancelled = runtime.featureVis(model, 'mixed3a', 3, { steps: 100, stepsPerFrame: 2, size: 32, signal: controller.signal, onProgress: () => controller.abort() })
    await expect(cancelled).rejects.toThrow(/cancelled/)
    expect(tf.getBackend()).toBe('wasm')
    await runtime.release(model)
    await runtime.forward(() => model.dispose())
  })
})
