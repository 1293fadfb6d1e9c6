import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { LayersPerturberModel } from '../model/LayersPerturberModel'
import { branchingModel, residualModel, testFrame, tinyDescriptor } from '../testing/tinyModels'
import { framePixelsToTensor } from './framePixels'
import { inferFrame, topIndices } from './inferFrame'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

/** Independent computation: a sub-model on the raw LayersModel, preprocessing by hand. */
function reference(model: tf.LayersModel, frame: ReturnType<typeof testFrame>, layer: string) {
  return tf.tidy(() => {
    const rgb = Array.from({ length: frame.width * frame.height * 3 }, (_, i) => frame.data[Math.floor(i / 3) * 4 + (i % 3)] / 255)
    const input = tf.tensor4d(rgb, [1, frame.height, frame.width, 3]).mul(2).sub(1)
    const sub = tf.model({ inputs: model.inputs, outputs: [model.getLayer(layer).output as tf.SymbolicTensor, ...model.outputs] })
    const [act, out] = sub.predict(input) as tf.Tensor[]
    return { act: act.arraySync() as number[][][][], out: (out.arraySync() as number[][])[0] }
  })
}

describe('inferFrame', () => {
  it('returns the requested channels, layer statistics, top channels and top-k, matching an independent computation', async () => {
    const raw = branchingModel(3)
    const model = new LayersPerturberModel(raw, tinyDescriptor())
    const frame = testFrame(7)
    const pixels = framePixelsToTensor(frame)
    const result = await inferFrame(pixels, [{ model, layer: 'mixed3a', channels: [8, 0, 5], topChannels: 3, predictions: true, topK: 3 }], frame.frameId)
    pixels.dispose()
    const ref = reference(raw, frame, 'mixed3a')
    const maps = result.models[0].activations!
    expect(result.frameId).toBe(7)
    expect(maps.shape).toEqual([8, 8, 9])
    expect(maps.channels).toEqual([8, 0, 5])
    // channel-major, row 0 at the top
    for (const [k, ch] of [8, 0, 5].entries())
      for (const [y, x] of [[0, 0], [3, 5], [7, 7]]) expect(maps.data[k * 64 + y * 8 + x]).toBeCloseTo(ref.act[0][y][x][ch], 5)
    const all = ref.act[0].flat(2)
    const mean = all.reduce((a, b) => a + b, 0) / all.length
    const std = Math.sqrt(all.reduce((a, b) => a + (b - mean) ** 2, 0) / all.length)
    expect(maps.layerMean).toBeCloseTo(mean, 5)
    expect(maps.layerStd).toBeCloseTo(std, 5)
    const channelMeans = Array.from({ length: 9 }, (_, c) => ref.act[0].flat().reduce((a, px) => a + px[c], 0) / 64)
    const expectedTop = channelMeans.map((m, c) => [m, c]).sort((a, b) => b[0] - a[0]).slice(0, 3).map(([, c]) => c)
    expect(maps.topChannels).toEqual(expectedTop)
    const exp = ref.out.map(Math.exp)
    const z = exp.reduce((a, b) => a + b, 0)
    const expectedOrder = ref.out.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]).slice(0, 3)
    expect(result.models[0].predictions!.map((p) => p.labelIndex)).toEqual(expectedOrder.map(([, i]) => i))
    result.models[0].predictions!.forEach((p, i) => {
      expect(p.logit).toBeCloseTo(expectedOrder[i][0], 5)
      expect(p.probability).toBeCloseTo(exp[p.labelIndex] / z, 5)
      expect(p.label).toBe(`class ${p.labelIndex}`)
    })
    model.dispose()
  })

  it('returns every channel mean and every logit when asked (channelMeans, logits: all), without maps or top-k', async () => {
    const raw = branchingModel(3)
    const model = new LayersPerturberModel(raw, tinyDescriptor())
    const frame = testFrame(8)
    const pixels = framePixelsToTensor(frame)
    const result = await inferFrame(pixels, [{ model, layer: 'mixed3a', channels: [], channelMeans: true, logits: 'all', probabilities: 'all' }], frame.frameId)
    pixels.dispose()
    const ref = reference(raw, frame, 'mixed3a')
    const maps = result.models[0].activations!
    expect(maps.data.length).toBe(0)
    expect(maps.topChannels).toBeUndefined()
    const expectedMeans = Array.from({ length: 9 }, (_, c) => ref.act[0].flat().reduce((a, px) => a + px[c], 0) / 64)
    expect(Array.from(maps.channelMeans!)).toHaveLength(9)
    maps.channelMeans!.forEach((m, c) => expect(m).toBeCloseTo(expectedMeans[c], 5))
    expect(result.models[0].predictions).toBeUndefined()
    expect(result.models[0].logits!.length).toBe(ref.out.length)
    result.models[0].logits!.forEach((l, i) => expect(l).toBeCloseTo(ref.out[i], 5))
    expect(result.models[0].probabilities!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5)
    model.dispose()
  })

  it('shares preprocessing between models with the same input pipeline and runs models only as deep as needed', async () => {
    const a = new LayersPerturberModel(branchingModel(1), tinyDescriptor())
    const b = new LayersPerturberModel(branchingModel(2), tinyDescriptor())
    const c = new LayersPerturberModel(residualModel(1), tinyDescriptor({ preprocessing: { kind: 'range', min: 0, max: 1 }, output: { kind: 'probabilities' } }))
    const calls = new Map<string, number>()
    for (const m of [a, b, c]) {
      const original = m.preprocess.bind(m)
      m.preprocess = (x) => (calls.set(m.id, (calls.get(m.id) ?? 0) + 1), original(x))
    }
    let denseCalls = 0
    const dense = a.layersModel.getLayer('logits')
    const call = dense.call.bind(dense)
    dense.call = (inputs, kwargs) => (denseCalls++, call(inputs, kwargs))
    const pixels = framePixelsToTensor(testFrame(1))
    const before = tf.memory().numTensors
    const result = await inferFrame(pixels, [{ model: a, layer: 'conv2d0', channels: [0] }, { model: b, predictions: true }, { model: c, predictions: true }], 1)
    expect(tf.memory().numTensors).toBe(before)
    pixels.dispose()
    expect(calls.get(a.id)).toBe(1)
    expect(calls.get(b.id)).toBeUndefined() // reused a's preprocessed input
    expect(calls.get(c.id)).toBe(1) // different preprocessing
    expect(denseCalls).toBe(0) // predictions off: the head never ran
    expect(result.models[0].predictions).toBeUndefined()
    expect(result.models[1].predictions).toHaveLength(5)
    const probabilities = result.models[2].predictions!.map((p) => p.probability)
    expect(probabilities.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5) // all 5 classes
    for (const m of [a, b, c]) m.dispose()
  })
})

