/**
 * Feature visualization on a model the app ships (issue 13, item 3): the zoo's standard ZooNet
 * (112 px, GoogLeNet layer names), through the runtime as the app calls it (wasm forward passes,
 * the plan's gradient backend). For channels of mixed4a and mixed4c, a run raises its channel
 * above the layer's median channel response on natural images (the zoo's example images: per
 * channel its mean over positions and images, then the median over channels), channels that are
 * 0 on the start image included (those came out flat gray before the fix); a channel no image can
 * raise (pruned in an edited model) is reported as such, in the tile too.
 */
import * as tf from '@tensorflow/tfjs'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { cleanup, fireEvent, render, screen } from '@testing-library/react'
import { createModelRuntime, type FeatureVisProgress, type FeatureVisResult, type ModelRuntime, type PerturberModel } from '@perturber/model-runtime'
import { FeatureVisRun } from '@perturber/model-runtime/featurevis'
import { FeatureVisTile } from '@perturber/viz'
import { wasmPaths } from './support/wasm'

/** Where vitest.config.ts serves models/perturber-zoo (tools/zooModels.mjs). */
const ZOO = '/__zoo'
/** A quarter of the app's 128: the result only gets stronger with more (measured ≥ 4× the layer's median after 32). */
const STEPS = 32
const LAYERS = ['mixed4a', 'mixed4c'] as const

afterEach(cleanup)

async function loadImage(url: string, side: number): Promise<Float32Array> {
  const image = new Image()
  image.src = url
  await image.decode()
  const canvas = document.createElement('canvas')
  canvas.width = canvas.height = side
  const context = canvas.getContext('2d')!
  context.drawImage(image, 0, 0, side, side)
  const rgba = context.getImageData(0, 0, side, side).data
  return Float32Array.from({ length: side * side * 3 }, (_, i) => rgba[Math.floor(i / 3) * 4 + (i % 3)] / 255)
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const n = sorted.length
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
}

/** Standard deviation of an RGBA image's RGB values (a flat gray square has ≈ 0). */
function spread(data: Uint8ClampedArray): number {
  let sum = 0
  let squares = 0
  let n = 0
  for (let i = 0; i < data.length; i++) {
    if (i % 4 === 3) continue
    sum += data[i]
    squares += data[i] * data[i]
    n++
  }
  return Math.sqrt(squares / n - (sum / n) ** 2)
}

