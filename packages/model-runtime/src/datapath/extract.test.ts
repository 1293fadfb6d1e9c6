import * as tf from '@tensorflow/tfjs'
import '@tensorflow/tfjs-backend-wasm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadModel } from '../load/loadModel'
import { asFiles, saveModel } from '../load/testFixtures'
import { LayersPerturberModel } from '../model/LayersPerturberModel'
import { createModelRuntime } from '../runtime/ModelRuntime'
import { graphModelFiles, weights } from '../testing/graphModel'
import { branchingModel, testFrame, tinyDescriptor } from '../testing/tinyModels'
import type { DatapathProgress } from './types'
import { extractDatapath } from './extract'
import { keepOnlyMaps, mostActivatedMaps } from './keepMaps'
import { kktResidual, solveFrameSet } from './qp'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

/**
 * A net with a known dominant path for class 0: conv1 map 0 (the pixel sum, lifted to stay
 * positive) → conv2 map 2 (twice conv1 map 0) → class 0. conv1 map 1 is a distractor: the most
 * activated map of its layer (a constant 10), feeding conv2 map 0 (the most activated of its
 * layer), which only class 1 reads. Maps 2 and 3 of both layers carry small side contributions.
 */
function pathModel(): tf.LayersModel {
  const input = tf.input({ shape: [8, 8, 3], name: 'input' })
  const conv1 = tf.layers.conv2d({ name: 'conv1', filters: 4, kernelSize: 1, activation: 'relu' })
  const conv2 = tf.layers.conv2d({ name: 'conv2', filters: 4, kernelSize: 1, activation: 'relu' })
  const dense = tf.layers.dense({ name: 'logits', units: 3 })
  const pooled = tf.layers.globalAveragePooling2d({ name: 'avgpool' }).apply(conv2.apply(conv1.apply(input))) as tf.SymbolicTensor
  const model = tf.model({ inputs: input, outputs: dense.apply(pooled) as tf.SymbolicTensor })
  // kernels [1, 1, in, out] in row-major order: k[in][out]
  const k1 = [[1, 0, 0.1, -0.05], [1, 0, -0.1, 0.1], [1, 0, 0.05, 0.1]]
  const k2 = [[0, 0, 2, 0], [1, 0, 0, 0], [0, 0.05, 0, 0], [0, 0, 0, 0.05]]
  conv1.setWeights([tf.tensor4d(k1.flat(), [1, 1, 3, 4]), tf.tensor1d([3.5, 10, 0.2, 0.2])])
  conv2.setWeights([tf.tensor4d(k2.flat(), [1, 1, 4, 4]), tf.tensor1d([0, 0.1, 0, 0.1])])
  dense.setWeights([tf.tensor2d([[0, 0.15, 0], [0.1, 0, 0.2], [1, 0, 0], [0.1, 0, 0.2]]), tf.zeros([3])])
  return model
}

const descriptor = (classes: number, size: number) => tinyDescriptor({}, classes, size)