describe('inferFrame with several requests for one model', () => {
  it('runs the model once for all its layers and predictions, with the same numbers as one request each', async () => {
    const raw = branchingModel(5)
    const model = new LayersPerturberModel(raw, tinyDescriptor())
    const firstConv = raw.getLayer('conv2d0')
    const call = firstConv.call.bind(firstConv)
    let runs = 0
    firstConv.call = (inputs, kwargs) => (runs++, call(inputs, kwargs))
    const frame = testFrame(4)
    const pixels = framePixelsToTensor(frame)
    const requests = [
      { model, layer: 'conv2d0', channels: [1, 2] },
      { model, layer: 'mixed3a', channels: [4] },
      { model, predictions: true, topK: 3 },
    ]
    const together = await inferFrame(pixels, requests, 4)
    expect(runs).toBe(1)
    const apart = await Promise.all(requests.map((r) => inferFrame(pixels, [r], 4)))
    expect(runs).toBe(4)
    pixels.dispose()
    expect(together.models[0].activations!.data).toEqual(apart[0].models[0].activations!.data)
    expect(together.models[1].activations!.data).toEqual(apart[1].models[0].activations!.data)
    // each result holds what its own request asked for, nothing more
    expect(together.models[0].predictions).toBeUndefined()
    expect(together.models[2].activations).toBeUndefined()
    expect(together.models[2].predictions).toEqual(apart[2].models[0].predictions)
    expect(reference(raw, frame, 'mixed3a').act[0][2][3][4]).toBeCloseTo(together.models[1].activations!.data[2 * 8 + 3], 5)
    model.dispose()
  })
})

describe('inferFrame with top-channel specs', () => {
  it("returns the maps of this frame's most active channels, another model's too, in one pass and without leaks", async () => {
    const rawA = branchingModel(3)
    const rawB = branchingModel(4)
    const a = new LayersPerturberModel(rawA, tinyDescriptor())
    const b = new LayersPerturberModel(rawB, tinyDescriptor())
    const frame = testFrame(11)
    const pixels = framePixelsToTensor(frame)
    const before = tf.memory().numTensors
    const result = await inferFrame(
      pixels,
      [
        { model: b, layer: 'mixed3a', channels: { top: 3, of: a } }, // listed before its source
        { model: a, layer: 'mixed3a', channels: { top: 3 }, topChannels: 5 },
      ],
      frame.frameId,
    )
    expect(tf.memory().numTensors).toBe(before)
    const [refA, refB] = [reference(rawA, frame, 'mixed3a'), reference(rawB, frame, 'mixed3a')]
    const meansA = Array.from({ length: 9 }, (_, c) => refA.act[0].flat().reduce((s, px) => s + px[c], 0) / 64)
    const expectedTop = meansA.map((m, c) => [m, c]).sort((x, y) => y[0] - x[0]).map(([, c]) => c)
    const [mapsB, mapsA] = result.models.map((m) => m.activations!)
    expect(mapsA.channels).toEqual(expectedTop.slice(0, 3))
    expect(mapsB.channels).toEqual(expectedTop.slice(0, 3)) // a's channels, not b's own top ones
    expect(mapsA.topChannels).toEqual(expectedTop.slice(0, 5))
    for (const [maps, ref] of [[mapsA, refA], [mapsB, refB]] as const)
      for (const [k, ch] of maps.channels.entries())
        for (const [y, x] of [[0, 0], [4, 2], [7, 7]]) expect(maps.data[k * 64 + y * 8 + x]).toBeCloseTo(ref.act[0][y][x][ch], 5)

    // a source that is not requested on the frame is that request's failure, naming it
    const orphan = await inferFrame(pixels, [{ model: b, layer: 'mixed3a', channels: { top: 2, of: a } }, { model: a, predictions: true }], 2)
    expect(orphan.models[0].problem).toMatchObject({
      kind: 'failed',
      outOfMemory: false,
      message: 'tiny could not compute this frame (Top channels of "tiny" at mixed3a were asked for, but that model and layer are not requested on this frame): its maps and predictions are not shown.',
    })
    expect(orphan.models[1].predictions).toHaveLength(5)
    expect(tf.memory().numTensors).toBe(before)
    pixels.dispose()
    a.dispose()
    b.dispose()
  })
})

describe('topIndices', () => {
  it('returns the k largest, largest first, keeping the first of ties', () => {
    expect(topIndices([3, 9, 1, 9, 4, -2, 7], 3)).toEqual([1, 3, 6])
    expect(topIndices([1, 2], 5)).toEqual([1, 0])
    expect(topIndices([5], 1)).toEqual([0])
  })
})
