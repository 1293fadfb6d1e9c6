import { afterEach, describe, expect, it, vi } from 'vitest'
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import type { ModelRuntime } from '@perturber/model-runtime'
import { ColumnBoundary } from './ColumnBoundary'
import { PerturberApp } from './PerturberApp'
import { defaultAppState } from '../state/appState'
import { decodeAppState } from '../state/urlCodec'
import { stateHash } from '../state/urlHash'

// React logs caught render errors; jsdom has no WebGL for the scene
vi.spyOn(console, 'error').mockImplementation(() => {})

/** A runtime that never starts: no model loads, nothing is inferred (the layout and state are under test). */
const pendingRuntime = new Promise<ModelRuntime>(() => {})

const hashState = () => decodeAppState(new URLSearchParams(location.hash.slice(1)).get('state') ?? '')

afterEach(() => {
  cleanup()
  history.replaceState(null, '', '/')
})

describe('PerturberApp (jsdom)', () => {
  it('a corrupt link shows a notice and falls back to the defaults, which it writes back into the URL', async () => {
    history.replaceState(null, '', '/#state=bm90LWEtc3RhdGU')
    render(<PerturberApp runtime={pendingRuntime} models={[{ id: 'm', name: 'M', url: '/m/model.json' }]} />)
    expect(screen.getByRole('status').textContent).toMatch(/^The link's state could not be restored \(not valid base64url-encoded JSON\); showing the default view\.$/)
    await waitFor(() => expect(hashState().error).toBeNull())
    expect(hashState().state).toEqual(defaultAppState({ kind: 'config', id: 'm' }))
  })

  it('restores a link exactly and writes every change back (view toggles)', async () => {
    const state = defaultAppState({ kind: 'url', url: '/nets/a/model.json' })
    state.views = { activations: true, predictions: false, model2: true, edited: false }
    state.scene.params.textureMorph = 0.5
    history.replaceState(null, '', `/${stateHash(state)}`)
    render(<PerturberApp runtime={pendingRuntime} />)
    expect(screen.queryByRole('status')).toBeNull()
    expect(screen.getByText('Predictions are switched off.')).toBeTruthy()
    expect((screen.getByRole('checkbox', { name: 'Predictions' }) as HTMLInputElement).checked).toBe(false)
    await waitFor(() => expect(hashState().state).toEqual(state))

    act(() => void fireEvent.click(screen.getByRole('checkbox', { name: 'Activations' })))
    await waitFor(() => expect(hashState().state.views).toEqual({ ...state.views, activations: false }))
    expect(screen.getByText('Activations are switched off.')).toBeTruthy()
  })

  it('shows what to do where it would show models and predictions', () => {
    render(<PerturberApp runtime={pendingRuntime} syncUrl={false} />)
    expect(within(screen.getByRole('region', { name: 'Model comparison' })).getByText(/^Load Model 1/)).toBeTruthy()
    expect(within(screen.getByRole('region', { name: 'Predictions' })).getByText('Load a model to see its predictions.')).toBeTruthy()
  })
})

describe('ColumnBoundary', () => {
  it('shows the error of a failing column in its place, keeps its siblings, and can try again', () => {
    let fail = true
    function Column() {
      if (fail) throw new Error('boom')
      return <p>column works</p>
    }
    render(
      <>
        <ColumnBoundary name="The scene">
          <Column />
        </ColumnBoundary>
        <p>other column</p>
      </>,
    )
    expect(screen.getByRole('alert').textContent).toBe('The scene stopped working: boom Try again')
    expect(screen.getByText('other column')).toBeTruthy()
    fail = false
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }))
    expect(screen.getByText('column works')).toBeTruthy()
    expect(screen.queryByRole('alert')).toBeNull()
  })
})
