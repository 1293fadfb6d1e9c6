import { describe, expect, it } from 'vitest'
import { defaultAppState, type AppState } from './appState'
import { reconcileWithModel } from './reconcile'

const layers = [
  { name: 'conv1', channels: 16 },
  { name: 'conv2_relu', channels: 32 },
  { name: 'mixed3a_relu', channels: 64 },
  { name: 'mixed4a_relu', channels: 128 },
]

const stateWith = (patch: Partial<AppState>): AppState => ({ ...defaultAppState({ kind: 'config', id: 'standard' }), ...patch })

describe('reconcileWithModel: the parts of a link that depend on the model', () => {
  it('replaces a layer the model lacks by the one the app shows, and says which', () => {
    const state = stateWith({ layer: 'conv_pw_13_relu' })
    const { state: next, adjustments } = reconcileWithModel(state, { layers })
    expect(next.layer).toBe('mixed3a_relu')
    expect(adjustments).toEqual([{ field: 'layer', message: 'The link names a layer "conv_pw_13_relu" that Model 1 does not have; showing "mixed3a_relu".' }])
    expect(state.layer).toBe('conv_pw_13_relu')
    expect(reconcileWithModel(state, { layers: [], name: 'ZooNet' }).adjustments[0].message).toBe('The link names a layer "conv_pw_13_relu" that ZooNet does not have; it has no layers to show.')
  })

  it('prefers a layer the descriptor ships neuron groups for, so that the groups are there to pick', () => {
    const groupsOf = (layer: string) => (layer === 'conv1' || layer === 'mixed4a_relu' ? ['edges'] : [])
    const { state: next, adjustments } = reconcileWithModel(stateWith({ layer: 'gone' }), { layers, groupsOf })
    expect(next.layer).toBe('mixed4a_relu')
    expect(adjustments[0].message).toBe('The link names a layer "gone" that Model 1 does not have; showing "mixed4a_relu".')
  })

  it('moves channels the layer does not have into it', () => {
    const state = stateWith({ layer: 'conv2_relu', neurons: { group: '@index', count: 4, start: 500 } })
    const { state: next, adjustments } = reconcileWithModel(state, { layers })
    expect(next.neurons).toEqual({ group: '@index', count: 4, start: 28 })
    expect(adjustments).toEqual([{ field: 'neurons.start', message: 'The link shows channels 500–503, but layer "conv2_relu" of Model 1 has 32 (0–31); showing channels 28–31.' }])
    // no layer in the link: the channels are checked against the layer the app picks
    const picked = reconcileWithModel(stateWith({ layer: null, neurons: { group: '@index', count: 1, start: 64 } }), { layers })
    expect(picked.adjustments.map((a) => a.message)).toEqual(['The link shows channel 64, but layer "mixed3a_relu" of Model 1 has 64 (0–63); showing channel 63.'])
  })

  it('shows the most active channels for a neuron group the layer does not have', () => {
    const state = stateWith({ layer: 'mixed4a_relu', neurons: { group: 'curves', count: 6 } })
    const { state: next, adjustments } = reconcileWithModel(state, { layers, groupsOf: (layer) => (layer === 'mixed3a_relu' ? ['curves'] : []) })
    expect(next.neurons).toEqual({ group: '@top', count: 6 })
    expect(adjustments).toEqual([{ field: 'neurons.group', message: 'The link names a neuron group "curves" that layer "mixed4a_relu" of Model 1 does not have; showing the most active channels.' }])
    expect(reconcileWithModel({ ...state, layer: 'mixed3a_relu' }, { layers, groupsOf: () => ['curves'] }).adjustments).toEqual([])
  })

  it('keeps the automatic groups (changed since a pinned frame, relevant to a class) whatever groups the descriptor ships', () => {
    for (const group of ['@changed', '@relevant']) {
      const state = stateWith({ layer: 'mixed4a_relu', neurons: { group, count: 6 } })
      expect(reconcileWithModel(state, { layers, groupsOf: () => ['curves'] })).toEqual({ state, adjustments: [] })
    }
  })

  it('drops edits of units and layers the edited model does not have', () => {
    const state = stateWith({ layer: 'conv1', edits: { mix: { mixed3a: 0.5, nope: 1 }, prune: { conv1: [0, 0.5], gone: [0.2, 0.4] } } })
    const { state: next, adjustments } = reconcileWithModel(state, { layers, editable: { mix: ['mixed3a'], prune: ['conv1'] } })
    expect(next.edits).toEqual({ mix: { mixed3a: 0.5 }, prune: { conv1: [0, 0.5] } })
    expect(adjustments.map((a) => a.message)).toEqual([
      'The link mixes "nope", which Model 1 cannot mix with Model 2; that edit is dropped.',
      'The link prunes "gone", which is not a layer Model 1 can prune; that edit is dropped.',
    ])
  })

  it('returns the state itself when the model has everything it names', () => {
    const state = stateWith({ layer: 'conv1', neurons: { group: '@index', count: 4, start: 12 } })
    expect(reconcileWithModel(state, { layers, groupsOf: () => [], editable: { mix: [], prune: [] } })).toEqual({ state, adjustments: [] })
    expect(reconcileWithModel(state, { layers }).state).toBe(state)
  })
})
