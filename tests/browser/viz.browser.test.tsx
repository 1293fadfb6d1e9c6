import * as tf from '@tensorflow/tfjs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { page } from '@vitest/browser/context'
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react'
import { createModelRuntime, type FeatureVisResult, type FrameResult, type ModelRuntime, type PerturberModel } from '@perturber/model-runtime'
import { ActivationGrid, ActivationMap, FeatureVisTile, Predictions, type FeatureVisGenerator } from '@perturber/viz'
import { activationToRgba } from '@perturber/viz/activations'
import { branchingModel, testFrame, tinyDescriptor } from '../../packages/model-runtime/src/testing/tinyModels'
import { wasmPaths } from './support/wasm'

afterEach(cleanup)

/** The pixels a canvas holds (its own resolution, not its CSS size). */
function canvasPixels(canvas: HTMLCanvasElement): Uint8ClampedArray {
  return canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
}
const pixelAt = (rgba: Uint8ClampedArray, width: number, x: number, y: number) => Array.from(rgba.subarray((y * width + x) * 4, (y * width + x) * 4 + 4))

/** What the page shows inside an element, as pixels (a real screenshot, after CSS scaling). */
async function screenPixels(element: Element): Promise<{ width: number; data: Uint8ClampedArray }> {
  const base64 = await page.screenshot({ element, base64: true, save: false })
  const bitmap = await createImageBitmap(await (await fetch(`data:image/png;base64,${base64}`)).blob())
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height)
  const context = canvas.getContext('2d')!
  context.drawImage(bitmap, 0, 0)
  return { width: bitmap.width, data: context.getImageData(0, 0, bitmap.width, bitmap.height).data }
}

describe('ActivationMap in a real browser', () => {
  // a 3×2 map of channel 4 (the second of two) in a layer with σ = 0.25: 4σ = 1
  const maps = {
    layer: 'conv',
    shape: [2, 3, 8] as const,
    channels: [1, 4],
    data: new Float32Array([9, 9, 9, 9, 9, 9, /* channel 4: */ 0, 0.5, -0.5, 1, -3, 0.25]),
    layerMean: 0,
    layerStd: 0.25,
  }
  const expected = [
    [0, 0, 0, 255],
    [128, 0, 0, 255], // 2σ: half intensity
    [0, 0, 128, 255],
    [255, 0, 0, 255], // 4σ: full
    [0, 0, 255, 255], // −12σ: clamped
    [64, 0, 0, 255], // σ: a quarter
  ]

  it('paints exact colours at known positions, and repaints the same canvas in place', async () => {
    const { rerender } = render(<ActivationMap maps={maps} channel={4} size={96} />)
    const canvas = screen.getByRole('img') as HTMLCanvasElement
    expect([canvas.width, canvas.height]).toEqual([3, 2])
    const pixels = canvasPixels(canvas)
    expected.forEach((rgba, i) => expect(pixelAt(pixels, 3, i % 3, Math.floor(i / 3))).toEqual(rgba))

    const next = { ...maps, data: maps.data.map((v) => -v) }
    rerender(<ActivationMap maps={next} channel={4} size={96} />)
    expect(screen.getByRole('img')).toBe(canvas)
    expect(pixelAt(canvasPixels(canvas), 3, 1, 0)).toEqual([0, 0, 128, 255])
    expect(pixelAt(canvasPixels(canvas), 3, 0, 1)).toEqual([0, 0, 255, 255])
  })

  it('is scaled up on screen with nearest-neighbour sampling: flat cells, hard edges', async () => {
    render(<ActivationMap maps={maps} channel={4} size={96} />) // 32 CSS px per cell
    const canvas = screen.getByRole('img') as HTMLCanvasElement
    // the test page may itself be shown scaled (Vitest's UI fits the iframe): work in CSS pixels
    const shot = await screenPixels(canvas)
    const scale = shot.width / 96
    const at = (x: number, y: number) => pixelAt(shot.data, shot.width, Math.floor(x * scale), Math.floor(y * scale))
    // cell centres: the exact map colours
    expected.forEach((rgba, i) => expect(at(16 + 32 * (i % 3), 16 + 32 * Math.floor(i / 3))).toEqual(rgba))
    // along the first row, every pixel is one of the three cell colours except at most one
    // blended pixel per cell boundary (from the page scaling); smooth upscaling from 3 px would
    // put a ramp of ~20 in-between pixels at each boundary
    const row = Math.floor(16 * scale)
    const interior = Array.from({ length: shot.width - 4 }, (_, i) => pixelAt(shot.data, shot.width, i + 2, row).join())
    const cellColours = new Set(expected.slice(0, 3).map((c) => c.join()))
    expect(interior.filter((c) => !cellColours.has(c)).length).toBeLessThanOrEqual(2)
  })

  it('reads out the value under the pointer', async () => {
    render(<ActivationMap maps={maps} channel={4} size={96} />)
    const canvas = screen.getByRole('img') as HTMLCanvasElement
    const rect = canvas.getBoundingClientRect()
    fireEvent.pointerMove(canvas, { clientX: rect.left + 40, clientY: rect.top + 40 }) // cell (1, 1)
    expect(screen.getByRole('tooltip').textContent).toBe('ch 4 · -3.00 @ 1,1')
  })
})

