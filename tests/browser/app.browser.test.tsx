import { StrictMode } from 'react'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { page } from '@vitest/browser/context'
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { createSceneStore, getSnapshot } from '@perturber/scene'
import { PerturberApp, STATE_HASH_KEY, decodeAppState, encodeAppState, type AppState } from '@perturber/app'
import { sharedModelUrl, sharedModelsMissing } from '../support/sharedModels'
import { wasmPaths } from './support/wasm'

if (sharedModelsMissing) console.warn(`app.browser.test: ${sharedModelsMissing}`)

const slow = { timeout: 90_000, interval: 100 }

/** The frame on screen and the frame the shown results belong to. */
function frameStatus() {
  const status = screen.getByTestId('frame-status')
  const id = (name: string) => (status.getAttribute(name) ? Number(status.getAttribute(name)) : null)
  return { current: id('data-frame-id'), computed: id('data-result-frame-id') }
}

/** All activation map pixels, to tell whether the maps were repainted with other values. */
function mapPixels(): string {
  return (screen.getAllByRole('img', { name: /^Activation map/ }) as HTMLCanvasElement[])
    .map((canvas) => Array.from(canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data).join(','))
    .join('|')
}

const model1Predictions = () => screen.getByRole('region', { name: /^Predictions of Model 1/ })
const predictionRows = () => within(model1Predictions()).queryAllByRole('listitem')

/** How many pixels of the activation maps are not black (the dark scheme draws 0 as black). */
function litMapPixels(): number {
  let lit = 0
  for (const canvas of screen.getAllByRole('img', { name: /^Activation map/ }) as HTMLCanvasElement[]) {
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data
    for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] > 0) lit++
  }
  return lit
}