describe('datapath extraction', () => {
  it('on a net with a known dominant path, the critical maps are that path; the most activated maps (distractors) are not, and keeping them alone changes the prediction where keeping the critical ones does not', async () => {
    const model = new LayersPerturberModel(pathModel(), descriptor(3, 8))
    const frames = [testFrame(1, 8, 8, 0), testFrame(2, 8, 8, 9)]
    const before = tf.memory().numTensors
    for (const frame of frames) {
      const path = await extractDatapath(model, [frame])
      expect(path.classIndex).toBe(0)
      const [conv1, conv2] = path.layers
      expect(conv1.critical).toContain(0)
      expect(conv2.critical).toContain(2)
      expect(conv1.critical).not.toContain(1)
      expect(conv2.critical).not.toContain(0)
      expect(mostActivatedMaps(conv1.meanActivation, 1)).toEqual([1])
      expect(mostActivatedMaps(conv2.meanActivation, 1)).toEqual([0])
      for (const layer of path.layers) {
        expect(layer.solver.method).toBe('breakpoints')
        expect(layer.z.every((v) => v >= 0 && v <= 1)).toBe(true)
        expect(kktResidual([layer.contributions], layer.lambda, layer.z)).toBeLessThan(1e-6) // z comes back as float32
      }
      expect(Array.from(await keepOnlyMaps(model, [frame], 'conv1', conv1.critical))).toEqual([0])
      expect(Array.from(await keepOnlyMaps(model, [frame], 'conv2', conv2.critical))).toEqual([0])
      expect(Array.from(await keepOnlyMaps(model, [frame], 'conv1', [1]))).toEqual([1])
      expect(Array.from(await keepOnlyMaps(model, [frame], 'conv2', [0]))).toEqual([1])
    }
    // one list of maps per frame, in one batched pass
    expect(Array.from(await keepOnlyMaps(model, frames, 'conv1', [[0], [1]]))).toEqual([0, 1])
    await expect(keepOnlyMaps(model, frames, 'conv1', [[0]])).rejects.toThrow('1 lists of maps for 2 frames')
    await expect(keepOnlyMaps(model, frames, 'conv1', [4])).rejects.toThrow('Layer "conv1" has maps 0..3; got 4.')
    expect(tf.memory().numTensors).toBe(before)
    model.dispose()
  })

  it('for a set of frames, z solves the summed QP of the per-frame contributions; batches of frames change nothing', async () => {
    const model = new LayersPerturberModel(branchingModel(5), descriptor(5, 16))
    const frames = [testFrame(1, 16, 16, 0), testFrame(2, 16, 16, 7)]
    const single = await Promise.all(frames.map((f) => extractDatapath(model, [f], { classIndex: 3 })))
    const set = await extractDatapath(model, frames, { classIndex: 3 })
    const batched = await extractDatapath(model, frames, { classIndex: 3, batchBytes: 1 })
    expect(set.frameIds).toEqual([1, 2])
    set.layers.forEach((layer, i) => {
      const [q1, q2] = single.map((d) => d.layers[i].contributions)
      const n = layer.channels
      layer.frameContributions.forEach((v, at) => expect(v).toBeCloseTo((at < n ? q1 : q2)[at % n], 5))
      layer.contributions.forEach((v, j) => expect(v).toBeCloseTo(q1[j] + q2[j], 5))
      // the summed form of eq. (5), solved from the two frames' rows as they came back
      const bySum = solveFrameSet([layer.frameContributions.subarray(0, n), layer.frameContributions.subarray(n)], layer.lambda)
      layer.z.forEach((v, j) => expect(v).toBeCloseTo(bySum.z[j], 6))
      expect(layer.solver.method).toBe('active-set')
      expect(batched.layers[i].frameContributions).toEqual(layer.frameContributions)
      expect(batched.layers[i].critical).toEqual(layer.critical)
    })
    model.dispose()
  })

  it('reports progress, stops when aborted and leaves no tensor behind', async () => {
    const model = new LayersPerturberModel(branchingModel(5), descriptor(5, 16))
    const frames = [1, 2, 3].map((i) => testFrame(i, 16, 16, i))
    const before = tf.memory().numTensors
    const progress: DatapathProgress[] = []
    const path = await extractDatapath(model, frames, { batchBytes: 1, onProgress: (p) => progress.push(p) })
    expect(progress.map((p) => `${p.stage} ${p.done}/${p.total}${p.layer ? ` ${p.layer}` : ''}`)).toEqual([
      'gradients 1/3', 'gradients 2/3', 'gradients 3/3',
      ...model.layers.map((l, i) => `solve ${i + 1}/${model.layers.length} ${l.name}`),
    ])
    expect(path.layers.map((l) => l.layer)).toEqual(model.layers.map((l) => l.name))
    const controller = new AbortController()
    const cancelled = extractDatapath(model, frames, { batchBytes: 1, signal: controller.signal, onProgress: () => controller.abort() })
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' })
    expect(tf.memory().numTensors).toBe(before)
    model.dispose()
  })

  it('refuses what it cannot do, saying what to choose instead', async () => {
    const model = new LayersPerturberModel(branchingModel(5), descriptor(5, 16))
    const frame = testFrame(1, 16, 16, 0)
    await expect(extractDatapath(model, [frame], { layers: ['avgpool'] })).rejects.toThrow('Layer "avgpool" of "tiny" has no spatial maps')
    await expect(extractDatapath(model, [frame], { layers: ['avgpool'] })).rejects.toThrow('choose a spatial layer, such as conv2d0, mixed3a_1x1, mixed3a_3x3, mixed3a')
    await expect(extractDatapath(model, [frame], { layers: ['mixed9'] })).rejects.toThrow('"tiny" has no layer "mixed9"; choose spatial layers')
    await expect(extractDatapath(model, [frame], { classIndex: 5 })).rejects.toThrow('Class 5 is not a label index of "tiny": choose 0..4')
    await expect(extractDatapath(model, [frame, frame, frame], { maxFrames: 2 })).rejects.toThrow('3 frames are more than one datapath takes (at most 2')
    await expect(extractDatapath(model, [frame, frame, frame], { maxFrames: 2 })).rejects.toThrow('choose at most 2, e.g. one frame in every 2, or extract datapaths of smaller sets.')
    await expect(extractDatapath(model, [])).rejects.toThrow('A datapath needs at least one frame.')
    const graph = await loadModel(graphModelFiles(weights()))
    await expect(extractDatapath(graph, [frame])).rejects.toThrow('cannot change a node\'s output inside a pass (TF.js runs the graph whole), so taps (datapaths, keeping only some maps) are not available for it; load the model as a TF.js layers model instead.')
    graph.dispose()
    await tf.setBackend('wasm')
    try {
      await expect(extractDatapath(model, [frame])).rejects.toThrow("Datapath extraction cannot run on TF.js' wasm backend: its gradients are wrong there")
      await expect(extractDatapath(model, [frame])).rejects.toThrow('Use runtime.datapath, which runs on a backend with correct gradients')
    } finally {
      await tf.setBackend('cpu')
    }
    model.dispose()
  })
})

describe('runtime.datapath', () => {
  let runtime: Awaited<ReturnType<typeof createModelRuntime>>
  beforeAll(async () => {
    runtime = await createModelRuntime({ forward: 'cpu', gradient: 'cpu' })
  })
  afterAll(async () => {
    await tf.setBackend('cpu')
  })

  it('gives what extraction on the model itself gives, through the runtime’s queue', async () => {
    const raw = pathModel()
    const model = await runtime.load(asFiles(await saveModel(raw)), { descriptor: descriptor(3, 8) })
    const frame = testFrame(3, 8, 8, 4)
    const direct = await extractDatapath(new LayersPerturberModel(raw, descriptor(3, 8)), [frame])
    const queued = await runtime.datapath(model, [frame])
    expect(queued.modelId).toBe(model.id)
    expect(queued.layers.map((l) => l.critical)).toEqual(direct.layers.map((l) => l.critical))
    queued.layers.forEach((l, i) => l.contributions.forEach((v, j) => expect(v).toBeCloseTo(direct.layers[i].contributions[j], 4)))
    await runtime.release(model)
    await runtime.forward(() => model.dispose())
  })
})
