import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { page, userEvent } from '@vitest/browser/context'
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import { createSceneStore } from '@perturber/scene'
import { PerturberApp, PerturberFigure, loadModelIndex, zooInitialState, type AppState } from '@perturber/app'
import { predictionText, settled, slow } from './support/appDom'
import { wasmPaths } from './support/wasm'

/**
 * The app's sweep section as a user drives it on the zoo pair: a yaw sweep runs in the
 * background, its tuning curves show both models, a picked sample moves the live scene there,
 * the exported CSV imports to the same plot, and a file that is no sweep is refused in the panel.
 */
const ZOO_INDEX = '/models/perturber-zoo/index.json'

function pickFiles(input: HTMLElement, files: File[]) {
  const transfer = new DataTransfer()
  for (const file of files) transfer.items.add(file)
  ;(input as HTMLInputElement).files = transfer.files
  input.dispatchEvent(new Event('change', { bubbles: true }))
}

const panel = () => screen.getByRole('group', { name: 'Sweep' })
const curves = () => Array.from(within(panel()).getByRole('group', { name: 'P(dog) against Yaw' }).querySelectorAll('path')).map((p) => p.getAttribute('d'))

describe('the sweep section of the app', () => {
  const scene = createSceneStore()
  let latest: AppState | null = null

  beforeAll(async () => {
    const index = await loadModelIndex(ZOO_INDEX)
    if (!index) throw new Error(`No model zoo at ${ZOO_INDEX}`)
    await page.viewport(1280, 900)
    history.replaceState(null, '', location.pathname + location.search)
    render(<PerturberApp models={index.models} initialState={zooInitialState(index.models)} runtimeOptions={{ wasmPaths }} sceneStore={scene} syncUrl={false} onStateChange={(state) => (latest = state)} />)
    await waitFor(() => expect(predictionText('Model 2')).toHaveLength(5), slow)
    await waitFor(() => expect(scene.getState().loading).toBeFalsy(), slow)
    await settled()
  })
  afterAll(() => cleanup())

  it('runs a yaw sweep, plots both models, and a picked sample moves the live scene there', async () => {
    const steps = within(panel()).getByLabelText('x axis steps')
    await userEvent.fill(steps, '3')
    await userEvent.click(within(panel()).getByRole('button', { name: 'Run sweep' }))
    const progress = () => within(panel()).getByRole('status', { name: 'Sweep progress' }).textContent ?? ''
    await waitFor(() => expect(progress()).toMatch(/^3 \/ 3 samples · [\d.]+ s · done$/), slow)
    const legend = within(panel()).getByRole('list', { name: 'P(dog): series' })
    expect(within(legend).getAllByRole('listitem').map((i) => i.textContent)).toEqual(['Model 1: ZooNet standard', 'Model 2: ZooNet adversarial'])
    expect(curves().length).toBeGreaterThanOrEqual(2)
    // the sweep run is in the state a link carries
    await waitFor(() => expect(latest?.sweep?.design).toEqual({ kind: 'grid', axes: [{ target: { kind: 'scene', param: 'yaw' }, from: -70, to: 70, steps: 3 }] }), slow)

    const yawBefore = scene.getState().params.yaw
    expect(yawBefore).not.toBe(70)
    const plot = within(panel()).getByRole('group', { name: 'P(dog) against Yaw' })
    plot.focus()
    await userEvent.keyboard('{End}{Enter}')
    expect(scene.getState().params.yaw).toBe(70)
    await settled()
  })

  it('the exported CSV imports to the same plot; a file that is no sweep is refused, the plot stays', async () => {
    const saved: Blob[] = []
    const create = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => (saved.push(blob as Blob), 'blob:sweep'))
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    await userEvent.click(within(panel()).getByRole('button', { name: 'Export CSV' }))
    create.mockRestore()
    click.mockRestore()
    expect(saved).toHaveLength(1)
    const csv = await saved[0].text()
    expect(csv.split('\n')[0]).toBe('# perturber-sweep 1')
    const before = curves()

    const input = panel().querySelector('input[type=file]') as HTMLElement
    pickFiles(input, [new File(['index,scene.yaw\n0,1\n'], 'notes.csv', { type: 'text/csv' })])
    await waitFor(() => expect(within(panel()).getByText(/^notes\.csv was not imported: /)).toBeTruthy(), slow)
    expect(curves()).toEqual(before)

    pickFiles(input, [new File([csv], 'sweep.csv', { type: 'text/csv' })])
    await waitFor(() => expect(within(panel()).getByText('Imported sweep.csv: 3 of 3 samples.')).toBeTruthy(), slow)
    expect(curves()).toEqual(before)
  })
})

describe('a figure with view="sweep"', () => {
  afterAll(() => cleanup())

  it('runs the sweep its state carries and plots it; without one it says so', async () => {
    const index = (await loadModelIndex(ZOO_INDEX))!
    const state: AppState = {
      ...zooInitialState(index.models),
      sweep: { design: { kind: 'grid', axes: [{ target: { kind: 'scene', param: 'yaw' }, from: -40, to: 40, steps: 3 }] }, record: {} },
    }
    const { unmount } = render(<PerturberFigure models={ZOO_INDEX} state={state} view="scene sweep" size={112} runtimeOptions={{ wasmPaths }} />)
    await waitFor(() => expect(screen.getByText(/^3 of 3 samples · Yaw$/)).toBeTruthy(), slow)
    expect(screen.getByRole('group', { name: 'P(dog) against Yaw' })).toBeTruthy()
    unmount()

    render(<PerturberFigure models={ZOO_INDEX} state={zooInitialState(index.models)} view="sweep" runtimeOptions={{ wasmPaths }} />)
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('view: the part "sweep" plots the sweep in the figure\'s state, and the state has none'), slow)
  })
})