describe.skipIf(!!sharedModelsMissing)('PerturberApp with MobileNet v1 in a real browser', () => {
  const scene = createSceneStore()
  let latest: AppState | null = null

  beforeAll(async () => {
    await page.viewport(1400, 1000)
    history.replaceState(null, '', location.pathname + location.search)
    // StrictMode, as the site renders it: every effect mounts, unmounts and mounts again
    render(
      <StrictMode>
        <PerturberApp
          models={[{ id: 'mobilenet', name: 'MobileNet v1 0.75', url: sharedModelUrl('mobilenet_v1_0.75_224') }]}
          runtimeOptions={{ wasmPaths }}
          sceneStore={scene}
          onStateChange={(state) => (latest = state)}
        />
      </StrictMode>,
    )
  })
  afterAll(() => {
    cleanup()
    history.replaceState(null, '', location.pathname + location.search)
  })

  it('shows the top-5 predictions of Model 1 with their numbers', async () => {
    await waitFor(() => expect(predictionRows()).toHaveLength(5), slow)
    for (const row of predictionRows()) expect(row.textContent).toMatch(/\d+(\.\d+)?%/)
    const { current, computed } = frameStatus()
    expect(current).not.toBeNull()
    expect(computed).not.toBeNull()
  })

  it('paints the activation maps of the selected layer', async () => {
    await waitFor(() => expect(screen.getAllByRole('img', { name: /^Activation map/ })).toHaveLength(4), slow)
    await waitFor(() => expect(litMapPixels()).toBeGreaterThan(0), slow)
  })

  it('a scene parameter changed in the state gives a new frame, then new predictions and maps', async () => {
    await waitFor(() => expect(frameStatus().computed).toBe(frameStatus().current), slow)
    const before = frameStatus()
    const predictionsBefore = predictionRows().map((r) => r.textContent).join('|')
    const mapsBefore = mapPixels()
    act(() => scene.getState().setParams({ textureMorph: 1, shapeMorph: 1, yaw: 60 }))
    await waitFor(() => expect(frameStatus().current).toBeGreaterThan(before.current!), slow)
    const after = frameStatus().current!
    await waitFor(() => expect(frameStatus().computed).toBeGreaterThanOrEqual(after), slow)
    await waitFor(() => expect(predictionRows().map((r) => r.textContent).join('|')).not.toBe(predictionsBefore), slow)
    // the maps were repainted from the new frame
    await waitFor(() => expect(mapPixels()).not.toBe(mapsBefore), slow)
  })

  it('keeps the full state in the URL, and the URL decodes to exactly that state', async () => {
    await waitFor(() => expect(latest?.scene.params.textureMorph).toBe(1), slow)
    const hash = new URLSearchParams(location.hash.slice(1)).get(STATE_HASH_KEY)
    expect(hash).not.toBeNull()
    const decoded = decodeAppState(hash!)
    expect(decoded.error).toBeNull()
    expect(decoded.state).toEqual(latest)
    expect(decoded.state.scene).toEqual(getSnapshot(scene))
    expect(decoded.state.models.model1).toEqual({ kind: 'config', id: 'mobilenet' })
    expect(decoded.state.layer).toMatch(/^conv/)
    expect(encodeAppState(decoded.state)).toBe(hash)
  })

  it('an invalid model URL for Model 2 shows an error in its slot, and Model 1 keeps working', async () => {
    const slot2 = screen.getByRole('group', { name: 'Model 2' })
    fireEvent.change(within(slot2).getByLabelText('Model'), { target: { value: '@load-url' } })
    fireEvent.change(within(slot2).getByLabelText('Model 2 model.json URL'), { target: { value: '/__shared-models/no-such-model/model.json' } })
    fireEvent.submit(within(slot2).getByRole('form'))
    await waitFor(() => expect(within(slot2).getByRole('alert').textContent).toMatch(/no-such-model\/model\.json/), slow)
    expect(within(screen.getByRole('group', { name: 'Model 1' })).queryByRole('alert')).toBeNull()

    const before = frameStatus().current!
    act(() => scene.getState().setParams({ textureMorph: 0, shapeMorph: 0, yaw: 0 }))
    await waitFor(() => expect(frameStatus().current).toBeGreaterThan(before), slow)
    const after = frameStatus().current!
    await waitFor(() => expect(frameStatus().computed).toBeGreaterThanOrEqual(after), slow)
    expect(predictionRows()).toHaveLength(5)
    expect(screen.queryByRole('region', { name: /^Predictions of Model 2/ })).toBeNull()

    // the slot and the link name the model it holds (none), not the URL that failed; the message stays
    expect(within(slot2).getByLabelText('Model')).toHaveProperty('value', '@empty')
    await waitFor(() => expect(latest?.models.model2).toBeNull(), slow)
    expect(within(slot2).getByRole('alert').textContent).toMatch(/no-such-model\/model\.json/)
  })

  it('"PGD step" attacks Model 1 on the current frame and shows δ through the adversarial overlay', { timeout: 300_000 }, async () => {
    await waitFor(() => expect(frameStatus().computed).toBe(frameStatus().current), slow)
    const before = frameStatus().current!
    expect(scene.getState().chain.find((s) => s.id === 'adversarial-overlay')?.enabled ?? false).toBe(false)
    fireEvent.click(screen.getByRole('button', { name: 'PGD step' }))
    await waitFor(() => expect(screen.getByText(/^Step 1: now ".+"; original class \d+\.\d% → \d+\.\d%$/)).toBeTruthy(), { timeout: 280_000, interval: 250 })
    expect(screen.queryByText(/The attack failed/)).toBeNull()
    expect(scene.getState().chain.find((s) => s.id === 'adversarial-overlay')?.enabled).toBe(true)
    // the overlay changed the frame the models see: a new frame, inferred again
    await waitFor(() => expect(frameStatus().current).toBeGreaterThan(before), slow)
    await waitFor(() => expect(frameStatus().computed).toBe(frameStatus().current), slow)
  })

  it('"Edited model" builds an unedited copy of Model 1 that predicts exactly like it; without Model 2 mixing says why', async () => {
    fireEvent.click(screen.getByRole('checkbox', { name: 'Edited model' }))
    await waitFor(() => expect(screen.getByText('Load a Model 2 to mix with.')).toBeTruthy(), slow)
    const editedRows = () => within(screen.getByRole('region', { name: /^Predictions of Edited Model/ })).queryAllByRole('listitem')
    await waitFor(() => expect(editedRows()).toHaveLength(5), slow)
    await waitFor(() => expect(frameStatus().computed).toBe(frameStatus().current), slow)
    expect(editedRows().map((r) => r.textContent)).toEqual(predictionRows().map((r) => r.textContent))
    await waitFor(() => expect(latest?.views.edited).toBe(true), slow)
    await page.screenshot({ path: '../../test-artifacts/app.png' })
  })
})
