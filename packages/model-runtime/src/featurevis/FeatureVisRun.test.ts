import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { LayersPerturberModel } from '../model/LayersPerturberModel'
import { branchingModel, residualModel, tinyDescriptor } from '../testing/tinyModels'
import { FeatureVisCache } from './cache'
import { channelTarget } from './channelTarget'
import { FeatureVisRun, responded } from './FeatureVisRun'
import { runFeatureVis } from './runFeatureVis'
import type { FeatureVisOptions } from './types'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const immediate = () => new Promise<void>((resolve) => setTimeout(resolve, 0))

describe('FeatureVisRun on a tiny residual model', () => {
  let model: LayersPerturberModel
  beforeAll(() => {
    // torchvision-style mean/std preprocessing, so the image really goes through `preprocess`
    model = new LayersPerturberModel(
      residualModel(4, 16, 5),
      tinyDescriptor({ preprocessing: { kind: 'meanStd', pixelScale: 1, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } }, 5, 16),
    )
  })
  afterAll(() => model.dispose())

  for (const parameterization of ['pixel', 'fourier', 'laplacian'] as const) {
    test(`${parameterization}: 64 steps raise the channel's mean activation clearly`, () => {
      const run = new FeatureVisRun(model, 'block_1_relu', 2, { parameterization, size: 16, seed: 1 })
      const start = run.evaluate()
      const progress = run.step(64)
      expect(progress.step).toBe(64)
      expect(Number.isFinite(progress.objective)).toBe(true)
      const end = run.evaluate()
      // from ≈0.004 (a gray image barely excites the ReLU channel) to ≈0.4–0.8
      expect(end).toBeGreaterThan(start + 0.3)
      expect(end).toBeGreaterThan(10 * start)
      const image = run.image()
      expect(image.width).toBe(16)
      expect(image.data.length).toBe(16 * 16 * 4)
      expect(image.data[3]).toBe(255)
      run.dispose()
    }, 60_000)
  }

  test('neuron objective: the centre activation rises', () => {
    // a linear conv layer: the centre neuron starts near 0 and can grow without bound
    const run = new FeatureVisRun(model, 'block_1_conv', 1, { objective: 'neuron', parameterization: 'pixel', size: 16, transforms: false })
    const start = run.evaluate()
    expect(Math.abs(start)).toBeLessThan(0.2)
    run.step(32)
    expect(run.evaluate()).toBeGreaterThan(start + 2)
    run.dispose()
  }, 30_000)

  test('the same seed gives the same image; another seed another', () => {
    const image = (seed: number | undefined, steps = 3, options: FeatureVisOptions = {}) => {
      const run = new FeatureVisRun(model, 'block_1_relu', 0, { size: 16, seed, ...options })
      run.step(steps)
      const data = run.image().data
      run.dispose()
      return Array.from(data)
    }
    expect(image(7)).toEqual(image(7))
    expect(image(7)).not.toEqual(image(8))
    // the default seed 0 too (tf.randomNormal would take a seed of 0 for none)
    expect(image(undefined)).toEqual(image(0))
    expect(image(0)).not.toEqual(image(1))
    for (const parameterization of ['pixel', 'laplacian'] as const) {
      expect(image(0, 0, { parameterization })).toEqual(image(0, 0, { parameterization }))
      expect(image(0, 0, { parameterization })).not.toEqual(image(1, 0, { parameterization }))
    }
    // the transforms draw from their own stream: turning them off leaves the initial image alone
    expect(image(7, 0, { transforms: false })).toEqual(image(7, 0))
    expect(image(7, 3, { transforms: false })).not.toEqual(image(7, 3))
  })

  test('tensor count is constant across steps and back to the start after dispose', () => {
    const start = tf.memory().numTensors
    const run = new FeatureVisRun(model, 'block_1_relu', 1, { parameterization: 'laplacian', size: 16 })
    run.step()
    const afterFirst = tf.memory().numTensors // Adam's moment variables now exist
    run.step(10)
    run.evaluate()
    run.image()
    expect(tf.memory().numTensors).toBe(afterFirst)
    run.dispose()
    expect(tf.memory().numTensors).toBe(start)
    expect(() => run.step()).toThrow(/disposed/)
  })

  test('unknown layers and channels are rejected with what exists', () => {
    expect(() => new FeatureVisRun(model, 'nope', 0)).toThrow(/no spatial layer "nope" \(layers: block_0_conv, /)
    expect(() => new FeatureVisRun(model, 'block_1_relu', 6)).toThrow(/channels 0\.\.5; got 6/)
  })
})

describe('runFeatureVis: incremental driver with progress, cancel and cache', () => {
  let model: LayersPerturberModel
  beforeAll(() => {
    model = new LayersPerturberModel(branchingModel(5, 16, 4), tinyDescriptor({}, 4, 16))
  })
  afterAll(() => model.dispose())
  const base = { size: 16, steps: 6, stepsPerFrame: 2, yieldToEventLoop: immediate } as const

  test('reports progress per batch with the time left, and returns the image with its evaluation', async () => {
    const progress: { step: number; total: number; elapsedMs: number; remainingMs: number }[] = []
    const result = await runFeatureVis(model, 'mixed3a', 3, { ...base, cache: null, onProgress: ({ step, total, elapsedMs, remainingMs }) => progress.push({ step, total, elapsedMs, remainingMs }) })
    expect(progress.map((p) => [p.step, p.total])).toEqual([[2, 6], [4, 6], [6, 6]])
    for (const p of progress) expect(p.remainingMs).toBeGreaterThanOrEqual(0)
    // the mean step time so far times the steps left: 2 steps left at step 4, none at the end
    expect(progress[1].remainingMs).toBeGreaterThan(0)
    expect(progress[1].remainingMs).toBeLessThan(10 * progress[1].elapsedMs)
    expect(progress[2].remainingMs).toBe(0)
    expect(progress[2].elapsedMs).toBeGreaterThanOrEqual(progress[0].elapsedMs)
    expect(result).toMatchObject({ modelId: model.id, modelVersion: 0, layer: 'mixed3a', channel: 3, steps: 6 })
    expect(result.image.data.length).toBe(16 * 16 * 4)
    for (const value of [result.objective, result.startObjective, result.layerMedian]) expect(Number.isFinite(value)).toBe(true)
    expect(result.responded).toBe(responded(result.objective, result.startObjective, result.layerMedian))
  })

  test('cancel: aborting stops the run, rejects with AbortError and frees its tensors', async () => {
    const start = tf.memory().numTensors
    const controller = new AbortController()
    let lastStep = 0
    const promise = runFeatureVis(model, 'mixed3a', 1, {
      ...base,
      steps: 100,
      cache: null,
      signal: controller.signal,
      onProgress: (p) => {
        lastStep = p.step
        if (p.step === 4) controller.abort()
      },
    })
    await expect(promise).rejects.toMatchObject({ name: 'AbortError' })
    expect(lastStep).toBe(4)
    expect(tf.memory().numTensors).toBe(start)
    // an already-aborted signal never starts
    await expect(runFeatureVis(model, 'mixed3a', 1, { ...base, cache: null, signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' })
  })

  test('a repeated request is a cache hit (same object, no steps); weight changes invalidate it', async () => {
    const cache = new FeatureVisCache()
    let steps = 0
    const onProgress = () => steps++
    const first = await runFeatureVis(model, 'mixed3a_3x3', 2, { ...base, cache, onProgress })
    expect(steps).toBe(3)
    const again = await runFeatureVis(model, 'mixed3a_3x3', 2, { ...base, cache, onProgress })
    expect(again).toBe(first)
    expect(steps).toBe(3)
    // other settings are other entries
    const pixel = await runFeatureVis(model, 'mixed3a_3x3', 2, { ...base, cache, onProgress, parameterization: 'pixel' })
    expect(pixel).not.toBe(first)
    expect(cache.size).toBe(2)

    model.markWeightsChanged()
    const afterEdit = await runFeatureVis(model, 'mixed3a_3x3', 2, { ...base, cache, onProgress })
    expect(afterEdit).not.toBe(first)
    expect(afterEdit.modelVersion).toBe(1)
    expect(steps).toBe(9)
    // the stale pixel entry went with the version change
    expect(cache.size).toBe(1)
    expect(await runFeatureVis(model, 'mixed3a_3x3', 2, { ...base, cache, onProgress })).toBe(afterEdit)
  })

  test('a result whose model changed while it ran is not cached', async () => {
    const cache = new FeatureVisCache()
    await runFeatureVis(model, 'mixed3a', 0, { ...base, cache, onProgress: (p) => p.step === 2 && model.markWeightsChanged() })
    expect(cache.size).toBe(0)
  })
})

describe('what is optimised: the channel before its ReLU', () => {
  let branching: LayersPerturberModel
  let residual: LayersPerturberModel
  beforeAll(() => {
    branching = new LayersPerturberModel(branchingModel(3, 16, 4), tinyDescriptor({}, 4, 16))
    residual = new LayersPerturberModel(residualModel(4, 16, 5), tinyDescriptor({}, 5, 16))
  })
  afterAll(() => (branching.dispose(), residual.dispose()))

  /** relu(target map) against the layer's own channel, on a random image. */
  function checkTarget(model: LayersPerturberModel, layer: string, channel: number) {
    const target = channelTarget(model, layer, channel)
    const [ours, theirs] = tf.tidy(() => {
      const input = model.preprocess(tf.randomUniform([1, 16, 16, 3], 0, 1, 'float32', 5) as tf.Tensor4D)
      const names = [layer, ...(target.source ? [target.source] : [])]
      const { activations } = model.execute(input, { layers: names, predictions: false })
      const map = target.map(target.source ? activations.get(target.source)! : input)
      const own = tf.slice(activations.get(layer)!, [0, 0, 0, channel], [-1, -1, -1, 1])
      return [Array.from((target.preActivation ? tf.relu(map) : map).dataSync()), Array.from(own.dataSync())]
    })
    expect(ours.length).toBe(theirs.length)
    for (let i = 0; i < ours.length; i++) expect(ours[i]).toBeCloseTo(theirs[i], 4)
    return target
  }

  test('through a concatenation to its branch, then the branch convolution before its ReLU', () => {
    // mixed3a = concat(mixed3a_1x1 (4), mixed3a_3x3 (5)): channel 6 is mixed3a_3x3's channel 2
    const target = checkTarget(branching, 'mixed3a', 6)
    expect(target).toMatchObject({ source: 'conv2d0', preActivation: true })
    expect(target.description).toBe('mixed3a:6 → mixed3a_3x3:2 → relu(conv mixed3a_3x3:2 of conv2d0)')
    // a first convolution runs on the preprocessed input itself
    expect(checkTarget(branching, 'conv2d0', 1)).toMatchObject({ source: null, preActivation: true })
  })

  test('a ReLU layer: its input; a linear layer: the channel itself', () => {
    expect(checkTarget(residual, 'block_1_relu', 3)).toMatchObject({ source: 'block_1_add', preActivation: true })
    expect(checkTarget(residual, 'block_1_conv', 2)).toMatchObject({ source: 'block_1_conv', preActivation: false })
  })

  test('a channel that is 0 everywhere on the start image still rises (a ReLU would block its gradient)', () => {
    const model = new LayersPerturberModel(branchingModel(3, 16, 4), tinyDescriptor({}, 4, 16))
    // push mixed3a_1x1:1 below zero all over the start image: lower its bias by its largest pre-activation there, plus 0.1
    const layer = model.layersModel.getLayer('mixed3a_1x1')
    const probe = new FeatureVisRun(model, 'mixed3a', 1, { size: 16, seed: 2 })
    const peak = tf.tidy(() => {
      const view = tf.expandDims(tf.image.resizeBilinear(probe.imageTensor(), [16, 16], false, true), 0) as tf.Tensor4D
      return tf.max(probe.target.map(model.execute(model.preprocess(view), { layers: ['conv2d0'], predictions: false }).activations.get('conv2d0')!)).dataSync()[0]
    })
    probe.dispose()
    const [kernel, bias] = layer.getWeights()
    const lowered = tf.tidy(() => tf.sub(bias, tf.oneHot([1], 4).reshape([4]).mul(peak + 0.1)))
    layer.setWeights([kernel, lowered])
    model.markWeightsChanged()
    const run = new FeatureVisRun(model, 'mixed3a', 1, { size: 16, seed: 2 })
    expect(run.startObjective).toBe(0)
    run.step(64)
    // measured 0 → 0.10 (layer median 0.03); optimising the channel after its ReLU stays at exactly 0
    const end = run.evaluateLayer()
    expect(end.objective).toBeGreaterThan(0.05)
    expect(end.responded).toBe(true)
    run.dispose()
    lowered.dispose()
    model.dispose()
  }, 60_000)

  test('a channel that cannot respond (pruned: zero weights and bias) is reported as such', () => {
    const model = new LayersPerturberModel(branchingModel(3, 16, 4), tinyDescriptor({}, 4, 16))
    const layer = model.layersModel.getLayer('mixed3a_3x3')
    const mask = tf.tidy(() => tf.sub(1, tf.oneHot([2], 5).reshape([5])))
    const pruned = tf.tidy(() => layer.getWeights().map((w) => tf.mul(w, mask)))
    layer.setWeights(pruned)
    model.markWeightsChanged()
    const run = new FeatureVisRun(model, 'mixed3a', 6, { size: 16, seed: 1 })
    run.step(16)
    const end = run.evaluateLayer()
    expect(end).toMatchObject({ objective: 0, startObjective: 0, responded: false })
    expect(end.layerMedian).toBeGreaterThanOrEqual(0)
    run.dispose()
    tf.dispose([mask, ...pruned])
    model.dispose()
  }, 60_000)

  test('responded: above the start by 1 % of the scale and above the layer median', () => {
    expect(responded(2, 0, 0.5)).toBe(true)
    expect(responded(0, 0, 0.5)).toBe(false) // never rose
    expect(responded(0.4, 0, 0.5)).toBe(false) // rose, but below half the layer
    expect(responded(1.004, 1, 0.5)).toBe(false) // within 1 % of the start
    expect(responded(-1, -3, -2)).toBe(true) // a linear layer's negative responses
    expect(responded(Number.NaN, 0, 0)).toBe(false)
  })
})
