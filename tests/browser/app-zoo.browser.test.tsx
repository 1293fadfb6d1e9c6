import { StrictMode } from 'react'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { page, userEvent } from '@vitest/browser/context'
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import { createSceneStore, getSnapshot } from '@perturber/scene'
import { PerturberApp, STATE_HASH_KEY, decodeAppState, loadModelIndex, zooInitialState, type AppModelConfig, type AppState } from '@perturber/app'
import { sharedModelUrl, sharedModelsMissing } from '../support/sharedModels'
import { frameStatus, mapPixels, meanAbsDiff, predictionText, predictionsOf, press, scenePixels, settled, slider, slow } from './support/appDom'
import { wasmPaths } from './support/wasm'

/** The embedded default models (models/perturber-zoo), served from the repository root by Vite. */
const ZOO_INDEX = '/models/perturber-zoo/index.json'

const column = (name: 'Scene and perturbations' | 'Model comparison' | 'Predictions') => screen.getByRole('region', { name })
const slot = (name: 'Model 1' | 'Model 2') => screen.getByRole('group', { name })
const hashState = () => decodeAppState(new URLSearchParams(location.hash.slice(1)).get(STATE_HASH_KEY) ?? '')

/** Loads a model.json URL into a slot through its "Load from URL…" form. */
async function loadUrl(into: 'Model 1' | 'Model 2', url: string) {
  await userEvent.selectOptions(within(slot(into)).getByLabelText('Model'), '@load-url')
  await userEvent.fill(within(slot(into)).getByLabelText(`${into} model.json URL`), url)
  await userEvent.click(within(slot(into)).getByRole('button', { name: 'Load' }))
}

/** Moves the camera through the store (not under test here) and waits for that frame's results. */
async function newFrame(scene: ReturnType<typeof createSceneStore>, yaw: number) {
  const before = frameStatus().current!
  scene.getState().setParam('yaw', yaw)
  await waitFor(() => expect(frameStatus().current).toBeGreaterThan(before), slow)
  await settled()
}