describe('FeatureVisTile in a real browser', () => {
  it('draws the generated image pixel for pixel', async () => {
    const data = new Uint8ClampedArray(4 * 4 * 4)
    for (let i = 0; i < 16; i++) data.set([i * 16, 255 - i * 16, 7 * i, 255], i * 4)
    const generate: FeatureVisGenerator = async (_layer, _channel, { onProgress }) => {
      onProgress({ step: 1, total: 1 })
      return { image: { width: 4, height: 4, data } }
    }
    render(<FeatureVisTile layer="l" channel={0} generate={generate} />)
    fireEvent.click(screen.getByRole('button', { name: /Generate/ }))
    const canvas = (await screen.findByRole('img', { name: /Feature visualization \(fourier\)/ })) as HTMLCanvasElement
    expect(Array.from(canvasPixels(canvas))).toEqual(Array.from(data))
  })
})

describe('the widgets on a real model run (tiny random CNN, wasm forward, webgl gradients)', () => {
  let runtime: ModelRuntime
  let model: PerturberModel
  let result: FrameResult

  beforeAll(async () => {
    runtime = await createModelRuntime({ wasmPaths })
    model = await runtime.load(branchingModel(3, 16, 5), { descriptor: tinyDescriptor() })
    result = await runtime.infer(testFrame(4), [{ model, layer: 'mixed3a', channels: [0, 4, 8], predictions: true }])
  })
  afterAll(async () => {
    await runtime.release(model)
    await runtime.forward(() => model.dispose())
  })

  it('draws the runtime maps with 4σ of their layer, and the predictions normalised to the top one', async () => {
    const maps = result.models[0].activations!
    const [height, width] = maps.shape
    render(
      <>
        <ActivationGrid rows={[{ id: 'm', label: 'Tiny', color: '#1f5fa8', maps, frameId: result.frameId }]} currentFrameId={result.frameId} />
        <Predictions models={[{ id: 'm', label: 'Tiny', color: '#1f5fa8', predictions: result.models[0].predictions, frameId: result.frameId }]} values="logits" />
      </>,
    )
    const canvases = within(screen.getByRole('region', { name: 'Activations of Tiny' })).getAllByRole('img') as HTMLCanvasElement[]
    expect(canvases).toHaveLength(3)
    canvases.forEach((canvas, index) => {
      const expected = activationToRgba(maps.data, 4 * maps.layerStd, { offset: index * height * width, length: height * width })
      expect(Array.from(canvasPixels(canvas))).toEqual(Array.from(expected))
    })
    // a random net's maps are not blank: some pixels are coloured
    expect(canvases.some((c) => canvasPixels(c).some((v, i) => i % 4 !== 3 && v > 0))).toBe(true)
    const logits = result.models[0].predictions!.map((p) => p.logit)
    const max = Math.max(...logits.map(Math.abs))
    const widths = screen.getAllByTestId('prediction-bar').map((bar) => parseFloat(bar.style.width))
    widths.forEach((w, i) => expect(w).toBeCloseTo((100 * Math.abs(logits[i])) / max, 3))
  })

  it('generates a feature visualization through runtime.featureVis, the way the app wires it', async () => {
    const before = tf.memory().numTensors
    let produced: FeatureVisResult | undefined
    const generate: FeatureVisGenerator = async (layer, channel, options) => {
      produced = await runtime.featureVis(model, layer, channel, { ...options, steps: 4, size: 16, cache: null })
      return produced
    }
    render(<FeatureVisTile layer="mixed3a" channel={2} generate={generate} />)
    await act(async () => fireEvent.click(screen.getByRole('button', { name: /Generate/ })))
    const canvas = (await screen.findByRole('img', { name: /Feature visualization \(fourier\)/ }, { timeout: 60_000 })) as HTMLCanvasElement
    expect(produced).toMatchObject({ layer: 'mixed3a', channel: 2, steps: 4, modelId: model.id })
    expect(produced!.options.parameterization).toBe('fourier')
    expect([canvas.width, canvas.height]).toEqual([16, 16])
    expect(Array.from(canvasPixels(canvas))).toEqual(Array.from(produced!.image.data))
    expect(new Set(Array.from(produced!.image.data.filter((_, i) => i % 4 !== 3))).size).toBeGreaterThan(1) // not a flat fill
    // what stays is the model's gradient twin (its weights on webgl), until the app releases it
    await runtime.release(model)
    expect(tf.memory().numTensors).toBe(before)
  })
})
