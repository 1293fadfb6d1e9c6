import { describe, expect, it } from 'vitest'
import { defaultChain } from '@perturber/perturbations'
import { defaultAppState, type AppState } from './appState'
import { decodeAppState, encodeAppState, parseAppState } from './urlCodec'
import { stateFromHash, stateHash } from './urlHash'

/** A state that differs from the defaults in every field, with awkward values. */
function busyState(): AppState {
  const state = defaultAppState({ kind: 'config', id: 'standard', checkpoint: 3 })
  const chain = defaultChain().map((s, i) => (i === 1 ? { ...s, enabled: true } : s))
  return {
    ...state,
    scene: {
      ...state.scene,
      params: { ...state.scene.params, textureMorph: 0.37, yaw: 12.5, backgroundBlur: 0.25 },
      chain,
      object: { kind: 'builtin', id: 'teapot-mug' },
      background: { kind: 'solid', color: '#ff00aa' },
    },
    models: { model1: { kind: 'config', id: 'standard', checkpoint: 3 }, model2: { kind: 'url', url: 'https://example.org/m/model.json?v=2&x=ü' } },
    edits: { mix: { conv1: 0.5, conv_pw_5: 1 }, prune: { conv_pw_13: [0.25, 0.75] } },
    editingMode: 'prune',
    layer: 'conv_pw_5_relu',
    neurons: { group: '@index', count: 7, start: 12 },
    normalization: 1.5,
    attack: { model: 'edited', target: 1, norm: 'l2', epsilon: 3.25 },
    views: { activations: false, predictions: true, model2: false, edited: true },
    predictionValues: 'logits',
    featureVis: 'naive',
    sweep: {
      design: { kind: 'grid', axes: [{ target: { kind: 'scene', param: 'yaw' }, from: -70, to: 70, steps: 15 }, { target: { kind: 'perturbation', id: 'alpha', param: 'alpha' }, from: 1, to: 0, steps: 4 }] },
      record: { layer: 'conv_pw_5_relu', models: ['model1', 'edited'] },
    },
  }
}

describe('a sweep in the link', () => {
  it('is left out, and said, when it cannot be read; the rest of the link opens', () => {
    const state = { ...defaultAppState(), layer: 'conv1' }
    const json = JSON.parse(JSON.stringify({ ...state, sweep: null }))
    const tampered = (sweep: unknown) => {
      const encoded = encodeAppState(state)
      const data = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(encoded.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))))
      return btoa(JSON.stringify({ ...data, sweep })).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
    }
    const decoded = decodeAppState(tampered({ design: { kind: 'grid', axes: [{ target: { kind: 'scene', param: 'yaw' }, from: -70, to: 70, stpes: 3 }] }, record: {} }))
    expect(decoded.error).toBeNull()
    expect(decoded.state.sweep).toBeNull()
    expect(decoded.state.layer).toBe('conv1')
    expect(decoded.adjustments.map((a) => a.message)).toEqual(['sweep was left out: design.axes[0].stpes: unknown field (design.axes[0] has target, from, to, steps).'])
    const withBase = decodeAppState(tampered({ design: { kind: 'random', samples: 5, seed: 1, ranges: [{ target: { kind: 'scene', param: 'yaw' }, min: 0, max: 1 }] }, record: {}, base: json }))
    expect(withBase.state.sweep).toBeNull()
    expect(withBase.adjustments.map((a) => a.message)).toEqual(["sweep was left out: base: a link's sweep starts from the link's own state, so it has no base."])
  })
})