describe('PerturberApp on the model zoo (Model 1 standard, Model 2 adversarial) in a real browser', () => {
  // the scene store of the app under test (test (f) mounts a fresh app on a fresh store)
  let scene = createSceneStore()
  let models: AppModelConfig[] = []
  let latest: AppState | null = null

  beforeAll(async () => {
    const index = await loadModelIndex(ZOO_INDEX)
    if (!index) throw new Error(`No model zoo at ${ZOO_INDEX}: models/perturber-zoo is built by \`npm run zoo\` and committed with the repository.`)
    models = index.models
    await page.viewport(1280, 800)
    history.replaceState(null, '', location.pathname + location.search)
    // StrictMode, as the site renders it
    render(
      <StrictMode>
        <PerturberApp models={models} initialState={zooInitialState(models)} runtimeOptions={{ wasmPaths }} sceneStore={scene} onStateChange={(state) => (latest = state)} />
      </StrictMode>,
    )
    // logits: the zoo's models are confident, so their probabilities read 100.0% / 0.0% through many changes
    await waitFor(() => expect(screen.getByRole('radio', { name: 'Logits' })).toBeTruthy(), slow)
    await userEvent.click(screen.getByRole('radio', { name: 'Logits' }))
    await waitFor(() => expect(predictionText('Model 1')).toHaveLength(5), slow)
    await waitFor(() => expect(predictionText('Model 2')).toHaveLength(5), slow)
    await waitFor(() => expect(scene.getState().loading).toBeFalsy(), slow)
    await settled()
  })
  afterAll(() => {
    cleanup()
    history.replaceState(null, '', location.pathname + location.search)
  })

  it('opens on the zoo: both models predict the scene classes, with four maps each and the shipped feature visualization under each', async () => {
    expect(within(slot('Model 1')).getByLabelText('Model')).toHaveProperty('value', 'standard')
    expect(within(slot('Model 2')).getByLabelText('Model')).toHaveProperty('value', 'adversarial')
    const classes = ['dog', 'cat', 'fire truck', 'race car', 'teapot', 'coffee mug', 'goldfish', 'macaw', 'airliner', 'sailboat']
    for (const role of ['Model 1', 'Model 2'] as const) {
      for (const row of predictionText(role)) expect(row).toMatch(new RegExp(`^(${classes.join('|')})-?\\d+(\\.\\d+)?(e[+-]\\d+)?$`))
    }
    await waitFor(() => expect(screen.getAllByRole('img', { name: /^Activation map/ })).toHaveLength(8), slow)
    // the zoo's atlases (tools/zoo/feature_vis.py): no empty tiles by default, each image decoded
    const shipped = () => screen.getAllByRole('img', { name: /^Precomputed feature visualization/ }) as HTMLImageElement[]
    await waitFor(() => expect(shipped()).toHaveLength(8), slow)
    await waitFor(() => expect(shipped().map((img) => img.complete && img.naturalWidth > 0)).toEqual(new Array(8).fill(true)), slow)
    expect(new Set(shipped().map((img) => new URL(img.src).pathname.replace(/\/[^/]*$/, ''))).size, 'each model its own atlas').toBe(2)
  })

  it('(a) Texture Morph and Hue moved with the keyboard change the scene pixels, the maps and both models’ numbers', async () => {
    for (const [control, key] of [
      [() => slider(column('Scene and perturbations'), 'Texture Morph'), 'End'],
      [() => slider(screen.getByRole('group', { name: 'Hue' }), 'Hue'), 'End'],
    ] as const) {
      await settled()
      const before = { frame: frameStatus().current!, pixels: scenePixels(), maps: mapPixels(), model1: predictionText('Model 1'), model2: predictionText('Model 2') }
      await press(control(), key)
      await waitFor(() => expect(frameStatus().current).toBeGreaterThan(before.frame), slow)
      await settled()
      expect(meanAbsDiff(scenePixels(), before.pixels)).toBeGreaterThan(2)
      await waitFor(() => expect(mapPixels()).not.toBe(before.maps), slow)
      expect(predictionText('Model 1')).not.toEqual(before.model1)
      expect(predictionText('Model 2')).not.toEqual(before.model2)
    }
    expect(scene.getState().params.textureMorph).toBe(1)
    expect(scene.getState().chain.find((s) => s.id === 'hue')).toMatchObject({ enabled: true, params: { hue: 0.5 } })
  })

  it('(c) the checkpoint slider loads another checkpoint only when released; the URL names it', async () => {
    await settled()
    const checkpoint = slider(slot('Model 2'), 'Checkpoint')
    expect(checkpoint.value).toBe('4')
    const before = { model1: predictionText('Model 1'), model2: predictionText('Model 2') }
    checkpoint.focus()
    await userEvent.keyboard('{Home>}') // held: the label previews, nothing loads
    await waitFor(() => expect(within(slot('Model 2')).getByText('checkpoint 1 …')).toBeTruthy(), slow)
    expect(within(slot('Model 2')).queryByLabelText('Loading Model 2')).toBeNull()
    expect(latest?.models.model2).toEqual({ kind: 'config', id: 'adversarial' })
    await userEvent.keyboard('{/Home}')
    await waitFor(() => expect(latest?.models.model2).toEqual({ kind: 'config', id: 'adversarial', checkpoint: 0 }), slow)
    await waitFor(() => expect(predictionText('Model 2')).not.toEqual(before.model2), slow)
    await settled()
    expect(predictionText('Model 2')).toHaveLength(5)
    expect(predictionText('Model 1')).toEqual(before.model1) // same frame, same Model 1
    await waitFor(() => expect(hashState().state.models.model2).toEqual({ kind: 'config', id: 'adversarial', checkpoint: 0 }), slow)
  })

  it('(b) Mix: 0 predicts exactly as Model 1, one block moves away, every block at 1 exactly as Model 2; Prune changes the numbers', { timeout: 240_000 }, async () => {
    await userEvent.click(screen.getByRole('checkbox', { name: 'Edited model' }))
    await waitFor(() => expect(predictionText('Edited Model')).toHaveLength(5), slow)
    await settled()
    expect(predictionText('Edited Model')).toEqual(predictionText('Model 1'))
    expect(predictionText('Model 2')).not.toEqual(predictionText('Model 1'))

    const mixing = screen.getByRole('group', { name: 'Mixing: 0 = Model 1, 1 = Model 2' })
    const sliders = within(mixing).getAllByRole('slider') as HTMLInputElement[]
    expect(sliders.length).toBeGreaterThanOrEqual(8)
    const model1 = predictionText('Model 1')
    await press(sliders[sliders.length - 1], 'End') // the classifier head alone
    await waitFor(() => expect(predictionText('Edited Model')).not.toEqual(model1), slow)
    for (const input of sliders.slice(0, -1)) await press(input, 'End')
    await waitFor(() => expect(predictionText('Edited Model')).toEqual(predictionText('Model 2')), slow)
    await settled()
    expect(predictionText('Edited Model')).toEqual(predictionText('Model 2'))
    expect(within(predictionsOf('Edited Model')).queryByRole('status')).toBeNull() // no stale-frame badge
    // the state reaches onStateChange at most 250 ms after the last change
    await waitFor(() => expect(Object.values(latest!.edits.mix)).toEqual(sliders.map(() => 1)), slow)

    await userEvent.selectOptions(screen.getByLabelText('Editing Mode'), 'prune')
    const pruning = screen.getByRole('group', { name: 'Pruning: kept magnitude range per layer' })
    const upper = within(pruning).getAllByRole('slider', { name: / upper bound$/ })[2] as HTMLInputElement
    const name = upper.getAttribute('aria-label')!.replace(/ upper bound$/, '')
    const layer = within(pruning).getByRole('group', { name })
    const mixed = predictionText('Edited Model')
    await press(within(layer).getByRole('slider', { name: `${name} upper bound` }), 'Home')
    expect(within(layer).getByText(/^0\/\d+$/)).toBeTruthy()
    await waitFor(() => expect(predictionText('Edited Model')).not.toEqual(mixed), slow)
    await waitFor(() => expect(latest?.edits.prune).toEqual({ [name]: [0, 0] }), slow)
    // back to all channels: Model 2's numbers again, exactly
    await userEvent.click(within(layer).getByRole('button', { name: `Reset ${name}` }))
    await waitFor(() => expect(predictionText('Edited Model')).toEqual(predictionText('Model 2')), slow)
    await press(within(layer).getByRole('slider', { name: `${name} upper bound` }), 'Home')
    await waitFor(() => expect(predictionText('Edited Model')).not.toEqual(predictionText('Model 2')), slow)
    await userEvent.selectOptions(screen.getByLabelText('Editing Mode'), 'mix')
  })

  it('(d) a Model 2 of another architecture while mixing: the mismatch is listed in the editing panel, Model 1 keeps working', async ({ skip }) => {
    if (sharedModelsMissing) skip(`needs MobileNet from ../shared/models: ${sharedModelsMissing}`)
    await loadUrl('Model 2', sharedModelUrl('mobilenet_v1_0.75_224'))
    const editing = screen.getByRole('region', { name: 'Model editing' })
    const hint = await waitFor(() => within(editing).getByText(/^Cannot mix models with different architectures; \d+ layer\(s\) differ:/), slow)
    expect(hint.textContent).toMatch(/- conv2d0: only in model 1\n/)
    expect(hint.textContent).toMatch(/- mixed4c_1x1: only in model 1\n/)
    expect(hint.getBoundingClientRect().height).toBeGreaterThan(40) // one line per layer, shown
    for (const input of within(editing).getAllByRole('slider') as HTMLInputElement[]) expect(input.disabled).toBe(true)
    expect(within(slot('Model 1')).queryByRole('alert')).toBeNull()
    // Model 2 is MobileNet now (ImageNet classes); Model 1 and the edited model keep predicting new frames
    await waitFor(() => expect(predictionsOf('Model 2').getAttribute('aria-label')).toMatch(/mobilenet_v1_0\.75_224/), slow)
    const model1 = predictionText('Model 1')
    await newFrame(scene, 80)
    expect(predictionText('Model 1')).toHaveLength(5)
    expect(predictionText('Model 1')).not.toEqual(model1)
    expect(predictionText('Edited Model')).toHaveLength(5)
  })

  it('(e) an invalid model URL shows the error in its slot and the previous Model 2 keeps working', async () => {
    const previous = predictionsOf('Model 2').getAttribute('aria-label')
    await loadUrl('Model 2', '/models/perturber-zoo/no-such-model/model.json')
    await waitFor(() => expect(within(slot('Model 2')).getByRole('alert').textContent).toMatch(/no-such-model\/model\.json/), slow)
    const model2 = predictionText('Model 2')
    await newFrame(scene, 20)
    expect(predictionsOf('Model 2').getAttribute('aria-label')).toBe(previous)
    expect(predictionText('Model 2')).toHaveLength(5)
    expect(predictionText('Model 2')).not.toEqual(model2)
    expect(within(slot('Model 1')).queryByRole('alert')).toBeNull()
  })

  it('(f) the URL holds the whole state: a fresh app mounted from it shows the same state, frame and numbers', { timeout: 240_000 }, async () => {
    // Model 2: the adversarial model at its third checkpoint (picked, then stepped to it, each step loaded on release);
    // the stylized one first, so that picking adversarial is a change whether (d) left MobileNet there or was skipped
    await userEvent.selectOptions(within(slot('Model 2')).getByLabelText('Model'), 'stylized')
    await waitFor(() => expect(predictionsOf('Model 2').getAttribute('aria-label')).toMatch(/stylized/i), slow)
    await userEvent.selectOptions(within(slot('Model 2')).getByLabelText('Model'), 'adversarial')
    await waitFor(() => expect(within(slot('Model 2')).queryByRole('alert')).toBeNull(), slow)
    await press(slider(slot('Model 2'), 'Checkpoint'), 'Home')
    await press(slider(slot('Model 2'), 'Checkpoint'), 'ArrowRight')
    await press(slider(slot('Model 2'), 'Checkpoint'), 'ArrowRight')
    await waitFor(() => expect(latest?.models.model2).toEqual({ kind: 'config', id: 'adversarial', checkpoint: 2 }), slow)
    // neurons by index, six of them, on another layer
    const middle = column('Model comparison')
    await userEvent.selectOptions(within(middle).getByLabelText('Layer'), 'mixed4a')
    await userEvent.selectOptions(within(middle).getByLabelText('Neurons'), '@index')
    await userEvent.fill(within(middle).getByLabelText('First channel'), '3')
    await press(slider(middle, '# of Neurons'), 'ArrowRight')
    await press(slider(middle, '# of Neurons'), 'ArrowRight')
    await waitFor(() => expect(within(middle).getByText('Channels 3, 4, 5, 6, 7, 8')).toBeTruthy(), slow)
    // one prune edit on top of the mix
    await userEvent.selectOptions(screen.getByLabelText('Editing Mode'), 'prune')
    await userEvent.click(screen.getByRole('radio', { name: 'Probabilities' }))
    await waitFor(() => expect(predictionText('Edited Model')).toHaveLength(5), slow)
    await waitFor(() => expect(screen.getAllByRole('img', { name: /^Activation map/ })).toHaveLength(18), slow)
    await settled()
    await new Promise((resolve) => setTimeout(resolve, 600)) // the URL is written 250 ms after the last change

    const hash = new URLSearchParams(location.hash.slice(1)).get(STATE_HASH_KEY)!
    const state = decodeAppState(hash)
    expect(state.error).toBeNull()
    expect(state.state).toEqual(latest)
    expect(state.state.scene).toEqual(getSnapshot(scene))
    expect(state.state.models).toEqual({ model1: { kind: 'config', id: 'standard' }, model2: { kind: 'config', id: 'adversarial', checkpoint: 2 } })
    expect(state.state.neurons).toEqual({ group: '@index', count: 6, start: 3 })
    expect(state.state.layer).toBe('mixed4a')
    expect(Object.keys(state.state.edits.prune)).toHaveLength(1)
    expect(state.state.editingMode).toBe('prune')
    expect(state.state.views.edited).toBe(true)
    const shown = { model1: predictionText('Model 1'), model2: predictionText('Model 2'), edited: predictionText('Edited Model'), maps: mapPixels(), pixels: scenePixels() }

    cleanup()
    let restored: AppState | null = null
    // a fresh app on a fresh scene store (at its defaults), from the link alone
    scene = createSceneStore()
    render(<PerturberApp models={models} runtimeOptions={{ wasmPaths }} sceneStore={scene} onStateChange={(s) => (restored = s)} />)
    await waitFor(() => expect(restored).toEqual(state.state), slow)
    await waitFor(() => expect(predictionText('Edited Model')).toHaveLength(5), slow)
    await waitFor(() => expect(screen.getAllByRole('img', { name: /^Activation map/ })).toHaveLength(18), slow)
    await waitFor(() => expect(scene.getState().loading).toBeFalsy(), slow)
    await settled()
    expect(getSnapshot(scene)).toEqual(state.state.scene)
    expect(slider(slot('Model 2'), 'Checkpoint').value).toBe('2')
    expect(slider(column('Scene and perturbations'), 'Texture Morph').value).toBe('1')
    expect(screen.getByText('Channels 3, 4, 5, 6, 7, 8')).toBeTruthy()
    await waitFor(() => expect(predictionText('Edited Model')).toEqual(shown.edited), slow)
    expect(predictionText('Model 1')).toEqual(shown.model1)
    expect(predictionText('Model 2')).toEqual(shown.model2)
    expect(meanAbsDiff(scenePixels(), shown.pixels)).toBe(0)
    await waitFor(() => expect(mapPixels()).toBe(shown.maps), slow)
  })

  it('(g) layout: three columns side by side at 1280×800, one column at 640 px, never a horizontal scrollbar; screenshot', async () => {
    const rects = () => ['Scene and perturbations', 'Model comparison', 'Predictions'].map((name) => screen.getByRole('region', { name }).getBoundingClientRect())
    const noOverflow = () => expect(document.documentElement.scrollWidth).toBeLessThanOrEqual(document.documentElement.clientWidth)

    await page.viewport(1280, 800)
    await waitFor(() => {
      const [left, middle, right] = rects()
      expect(left.width).toBeGreaterThan(250)
      expect(middle.left).toBeGreaterThanOrEqual(left.right)
      expect(right.left).toBeGreaterThanOrEqual(middle.right)
      expect(right.right).toBeLessThanOrEqual(1280)
      expect(Math.abs(left.top - right.top)).toBeLessThan(1)
      expect(middle.top).toBeLessThan(800) // all three start in the first screen
    }, slow)
    noOverflow()

    await page.viewport(640, 900)
    await waitFor(() => {
      const [left, middle, right] = rects()
      expect(middle.top).toBeGreaterThanOrEqual(left.bottom)
      // the predictions' place is last; away from it they dock at the window's bottom (appStyles)
      expect(right.top >= middle.bottom || Math.abs(right.bottom - innerHeight) < 1).toBe(true)
      for (const r of [left, middle, right]) expect(r.right).toBeLessThanOrEqual(640)
    }, slow)
    noOverflow()

    // the artifact: the restored app at laptop width, tall enough for the editing panel
    await page.viewport(1280, 1500)
    await settled()
    await page.screenshot({ path: '../../test-artifacts/app-zoo.png' })
    await page.viewport(1280, 800)
  })

  it('"PGD step" attacks Model 1; the overlay’s own settings keep the attack, a camera move starts over', { timeout: 240_000 }, async () => {
    await settled()
    await userEvent.click(screen.getByRole('button', { name: 'PGD step' }))
    const stepped = /^Step 1: now ".+"; original class \d+\.\d% → \d+\.\d%$/
    await waitFor(() => expect(screen.getByText(stepped)).toBeTruthy(), { timeout: 200_000, interval: 250 })
    expect(screen.queryByText(/The attack failed/)).toBeNull()
    const overlay = () => scene.getState().chain.find((s) => s.id === 'adversarial-overlay')!
    expect(overlay().enabled).toBe(true)
    // fading δ in or out changes what is shown, not the clean frame: the attack stays
    const before = frameStatus().current!
    scene.getState().updatePerturbation('adversarial-overlay', { params: { attackAlpha: 0.5 } })
    await waitFor(() => expect(frameStatus().current).toBeGreaterThan(before), slow)
    await settled()
    expect(overlay().params.attackAlpha).toBe(0.5)
    expect(screen.getByText(stepped)).toBeTruthy()
    // the camera moved: another clean frame, so the attack starts over
    await newFrame(scene, -40)
    await waitFor(() => expect(screen.queryByText(stepped)).toBeNull(), slow)
  })
})
