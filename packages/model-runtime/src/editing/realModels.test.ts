import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sharedModelPath, sharedModelsMissing, type SharedModelName } from '../../../../tests/support/sharedModels'
import { LayersPerturberModel } from '../model/LayersPerturberModel'
import { createEditedModel } from './EditedModel'
import { testDescriptor } from './testModels'

if (sharedModelsMissing) console.warn(`editing/realModels.test.ts: ${sharedModelsMissing}`)

/** model.json plus its shards, concatenated in manifest order (the shared models' README recipe). */
async function loadShared(name: SharedModelName): Promise<LayersPerturberModel> {
  const jsonPath = sharedModelPath(name)
  const json = JSON.parse(readFileSync(jsonPath, 'utf8')) as tf.io.ModelJSON
  const specs = json.weightsManifest.flatMap((group) => group.weights)
  const shards = json.weightsManifest.flatMap((group) => group.paths.map((p) => readFileSync(join(dirname(jsonPath), p))))
  const weightData = new Uint8Array(shards.reduce((n, s) => n + s.byteLength, 0))
  shards.reduce((offset, shard) => (weightData.set(shard, offset), offset + shard.byteLength), 0)
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: weightData.buffer }),
  )
  return new LayersPerturberModel(model, testDescriptor(name, 1000))
}

const models: SharedModelName[] = ['mobilenet_v1_0.75_224', 'mobilenet_v2_1.0_224_quant', 'darknet_tiny']

describe.skipIf(!!sharedModelsMissing).each(models)('editing the pretrained %s', (name) => {
  let source: LayersPerturberModel

  beforeAll(async () => {
    await tf.setBackend('cpu')
    source = await loadShared(name)
  }, 60_000)
  afterAll(() => source?.dispose())

  it('clones the architecture, starts bit-identical, and edits one layer at a time', async () => {
    const before = tf.memory().numTensors
    const edited = await createEditedModel(source, source)
    const original = source.layersModel.weights.map((w) => w.read().dataSync())
    const copy = edited.layersModel.weights.map((w) => w.read().dataSync())
    expect(copy.length).toBe(original.length)
    copy.forEach((w, i) => expect(tf.util.arraysEqual(w, original[i])).toBe(true))
    expect(edited.prunableLayers.length).toBeGreaterThan(10)
    expect(edited.mixUnits.length).toBeGreaterThan(5)

    const conv = edited.prunableLayers.find((l) => l.kind === 'conv2d')!
    edited.setPruneRange(conv.name, [0.5, 1])
    expect(edited.keptChannels(conv.name).filter(Boolean)).toHaveLength(Math.ceil(conv.outputChannels / 2))
    const changed = edited.layersModel.weights.filter((w, i) => !tf.util.arraysEqual(w.read().dataSync(), original[i]))
    expect(new Set(changed.map((w) => w.originalName.split('/')[0]))).toEqual(new Set([conv.name]))

    edited.setMixAll(0.5) // Model 2 is the same model: the mix is Model 1 again, up to rounding
    edited.reset()
    edited.layersModel.weights.forEach((w, i) => expect(tf.util.arraysEqual(w.read().dataSync(), original[i])).toBe(true))
    edited.dispose()
    expect(tf.memory().numTensors).toBe(before)
  }, 60_000)
})