describe('encodeAppState / decodeAppState', () => {
  it('round-trips a state that differs from the defaults everywhere, exactly', () => {
    const state = busyState()
    const text = encodeAppState(state)
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/)
    const decoded = decodeAppState(text)
    expect(decoded.error).toBeNull()
    expect(decoded.state).toEqual(state)
    expect(encodeAppState(decoded.state)).toBe(text)
  })

  it('round-trips the defaults, and a null layer and empty slots', () => {
    const state = defaultAppState()
    expect(parseAppState(encodeAppState(state))).toEqual(state)
  })

  it('keeps non-ASCII text (custom GLSL, URLs) intact', () => {
    const state = busyState()
    state.models.model2 = { kind: 'url', url: '/modèles/ネット/model.json' }
    expect(parseAppState(encodeAppState(state)).models.model2).toEqual({ kind: 'url', url: '/modèles/ネット/model.json' })
  })

  it('falls back to the given state with an explanation on corrupt text', () => {
    const fallback = defaultAppState({ kind: 'config', id: 'x' })
    for (const text of ['%%%', 'bm90IGpzb24', encodeAppState(busyState()).slice(0, 40)]) {
      const decoded = decodeAppState(text, fallback)
      expect(decoded.state).toBe(fallback)
      expect(decoded.error).toMatch(/^The link's state could not be restored \(.+\); showing the default view\.$/)
    }
  })

  it('names the field at fault', () => {
    const bad = (patch: (s: Record<string, any>) => void) => {
      const json = JSON.parse(atob(encodeAppState(busyState()).replace(/-/g, '+').replace(/_/g, '/')))
      patch(json)
      const text = btoa(JSON.stringify(json)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
      return decodeAppState(text).error
    }
    expect(bad((s) => (s.v = 99))).toContain('unknown state version 99')
    expect(bad((s) => (s.attack.norm = 'l3'))).toContain('attack.norm: expected one of linf, l2')
    expect(bad((s) => (s.scene.chain.chain[0].id = 'no-such-effect'))).toContain('unknown perturbation "no-such-effect"')
    expect(bad((s) => (s.models.model2 = { kind: 'ftp' }))).toContain('models.model2: unknown kind "ftp"')
    expect(bad((s) => (s.views.edited = 'yes'))).toContain('views.edited: expected true or false')
  })

  it('reads links written before predictionValues and featureVis existed as the defaults; unknown values are named and replaced', () => {
    const json = JSON.parse(atob(encodeAppState(busyState()).replace(/-/g, '+').replace(/_/g, '/')))
    const encode = (j: unknown) => btoa(JSON.stringify(j)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
    delete json.predictionValues
    delete json.featureVis
    const old = decodeAppState(encode(json))
    expect([old.state.predictionValues, old.state.featureVis, old.adjustments]).toEqual(['probabilities', 'decorrelated', []])
    json.predictionValues = 'softmax'
    json.featureVis = true
    expect(decodeAppState(encode(json)).adjustments.map((a) => a.message)).toEqual([
      'predictionValues "softmax" is not one of probabilities, logits: showing probabilities.',
      'featureVis true is not one of decorrelated, naive: showing decorrelated.',
    ])
  })

  it('clamps out-of-range numbers the way the widgets would, and says so', () => {
    const json = JSON.parse(atob(encodeAppState(busyState()).replace(/-/g, '+').replace(/_/g, '/')))
    json.edits.mix.conv1 = 3
    json.edits.prune.conv_pw_13 = [0.8, 0.2]
    json.neurons.count = 40
    const decoded = decodeAppState(btoa(JSON.stringify(json)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''))
    expect(decoded.state.edits.mix.conv1).toBe(1)
    expect(decoded.state.edits.prune.conv_pw_13).toEqual([0.8, 0.8])
    expect(decoded.state.neurons.count).toBe(8)
    expect(decoded.adjustments.map((a) => a.message)).toEqual([
      'edits.mix.conv1 3 is out of range: set to 1, the largest allowed.',
      'edits.prune.conv_pw_13 [0.8, 0.2] has its upper bound below its lower: set to [0.8, 0.8].',
      'neurons.count 40 is out of range: set to 8, the largest allowed.',
    ])
  })
})

describe('state in the location hash', () => {
  it('reads back what stateHash wrote; a hash without state gives the fallback silently', () => {
    const state = busyState()
    const fallback = defaultAppState()
    expect(stateFromHash(stateHash(state), fallback)).toEqual({ state, error: null, adjustments: [] })
    expect(stateFromHash('', fallback)).toEqual({ state: fallback, error: null, adjustments: [] })
    expect(stateFromHash('#other=1', fallback)).toEqual({ state: fallback, error: null, adjustments: [] })
    const corrupt = stateFromHash('#state=garbage!', fallback)
    expect(corrupt.state).toBe(fallback)
    expect(corrupt.error).toContain('not valid base64url-encoded JSON')
  })
})
