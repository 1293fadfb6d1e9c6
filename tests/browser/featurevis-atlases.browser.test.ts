/**
 * The zoo ships a feature visualization for every channel of each block output of its three final
 * models (issue 16, part 3; tools/zoo/feature_vis.py): JPEG atlases named by each descriptor's
 * `featureVisualizations`, at most 10 MB in all. Loaded as the app loads them (the descriptor
 * embedded in model.json, atlas URLs relative to it, decoded by the browser), every listed
 * channel has an image that is not flat, and each image, fed back to the model as the runtime
 * feeds an image (resized to the input, the model's own preprocessing), raises its own channel
 * above the layer's median channel.
 */
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createModelRuntime, type ModelRuntime, type PerturberModel, type PrecomputedFeatureVisImage } from '@perturber/model-runtime'
import { wasmPaths } from './support/wasm'

/** Where vitest.config.ts serves models/perturber-zoo (tools/zooModels.mjs). */
const ZOO = '/__zoo'
const MODELS = ['standard', 'adversarial/ckpt-5', 'stylized/ckpt-5']
const BLOCK_OUTPUTS = ['conv2d0', 'conv2d1', 'conv2d2', 'mixed3a', 'mixed3b', 'mixed4a', 'mixed4b', 'mixed4c']
const MAX_BYTES = 10_000_000

/** The decoded atlas as RGBA bytes. */
async function decodeAtlas(url: string): Promise<{ width: number; height: number; rgba: Uint8ClampedArray; bytes: number }> {
  const response = await fetch(url)
  expect(response.ok, `${url} is served`).toBe(true)
  const blob = await response.blob()
  const bitmap = await createImageBitmap(blob)
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
  const context = canvas.getContext('2d')!
  context.drawImage(bitmap, 0, 0)
  const { data } = context.getImageData(0, 0, bitmap.width, bitmap.height)
  return { width: bitmap.width, height: bitmap.height, rgba: data, bytes: blob.size }
}

/** The tiles of `channels` as [n, size, size, 3] in [0, 1], with each tile's pixel standard deviation. */
function tiles(atlas: { width: number; rgba: Uint8ClampedArray }, images: PrecomputedFeatureVisImage[]): { pixels: Float32Array; deviations: number[] } {
  const size = images[0].tile!.size
  const pixels = new Float32Array(images.length * size * size * 3)
  const deviations = images.map(({ tile }, n) => {
    let sum = 0
    let squares = 0
    for (let y = 0; y < size; y++)
      for (let x = 0; x < size; x++)
        for (let c = 0; c < 3; c++) {
          const v = atlas.rgba[((tile!.y + y) * atlas.width + tile!.x + x) * 4 + c] / 255
          pixels[((n * size + y) * size + x) * 3 + c] = v
          sum += v
          squares += v * v
        }
    const count = size * size * 3
    return Math.sqrt(Math.max(0, squares / count - (sum / count) ** 2))
  })
  return { pixels, deviations }
}

const median = (values: Float32Array | number[]) => {
  const sorted = Float32Array.from(values).sort()
  const n = sorted.length
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
}

describe('the zoo ships feature visualizations', () => {
  let runtime: ModelRuntime
  let totalBytes = 0

  beforeAll(async () => {
    runtime = await createModelRuntime({ wasmPaths })
  })

  afterAll(async () => {
    await runtime?.idle()
    expect(totalBytes, 'every atlas was read').toBeGreaterThan(0)
    expect(totalBytes, 'the atlases of the three models').toBeLessThanOrEqual(MAX_BYTES)
  })

  test.each(MODELS)('%s: every channel of every block output has an image that raises its channel above the layer median', async (path) => {
    const model: PerturberModel = await runtime.load(`${ZOO}/${path}/model.json`)
    try {
      const precomputed = model.descriptor.featureVisualizations
      expect(precomputed, `${path}'s descriptor names its atlases`).toBeDefined()
      expect(Object.keys(precomputed!.layers ?? {})).toEqual(BLOCK_OUTPUTS)
      for (const layer of BLOCK_OUTPUTS) {
        const info = model.layers.find((l) => l.name === layer)!
        const images = Array.from({ length: info.channels }, (_, c) => precomputed!.image(layer, c))
        expect(images.every((image) => typeof image === 'object' && image.tile && image.parameterization === 'fourier')).toBe(true)
        const listed = images as PrecomputedFeatureVisImage[]
        expect(new Set(listed.map((i) => i.url)).size, `${layer}: one atlas`).toBe(1)
        expect(listed.flatMap((i, c) => (i.responded === false ? [c] : [])), `${layer}: channels the zoo says it could not raise`).toEqual([])

        const atlas = await decodeAtlas(listed[0].url)
        totalBytes += atlas.bytes
        expect([atlas.width, atlas.height], `${layer}: the atlas has the declared size`).toEqual([listed[0].tile!.atlasWidth, listed[0].tile!.atlasHeight])
        const { pixels, deviations } = tiles(atlas, listed)
        // pixel standard deviation: a gray start image or an empty cell is ~0, the flattest shipped tile 0.028
        const flat = deviations.flatMap((d, c) => (d < 0.02 ? [c] : []))
        expect(flat, `${layer}: channels whose image is flat`).toEqual([])

        const responses = await runtime.forward(async () => {
          const size = listed[0].tile!.size
          // the runtime's untransformed view: a half-pixel-centre bilinear resize to the input, then the model's preprocessing
          const means = tf.tidy(() => {
            const batch = tf.tensor4d(pixels, [listed.length, size, size, 3])
            const input = model.preprocess(tf.image.resizeBilinear(batch, model.descriptor.inputSize as [number, number], false, true))
            const activation = model.execute(input, { layers: [layer], predictions: false }).activations.get(layer)!
            return tf.mean(activation, [1, 2])
          })
          try {
            return (await means.array()) as number[][]
          } finally {
            means.dispose()
          }
        })
        const notRaised = responses.flatMap((row, c) => (row[c] > median(row) ? [] : [c]))
        expect(notRaised, `${layer}: channels whose image does not raise them above the layer median`).toEqual([])
      }
    } finally {
      await runtime.release(model)
      await runtime.forward(() => model.dispose())
    }
  })
})
