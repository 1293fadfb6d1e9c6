import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { page } from '@vitest/browser/context'
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import { userEvent } from '@vitest/browser/context'
import { createSceneStore } from '@perturber/scene'
import { PerturberApp, loadModelIndex, zooInitialState } from '@perturber/app'
import { predictionText, press, settled, slider, slow } from './support/appDom'
import { wasmPaths } from './support/wasm'

/**
 * The sensitivity indicators in the app on the zoo pair: computed once the scene rests, under each
 * slider; a change fades them at once and they come back for the new state; the output is picked
 * in the Sensitivity panel.
 */
const ZOO_INDEX = '/models/perturber-zoo/index.json'
const status = () => screen.getByTestId('sensitivity-status').textContent ?? ''
const controls = () => screen.getByRole('region', { name: 'Scene controls' })
const indicatorUnder = (name: string) => {
  const row = slider(controls(), name).closest('.pz-row')!
  const next = row.nextElementSibling as HTMLElement | null
  return next?.getAttribute('role') === 'img' ? next : null
}

describe('sensitivity in the app (zoo pair, real browser)', () => {
  beforeAll(async () => {
    const index = await loadModelIndex(ZOO_INDEX)
    if (!index) throw new Error(`No model zoo at ${ZOO_INDEX}`)
    await page.viewport(1280, 800)
    history.replaceState(null, '', location.pathname + location.search)
    render(<PerturberApp models={index.models} initialState={zooInitialState(index.models)} runtimeOptions={{ wasmPaths }} sceneStore={createSceneStore()} syncUrl={false} />)
    await waitFor(() => expect(predictionText('Model 1')).toHaveLength(5), slow)
    await settled()
  })
  afterAll(() => cleanup())

  it('shows d(top class logit)/d(parameter) under every scene slider once the scene rests; a change fades them until they are computed again', async () => {
    await waitFor(() => expect(status()).toMatch(/^d\(dog logit\) per unit of each parameter/), slow)
    const yaw = indicatorUnder('Yaw')!
    expect(yaw.getAttribute('aria-label')).toMatch(/^d\(dog logit\)\/d\(Yaw\) ≈ [+−]?[\d.e+−]+ per degree \(central difference, ±3\.6°\)$/)
    expect(yaw.style.opacity).toBe('1')
    expect(indicatorUnder('Texture Influence')!.getAttribute('aria-label')).toMatch(/one-sided at the high end of its range, −0\.01\)$/)
    const bars = screen.getAllByTestId('sensitivity-bar').map((b) => parseFloat(b.style.width))
    expect(Math.max(...bars)).toBe(50) // the largest change across a slider's range fills its half

    await press(slider(controls(), 'Yaw'), 'ArrowRight')
    await waitFor(() => expect(indicatorUnder('Yaw')!.style.opacity).toBe('0.4'), slow)
    await waitFor(() => expect(status()).toMatch(/^d\(dog logit\) per unit/), slow)
    expect(indicatorUnder('Yaw')!.style.opacity).toBe('1')
    await settled()
  })

  it('differentiates a picked class or a channel of the selected layer instead', async () => {
    const panel = screen.getByRole('group', { name: 'Sensitivity' })
    await userEvent.selectOptions(within(panel).getByLabelText('Of'), 'class')
    const classBox = within(panel).getByRole('combobox', { name: 'Sensitivity class' })
    await userEvent.click(classBox)
    await userEvent.fill(classBox, 'cat')
    await userEvent.keyboard('{Enter}')
    await waitFor(() => expect(status()).toMatch(/^d\(cat logit\) per unit/), slow)
    expect(indicatorUnder('Yaw')!.getAttribute('aria-label')).toMatch(/^d\(cat logit\)\/d\(Yaw\)/)
    await userEvent.selectOptions(within(panel).getByLabelText('Of'), 'channel')
    const layer = (screen.getByLabelText('Layer') as HTMLSelectElement).value
    await waitFor(() => expect(status()).toMatch(new RegExp(`^d\\(${layer}:0 mean\\) per unit`)), slow)
    // switched off: nothing under the sliders
    await userEvent.click(within(panel).getByRole('checkbox', { name: 'Sensitivity' }))
    expect(indicatorUnder('Yaw')).toBeNull()
  })
})
