import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { imagenetLabels, preprocessingPresets } from '../../packages/model-runtime/src/descriptors/imagenet'
import { loadModel } from '../../packages/model-runtime/src/load/loadModel'
import type { LoadProgress, PerturberModel } from '../../packages/model-runtime/src/types'
import { sharedModelUrl, sharedModelsMissing, type SharedModelName } from '../support/sharedModels'
import { loadPhoto } from './support/images'

if (sharedModelsMissing) console.warn(sharedModelsMissing)

const fetchJson = async <T,>(model: SharedModelName, file: string): Promise<T> => (await fetch(sharedModelUrl(model, file))).json() as Promise<T>

/** The k largest entries of a probability vector, as label indices. */
function topK(probs: ArrayLike<number>, k: number): { index: number; p: number }[] {
  return Array.from(probs, (p, index) => ({ index, p }))
    .sort((a, b) => b.p - a.p)
    .slice(0, k)
}

// cpu: SwiftShader webgl compiles hundreds of shaders for three new architectures (~100 s);
// plain JS runs each forward pass in a few seconds and gives the same numbers on every machine
describe.skipIf(!!sharedModelsMissing)('the three shared ImageNet models through loadModel (cpu backend)', () => {
  const models: Partial<Record<SharedModelName, PerturberModel>> = {}
  let photo: tf.Tensor4D
  let darknetOrder: number[]
  /** Top-5 label-space predictions on the photo, per model. */
  const tops: Partial<Record<SharedModelName, { index: number; p: number }[]>> = {}
  /** The head's raw output on the photo, per model. */
  const raw: Partial<Record<SharedModelName, Float32Array>> = {}

  beforeAll(async () => {
    await tf.setBackend('cpu')
    const image = await loadPhoto('park')
    photo = tf.tidy(() => tf.tensor4d(image.data, [1, image.height, image.width, 4]).slice([0, 0, 0, 0], [1, -1, -1, 3]))
    darknetOrder = await fetchJson<number[]>('darknet_tiny', 'to_standard_index.json')
  })

  afterAll(() => {
    for (const m of Object.values(models)) m?.dispose()
    photo?.dispose()
  })

  test('MobileNet v1 0.75: everything inferred (224², softmax, 1000 ImageNet classes)', async () => {
    const events: LoadProgress[] = []
    const model = (models['mobilenet_v1_0.75_224'] = await loadModel(sharedModelUrl('mobilenet_v1_0.75_224'), { onProgress: (p) => events.push(p) }))
    expect(model.format).toBe('layers')
    expect(model.descriptor).toMatchObject({
      name: 'mobilenet_v1_0.75_224',
      inputSize: [224, 224],
      channelOrder: 'RGB',
      preprocessing: preprocessingPresets.minusOneToOne,
      output: { kind: 'probabilities', backgroundClass: false }, // act_softmax, then a Reshape
    })
    expect(model.descriptor.labels).toBe(imagenetLabels)
    expect(await fetchJson<string[]>('mobilenet_v1_0.75_224', 'labels.json')).toEqual(imagenetLabels.names)
    expect(events[events.length - 1].fraction).toBe(1)
    events.forEach((e, i) => i > 0 && expect(e.fraction).toBeGreaterThanOrEqual(events[i - 1].fraction))
  })

  test('MobileNet v2 (quant): 1001 outputs → background class, residual blocks listed', async () => {
    const model = (models['mobilenet_v2_1.0_224_quant'] = await loadModel(sharedModelUrl('mobilenet_v2_1.0_224_quant'), {
      descriptor: { name: 'MobileNet v2', preprocessing: preprocessingPresets.minusOneToOne },
    }))
    expect(model.descriptor).toMatchObject({ name: 'MobileNet v2', inputSize: [224, 224], output: { kind: 'probabilities', backgroundClass: true } })
    expect(model.descriptor.labels).toBe(imagenetLabels)
    const labels = await fetchJson<string[]>('mobilenet_v2_1.0_224_quant', 'labels.json')
    expect(labels.length).toBe(1001)
    expect(labels[0]).toBe('background')
    // the 10 residual adds are listed, each in its inverted-residual block
    const adds = model.layers.filter((l) => l.name.endsWith('_add'))
    expect(adds.map((l) => l.block)).toEqual([2, 4, 5, 7, 8, 9, 11, 12, 14, 15].map((i) => `expanded_conv_${i}`))
    expect(model.blocks.find((b) => b.name === 'expanded_conv_2')!.layers).toEqual([
      'expanded_conv_2_expand', 'expanded_conv_2_expand_relu6', 'expanded_conv_2_depthwise', 'expanded_conv_2_depthwise_relu6', 'expanded_conv_2_project', 'expanded_conv_2_add',
    ])
  })

  test('Darknet tiny: logits in Darknet order, reordered by to_standard_index.json', async () => {
    const model = (models.darknet_tiny = await loadModel(sharedModelUrl('darknet_tiny'), {
      descriptor: { name: 'Darknet tiny', preprocessing: preprocessingPresets.zeroToOne, output: { classOrder: darknetOrder } },
    }))
    expect(model.descriptor).toMatchObject({ inputSize: [224, 224], output: { kind: 'logits', backgroundClass: false, classOrder: darknetOrder } })
    expect(model.descriptor.labels).toBe(imagenetLabels)
    // the mapping is the one the WordNet ids say: Darknet class i is standard class order[i]
    const darknetWnids = await fetchJson<string[]>('darknet_tiny', 'wnids.json')
    const standardWnids = await fetchJson<string[]>('imagenet_labels', 'imagenet1000_wnids.json')
    darknetWnids.forEach((wnid, i) => expect(standardWnids[darknetOrder[i]]).toBe(wnid))
  })

  test.each(['mobilenet_v1_0.75_224', 'mobilenet_v2_1.0_224_quant', 'darknet_tiny'] as const)(
    '%s: a shallow, a middle and the deepest listed layer, and the predictions, in one pass',
    (name) => {
      const model = models[name]!
      const layers = model.layers
      expect(layers.length).toBeGreaterThan(10)
      const picks = [layers[0], layers[Math.floor(layers.length / 2)], layers[layers.length - 1]]
      // the first pass folds BatchNormalization into the convolutions, kept for the model's life;
      // passes after it allocate nothing that outlives them
      tf.tidy(() => model.execute(model.preprocess(photo), { layers: picks.map((l) => l.name), predictions: true }).output)
      const before = tf.memory().numTensors
      const { stats, probs, head } = tf.tidy(() => {
        const { activations, output } = model.execute(model.preprocess(photo), { layers: picks.map((l) => l.name), predictions: true })
        const stats = picks.map((l) => {
          const a = activations.get(l.name)!
          const { variance } = tf.moments(a)
          return { shape: a.shape, finite: tf.all(tf.isFinite(a)).dataSync()[0], std: Math.sqrt(variance.dataSync()[0]) }
        })
        return { stats, probs: model.toLabelSpace(output!, 'probabilities').dataSync() as Float32Array, head: output!.dataSync() as Float32Array }
      })
      expect(tf.memory().numTensors).toBe(before)
      picks.forEach((l, i) => {
        expect(stats[i].shape, l.name).toEqual([1, ...l.shape])
        expect(stats[i].finite, l.name).toBe(1)
        expect(stats[i].std, `${l.name} is constant`).toBeGreaterThan(1e-3)
      })
      expect(layers[layers.length - 1].shape[0]).toBe(7 * (name === 'darknet_tiny' ? 2 : 1)) // 224 / 32 (Darknet: / 16)
      expect(probs.length).toBe(1000)
      expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4)
      tops[name] = topK(probs, 5)
      raw[name] = head
      console.log(name, picks.map((l, i) => `${l.name} [${l.shape}] std ${stats[i].std.toFixed(3)}`).join(' | '))
      console.log(name, tops[name]!.map((t) => `${imagenetLabels.names[t.index]} ${t.p.toFixed(3)}`).join(' | '))
    },
  )

  test('a real photo: confident predictions on which the three models agree', () => {
    const v1 = tops['mobilenet_v1_0.75_224']!
    const v2 = tops['mobilenet_v2_1.0_224_quant']!
    const darknet = tops.darknet_tiny!
    // far from uniform (1/1000): each model sees something
    for (const top of [v1, v2, darknet]) expect(top[0].p).toBeGreaterThan(0.05)
    const shared = (a: typeof v1, b: typeof v1) => a.filter((x) => b.some((y) => y.index === x.index)).map((x) => imagenetLabels.names[x.index])
    // independent architectures and training runs name the same things in this photo; for
    // Darknet this only holds when its outputs are reordered into the standard class order
    expect(shared(v1, darknet).length).toBeGreaterThanOrEqual(1)
    expect(shared(v2, [...v1, ...darknet]).length).toBeGreaterThanOrEqual(1)
  })

  test('Darknet without its class order would disagree: the reordering is what makes it agree', () => {
    const logits = raw.darknet_tiny!
    const max = Math.max(...logits)
    const exp = Array.from(logits, (v) => Math.exp(v - max))
    const sum = exp.reduce((a, b) => a + b, 0)
    const unordered = topK(exp.map((e) => e / sum), 5)
    const v1 = tops['mobilenet_v1_0.75_224']!
    expect(unordered.filter((x) => v1.some((y) => y.index === x.index))).toEqual([])
    // same scores, relabelled: Darknet's class i is standard class order[i]
    expect(unordered.map((t) => darknetOrder[t.index])).toEqual(tops.darknet_tiny!.map((t) => t.index))
  })

  test.each(['mobilenet_v1_0.75_224', 'darknet_tiny'] as const)('%s: the fused forward pass (BatchNormalization folded) predicts what tf.loadLayersModel gives', async (name) => {
    const ours = models[name]!
    const reference = await tf.loadLayersModel(sharedModelUrl(name))
    const input = tf.tidy(() => ours.preprocess(photo))
    const { diff, scale } = tf.tidy(() => {
      const b = reference.predict(input) as tf.Tensor
      return { diff: tf.max(tf.abs(tf.sub(tf.tensor(raw[name]!, b.shape), b))).dataSync()[0], scale: tf.max(tf.abs(b)).dataSync()[0] }
    })
    const kernels = (await tf.profile(() => tf.tidy(() => ours.execute(input, { layers: [], predictions: true }).output))).kernels.map((k) => k.name)
    const theirs = (await tf.profile(() => tf.tidy(() => reference.predict(input)))).kernels.map((k) => k.name)
    reference.dispose()
    input.dispose()
    expect(diff).toBeLessThanOrEqual(1e-4 * scale) // float rounding; a wrong fold is off by orders more
    expect(theirs).toContain('FusedBatchNorm')
    expect(kernels).not.toContain('FusedBatchNorm')
    expect(kernels.length).toBeLessThan(theirs.length * 0.6)
  })

  test('MobileNet v2 through loadModel predicts exactly what tf.loadLayersModel gives', async () => {
    const ours = models['mobilenet_v2_1.0_224_quant']!
    const reference = await tf.loadLayersModel(sharedModelUrl('mobilenet_v2_1.0_224_quant'))
    const diff = tf.tidy(() => {
      const b = reference.predict(ours.preprocess(photo)) as tf.Tensor
      return tf.max(tf.abs(tf.sub(tf.tensor(raw['mobilenet_v2_1.0_224_quant']!, b.shape), b))).dataSync()[0]
    })
    reference.dispose()
    expect(diff).toBeLessThanOrEqual(1e-6)
  })
})
