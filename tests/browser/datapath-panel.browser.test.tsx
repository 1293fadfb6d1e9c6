import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { userEvent } from '@vitest/browser/context'
import { cleanup, render, screen, waitFor, within } from '@testing-library/react'
import type { SceneRenderer } from '@perturber/scene'
import type { PerturberSession } from '@perturber/app'
import { DatapathPanel } from '@perturber/app/components'
import { CHANNEL_INDEX_GROUP } from '@perturber/viz/controls'
import { slow } from './support/appDom'
import { useZooSession } from './support/zooSession'

/**
 * The datapath section as a user drives it on the zoo pair (issue 15): a comparison it cannot make
 * is refused with what to do; Model 1 vs Model 2 on this frame gives the layer overview with one
 * node per layer both share; choosing a layer shows its critical maps as sets, choosing a map shows
 * it in the activation view (the session's layer and channel) with both activations, and the
 * activation view's layer choice follows back.
 */

describe('the datapath section', () => {
  let session: PerturberSession
  let scene: SceneRenderer
  const panel = () => screen.getByRole('group', { name: 'Datapaths' })

  const zoo = useZooSession(112)
  beforeAll(() => {
    ;({ session, scene } = zoo)
    render(<DatapathPanel session={session} />)
  })
  afterAll(() => cleanup())

  it('refuses to compare perturbations when none is on, saying what to do', async () => {
    expect(session.scene.getState().chain.some((s) => s.enabled)).toBe(false)
    await userEvent.click(within(panel()).getByText('Datapaths'))
    await userEvent.click(within(panel()).getByRole('button', { name: 'Extract datapaths' }))
    await waitFor(() => expect(within(panel()).getByRole('alert').textContent).toBe('No perturbation is on: switch one on (or take a PGD step) to compare the frame without and with it.'), slow)
  })

  it('Model 1 vs Model 2: the overview, a layer’s critical sets, a map chosen here is the activation view’s, and back', async () => {
    await userEvent.selectOptions(within(panel()).getByRole('combobox'), 'models')
    await userEvent.click(within(panel()).getByRole('button', { name: 'Extract datapaths' }))
    const layers = await waitFor(() => within(within(panel()).getByRole('group', { name: 'Layers' })).getAllByRole('button'), { ...slow, timeout: 120_000 })
    const model1 = session.modelOf('model1')!
    const spatial = model1.layers.filter((l) => l.shape[0] > 1 || l.shape[1] > 1).length
    expect(layers.length).toBeGreaterThan(10)
    expect(layers.length).toBeLessThanOrEqual(spatial)
    expect(within(panel()).queryByRole('alert')).toBeNull()

    await userEvent.click(within(within(panel()).getByRole('group', { name: 'Layers' })).getByRole('button', { name: /^mixed4a\b/ }))
    expect(session.controls.layer).toBe('mixed4a')
    const sets = await waitFor(() => within(panel()).getByRole('group', { name: /^Critical maps of / }), slow)
    const cells = within(sets).getAllByRole('listitem')
    expect(cells.length).toBeGreaterThan(0)
    const picked = cells[0].getAttribute('aria-label')!
    await userEvent.click(cells[0])
    expect(session.controls.neurons.group).toBe(CHANNEL_INDEX_GROUP)
    const channel = session.controls.neurons.start!
    // the map (or the cluster's first map) the cell names
    expect(picked).toMatch(new RegExp(`^(map ${channel}:|\\d+ maps \\(${channel}[,)])`))
    await waitFor(() => expect(within(panel()).getByRole('figure', { name: `mixed4a:${channel} on both inputs` })).toBeTruthy(), slow)

    // the activation view picks another layer: the overview follows
    session.setControls((c) => ({ ...c, layer: 'mixed3b' }))
    await waitFor(() => expect(within(panel()).getByRole('figure', { name: `mixed3b:${channel} on both inputs` })).toBeTruthy(), slow)
  })

  it('without and with the current perturbations: Model 1 on the clean frame and on the live one, for the clean frame’s class', async () => {
    const blur = session.scene.getState().chain.find((p) => p.id === 'gaussian-blur')!
    session.scene.getState().updatePerturbation(blur.id, { enabled: true, params: { sigma: 3 } })
    await session.evaluate()
    await userEvent.selectOptions(within(panel()).getByRole('combobox'), 'perturbations')
    await userEvent.click(within(panel()).getByRole('button', { name: 'Extract datapaths' }))
    await waitFor(() => expect(within(panel()).getByText(/^The datapaths of “/).textContent).toMatch(/^The datapaths of “[^”]+”, without perturbations vs with the current perturbations:/), { ...slow, timeout: 120_000 })
    expect(within(panel()).getByRole('group', { name: 'Critical maps of without perturbations and with the current perturbations' })).toBeTruthy()
  })
})