describe('feature visualization on the zoo’s standard model', () => {
  let runtime: ModelRuntime
  let model: PerturberModel
  /** Per layer: each channel's mean response on the example images, and on a run's start image. */
  const natural = new Map<string, number[]>()
  const atStart = new Map<string, number[]>()

  beforeAll(async () => {
    runtime = await createModelRuntime({ wasmPaths })
    model = await runtime.load(`${ZOO}/standard/model.json`)
    const [side] = model.descriptor.inputSize
    const { names, example } = model.descriptor.labels
    const urls = names.map((_, i) => example?.(i)).filter((u): u is string => !!u)
    expect(urls.length).toBe(names.length) // the zoo ships one example per class
    const pixels = await Promise.all(urls.map((url) => loadImage(url, side)))
    const batch = new Float32Array(pixels.length * side * side * 3)
    pixels.forEach((p, i) => batch.set(p, i * p.length))
    await runtime.withGradients(model, (m) => {
      for (const layer of LAYERS) {
        const means = tf.tidy(() => {
          const x = m.preprocess(tf.tensor4d(batch, [pixels.length, side, side, 3]))
          return tf.mean(m.execute(x, { layers: [layer], predictions: false }).activations.get(layer)!, [0, 1, 2]).arraySync() as number[]
        })
        natural.set(layer, means)
        // the start image depends on the seed and size only, not on the channel
        const run = new FeatureVisRun(m, layer, 0)
        try {
          atStart.set(layer, tf.tidy(() => {
            const view = tf.expandDims(tf.image.resizeBilinear(run.imageTensor(), [side, side], false, true), 0) as tf.Tensor4D
            return tf.mean(m.execute(m.preprocess(view), { layers: [layer], predictions: false }).activations.get(layer)!, [0, 1, 2]).arraySync() as number[]
          }))
        } finally {
          run.dispose()
        }
      }
    })
  }, 300_000)

  afterAll(async () => {
    await runtime.release(model)
    await runtime.forward(() => model.dispose())
  })

  for (const layer of LAYERS) {
    test(`${layer}: runs raise a channel that is 0 on the start image and a typical one above the layer’s median response on natural images`, async () => {
      const responses = natural.get(layer)!
      const layerMedian = median(responses)
      const start = atStart.get(layer)!
      const silent = start.map((v, c) => [v, c]).filter(([v]) => v === 0).map(([, c]) => c)
      // a third of the channels here: with the ReLU in the way they got no gradient and stayed flat gray
      expect(silent.length).toBeGreaterThan(0)
      const strongestSilent = silent.reduce((best, c) => (responses[c] > responses[best] ? c : best))
      const typical = responses.indexOf(responses.reduce((best, v) => (Math.abs(v - layerMedian) < Math.abs(best - layerMedian) ? v : best)))
      for (const channel of [strongestSilent, typical]) {
        const progress: FeatureVisProgress[] = []
        const result: FeatureVisResult = await runtime.featureVis(model, layer, channel, { steps: STEPS, cache: null, onProgress: (p) => progress.push({ ...p }) })
        console.log(
          `${layer}:${channel}: ${result.startObjective.toFixed(3)} → ${result.objective.toFixed(3)} in ${STEPS} steps; layer median on the examples ${layerMedian.toFixed(3)}, ` +
            `on the image ${result.layerMedian.toFixed(3)}; ${(progress.at(-1)!.elapsedMs / STEPS).toFixed(0)} ms per step on ${runtime.plan.gradient}`,
        )
        if (channel === strongestSilent) expect(result.startObjective).toBe(0)
        expect(result.objective).toBeGreaterThan(2 * layerMedian)
        expect(result.responded).toBe(true)
        expect(spread(result.image.data)).toBeGreaterThan(10) // not a flat gray square: the start image's spread is 0.75
        // the estimate of the time left: finite, positive while steps remain, 0 at the end
        expect(progress.at(-1)).toMatchObject({ step: STEPS, total: STEPS, remainingMs: 0 })
        for (const p of progress.slice(0, -1)) expect(p.remainingMs).toBeGreaterThan(0)
        for (const p of progress) expect(Number.isFinite(p.remainingMs)).toBe(true)
      }
    }, 900_000)
  }

  test('a channel whose run cannot raise it (pruned in the edited model) is reported as such, in the tile too', async () => {
    const edited = await runtime.createEditedModel(model)
    try {
      await runtime.forward(() => edited.setPruneRange('mixed4c_1x1', [0.5, 1]))
      // mixed4c_1x1 makes mixed4c's first channels: a pruned one has zero weights and bias there
      const channel = edited.keptChannels('mixed4c_1x1').indexOf(false)
      expect(channel).toBeGreaterThanOrEqual(0)
      const results: FeatureVisResult[] = []
      render(
        <FeatureVisTile
          layer="mixed4c"
          channel={channel}
          generate={(layer, c, options) => runtime.featureVis(edited, layer, c, { ...options, steps: 16, cache: null }).then((r) => (results.push(r), r))}
        />,
      )
      expect(screen.getByText('No precomputed image: ▶ generates one')).toBeTruthy()
      fireEvent.click(screen.getByRole('button', { name: /^Generate feature visualization/ }))
      const note = await screen.findByRole('status', {}, { timeout: 600_000 })
      expect(note.textContent).toMatch(/did not respond to optimisation/)
      expect(results[0]).toMatchObject({ objective: 0, startObjective: 0, responded: false })
      console.log(`pruned mixed4c:${channel}: ${results[0].startObjective} → ${results[0].objective}, layer median on the image ${results[0].layerMedian.toFixed(3)}: "${note.textContent}"`)
    } finally {
      await runtime.release(edited)
      await runtime.forward(() => edited.dispose())
    }
  }, 900_000)
})
