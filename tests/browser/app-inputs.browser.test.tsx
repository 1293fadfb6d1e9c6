import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { page, userEvent } from '@vitest/browser/context'
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import { createSceneStore } from '@perturber/scene'
import { PerturberApp, encodeAppState, loadModelIndex, zooInitialState, type AppModelConfig, type AppState } from '@perturber/app'
import { predictionText, predictionsOf, settled, slow } from './support/appDom'
import { wasmPaths } from './support/wasm'

/**
 * The app against what users and links hand it, on the zoo pair: downloads that stall, links that
 * name what the models lack. Whatever happens, the message is where the user looks and the rest
 * of the app keeps working.
 */
const ZOO_INDEX = '/models/perturber-zoo/index.json'
const slot = (name: 'Model 1' | 'Model 2') => screen.getByRole('group', { name })

describe('PerturberApp with hostile inputs (zoo pair, real browser)', () => {
  let models: AppModelConfig[] = []
  let latest: AppState | null = null

  beforeAll(async () => {
    const index = await loadModelIndex(ZOO_INDEX)
    if (!index) throw new Error(`No model zoo at ${ZOO_INDEX}`)
    models = index.models
    await page.viewport(1280, 800)
    history.replaceState(null, '', location.pathname + location.search)
    render(<PerturberApp models={models} initialState={zooInitialState(models)} runtimeOptions={{ wasmPaths }} sceneStore={createSceneStore()} syncUrl={false} onStateChange={(state) => (latest = state)} />)
    await waitFor(() => expect(predictionText('Model 2')).toHaveLength(5), slow)
    await settled()
  })
  afterAll(() => cleanup())

  it('opens on a layer with neuron groups to pick; the Layer picker comes first, never below the Neurons picker', () => {
    const neurons = screen.getByLabelText('Neurons') as HTMLSelectElement
    expect(neurons.querySelector('optgroup[label="Groups"]')!.querySelectorAll('option').length).toBeGreaterThan(0)
    const layer = screen.getByLabelText('Layer')
    expect(layer.getBoundingClientRect().top).toBeLessThanOrEqual(neurons.getBoundingClientRect().top + 1)
  })

  it('a download that stalls can be cancelled: the slot keeps its model, and the state names it again', async () => {
    const before = predictionText('Model 2')
    await userEvent.selectOptions(within(slot('Model 2')).getByLabelText('Model'), '@load-url')
    await userEvent.fill(within(slot('Model 2')).getByLabelText('Model 2 model.json URL'), '/__stall/model.json')
    await userEvent.click(within(slot('Model 2')).getByRole('button', { name: 'Load' }))
    await waitFor(() => expect(within(slot('Model 2')).getByRole('progressbar', { name: 'Loading Model 2' })).toBeTruthy(), slow)
    await waitFor(() => expect(latest?.models.model2).toEqual({ kind: 'url', url: '/__stall/model.json' }), slow)
    // still loading, and Model 2 keeps predicting meanwhile
    expect(predictionText('Model 2')).toEqual(before)

    await userEvent.click(within(slot('Model 2')).getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(within(slot('Model 2')).queryByRole('progressbar')).toBeNull(), slow)
    expect(within(slot('Model 2')).queryByRole('alert')).toBeNull()
    expect(within(slot('Model 2')).getByLabelText('Model')).toHaveProperty('value', 'adversarial')
    await waitFor(() => expect(latest?.models.model2).toEqual({ kind: 'config', id: 'adversarial' }), slow)
    await settled()
    expect(predictionText('Model 2')).toEqual(before)
  })

  it('a URL that does not load: the slot says why and keeps its model, in the picker and in the link', async () => {
    const before = predictionText('Model 2')
    await userEvent.selectOptions(within(slot('Model 2')).getByLabelText('Model'), '@load-url')
    await userEvent.fill(within(slot('Model 2')).getByLabelText('Model 2 model.json URL'), '/no-such-folder/model.json')
    await userEvent.click(within(slot('Model 2')).getByRole('button', { name: 'Load' }))
    await waitFor(() => expect(within(slot('Model 2')).getByRole('alert').textContent).toMatch(/model\.json/), slow)
    expect(within(slot('Model 2')).getByLabelText('Model')).toHaveProperty('value', 'adversarial')
    await waitFor(() => expect(latest?.models.model2).toEqual({ kind: 'config', id: 'adversarial' }), slow)
    await settled()
    expect(predictionText('Model 2')).toEqual(before)
    // the message stays until another model is asked for
    expect(within(slot('Model 2')).getByRole('alert')).toBeTruthy()
  })

  it('a model whose weights are finite but overflow float32 says so in its slot; Model 1 keeps predicting', async () => {
    const files = await overflowingModelFiles('overflow')
    await userEvent.selectOptions(within(slot('Model 2')).getByLabelText('Model'), '@load-files')
    pickFiles(within(slot('Model 2')).getByLabelText('Model 2 model files'), files)
    // named after its files, not "model.json" or "labels.json"
    await waitFor(() => expect(within(slot('Model 2')).getByRole('option', { selected: true }).textContent).toBe('overflow (files)'), slow)
    const alert = () => within(predictionsOf('Model 2')).getByRole('alert')
    await waitFor(() => expect(alert().textContent).toBe('overflow produced non-finite outputs (NaN or ∞) on this frame: its predictions are not shown.'), slow)
    expect(predictionText('Model 2')).toEqual([])
    expect(within(predictionsOf('Model 2')).queryAllByTestId('prediction-bar')).toHaveLength(0)
    expect(predictionsOf('Model 2').textContent).not.toMatch(/%|Infinity|NaN(?! or)/)
    await settled()
    expect(predictionText('Model 1')).toHaveLength(5)
    for (const row of predictionText('Model 1')) expect(row).toMatch(/\d/)
  })
})

