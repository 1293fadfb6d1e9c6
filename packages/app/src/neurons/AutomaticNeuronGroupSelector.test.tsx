import { afterEach, describe, expect, it } from 'vitest'
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react'
import type { ModelRuntime, PerturberModel } from '@perturber/model-runtime'
import type { SceneRenderer } from '@perturber/scene'
import { ModelColumn, type ModelColumnProps } from '../components/ModelColumn'
import { PerturberSession } from '../session/PerturberSession'
import { AutomaticNeuronGroups } from './AutomaticNeuronGroups'
import { CHANGED_GROUP, RELEVANT_GROUP } from './groupIds'

afterEach(cleanup)

const model = {
  id: 'm1',
  version: 0,
  descriptor: { name: 'tiny', labels: { names: ['dog', 'cat'] }, neuronGroups: { a: [{ name: 'Edges', channels: [1] }] } },
  layers: [{ name: 'a', block: 'a', channels: 4, shape: [2, 2, 4], depth: 0 }],
  blocks: [{ name: 'a', layers: ['a'] }],
} as unknown as PerturberModel

function setup() {
  const runtime = { infer: async () => ({ frameId: -1, elapsedMs: 0, models: [{ modelId: 'm1', modelVersion: 0, activations: { layer: 'a', channelMeans: new Float32Array(4) } }] }) } as unknown as ModelRuntime
  const session = new PerturberSession({ runtime })
  session.frames.onReady({ width: 1, height: 1, renderSample: () => new Float32Array(4) } as unknown as SceneRenderer)
  session.store.setState({ runtime, shown: [{ role: 'model1', model }], controls: { ...session.controls, layer: 'a' } })
  const groups = new AutomaticNeuronGroups(session)
  const props = (group: string): ModelColumnProps => ({
    available: [],
    slots: { model1: { modelId: null }, model2: { modelId: null } },
    onSlotsChange: () => {},
    slotStatus: { model1: {}, model2: {} },
    onLoadUrl: () => {},
    onLoadFiles: () => {},
    model1: model,
    layer: 'a',
    onLayerChange: () => {},
    neurons: { group, count: 4 },
    onNeuronsChange: () => {},
    activations: null,
    inferenceError: null,
    editing: null,
    edits: { mix: {}, prune: {} },
    onEditsChange: () => {},
    editingMode: 'mix',
    onEditingModeChange: () => {},
    automaticGroups: groups,
  })
  return { groups, props }
}

describe('the model column with the session’s automatic groups', () => {
  it('offers them beside the named groups; @changed pins a reference from its own button and says the link does not carry it', async () => {
    const { groups, props } = setup()
    const { rerender } = render(<ModelColumn {...props(CHANGED_GROUP)} />)
    const select = screen.getByLabelText('Neurons') as HTMLSelectElement
    expect(Array.from(select.options).map((o) => o.textContent)).toEqual(['Top-activating on this frame', 'Changed most since a pinned frame', 'Most relevant to a class (gradient × activation)', 'Edges (1)', 'By channel index'])
    expect(screen.getByText(/^Pin a reference frame, then change the scene/)).toBeTruthy()
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Pin this frame as the reference' })))
    expect(groups.state.reference).not.toBeNull()
    expect(screen.getByText(/kept in this tab only; links do not carry it/)).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Unpin' })).toBeTruthy()

    rerender(<ModelColumn {...props(RELEVANT_GROUP)} />)
    expect(screen.queryByRole('button', { name: 'Unpin' })).toBeNull()
    const classBox = screen.getByRole('combobox', { name: 'Relevant to class' }) as HTMLInputElement
    expect(classBox.value).toBe('Top class on this frame')
    act(() => groups.setRelevanceClass(1))
    expect((screen.getByRole('combobox', { name: 'Relevant to class' }) as HTMLInputElement).value).toBe('1: cat')
  })

  it('without them, offers only the named groups (as before)', () => {
    const { props } = setup()
    render(<ModelColumn {...props('@top')} automaticGroups={undefined} />)
    expect(Array.from((screen.getByLabelText('Neurons') as HTMLSelectElement).options).map((o) => o.textContent)).toEqual(['Top-activating on this frame', 'Edges (1)', 'By channel index'])
  })
})