/**
 * Files chosen in a file input, as the browser reports them. (Vitest 3's `userEvent.upload` sends
 * File objects as data URLs and decodes them without stripping the `data:…;base64,` prefix, so
 * every file arrives with garbage bytes in front.)
 */
function pickFiles(input: HTMLElement, files: File[]) {
  const transfer = new DataTransfer()
  for (const file of files) transfer.items.add(file)
  ;(input as HTMLInputElement).files = transfer.files
  input.dispatchEvent(new Event('change', { bubbles: true }))
}

/**
 * A small classifier saved as model.json + weights: a constant-1 convolution feeding a dense head
 * whose kernel is 3e38 everywhere — every weight finite in float32, every logit 4 × 3e38 = ∞.
 */
async function overflowingModelFiles(name: string): Promise<File[]> {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [64, 64, 3], filters: 4, kernelSize: 1, activation: 'relu', kernelInitializer: 'zeros', biasInitializer: 'ones' }),
      tf.layers.globalAveragePooling2d({}),
      tf.layers.dense({ units: 10, kernelInitializer: tf.initializers.constant({ value: 3e38 }) }),
    ],
  })
  let files: File[] = []
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const json = {
        format: 'layers-model',
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [`${name}.bin`], weights: artifacts.weightSpecs }],
      }
      files = [new File([JSON.stringify(json)], `${name}.json`, { type: 'application/json' }), new File([artifacts.weightData as ArrayBuffer], `${name}.bin`)]
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } }
    }),
  )
  model.dispose()
  return files
}

describe('a link with values out of range and a layer the model lacks', () => {
  afterAll(() => {
    cleanup()
    history.replaceState(null, '', location.pathname + location.search)
  })

  it('opens with every value it changed listed in one notice, and the app working on the adjusted state', async () => {
    const index = await loadModelIndex(ZOO_INDEX)
    const state = zooInitialState(index!.models)
    state.attack = { ...state.attack, epsilon: 1e9 }
    state.layer = 'no_such_layer'
    history.replaceState(null, '', `${location.pathname}${location.search}#state=${encodeAppState(state)}`)
    render(<PerturberApp models={index!.models} runtimeOptions={{ wasmPaths }} sceneStore={createSceneStore()} />)
    const notice = () => screen.getByRole('status', { name: 'Link adjustments' })
    await waitFor(() => expect(within(notice()).getAllByRole('listitem')).toHaveLength(2), slow)
    const [epsilon, layer] = within(notice()).getAllByRole('listitem').map((item) => item.textContent)
    expect(epsilon).toBe('attack.epsilon 1000000000 is out of range: set to 0.25 (64/255), the largest allowed.')
    expect(layer).toMatch(/^The link names a layer "no_such_layer" that Model 1 does not have; showing "\w+"\.$/)
    await waitFor(() => expect(predictionText('Model 1')).toHaveLength(5), slow)
    await userEvent.click(within(notice()).getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('status', { name: 'Link adjustments' })).toBeNull()
  })
})
