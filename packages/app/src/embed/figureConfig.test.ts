import { describe, expect, it } from 'vitest'
import { defaultAppState } from '../state/appState'
import { encodeAppState } from '../state/urlCodec'
import { stateHash } from '../state/urlHash'
import { FigureConfigError, mergeJson, parseAttackSteps, parseFigureControls, parseFigureParts, parseFigureSize, parseFigureState } from './figureConfig'

const defaults = () => {
  const state = defaultAppState({ kind: 'config', id: 'standard' })
  state.models.model2 = { kind: 'config', id: 'adversarial' }
  return state
}

/** The error a parse throws, checked to be a FigureConfigError naming `attribute`. */
function errorOf(parse: () => unknown, attribute: string): string {
  try {
    parse()
  } catch (e) {
    expect(e).toBeInstanceOf(FigureConfigError)
    expect((e as FigureConfigError).attribute).toBe(attribute)
    return (e as Error).message
  }
  throw new Error('expected the parse to fail')
}

describe('parseFigureState', () => {
  it('gives the defaults for no state', () => {
    expect(parseFigureState(undefined, defaults())).toEqual(defaults())
    expect(parseFigureState('   ', defaults())).toEqual(defaults())
  })

  it('reads a partial JSON state over the defaults: objects merge, sources replace, a chain list is a chain', () => {
    const state = parseFigureState(
      JSON.stringify({
        scene: { params: { textureMorph: 0.5, yaw: 0 }, chain: [{ id: 'adversarial-overlay', enabled: true, params: { attackAlpha: 0 } }] },
        models: { model2: { kind: 'url', url: 'https://example.org/m/model.json' } },
        attack: { epsilon: 4 / 255 },
      }),
      defaults(),
    )
    const expected = defaults()
    expect(state.scene.params).toEqual({ ...expected.scene.params, textureMorph: 0.5, yaw: 0 })
    expect(state.scene.chain).toEqual([{ id: 'adversarial-overlay', enabled: true, params: { attackAlpha: 0, originalAlpha: 1 } }])
    expect(state.scene.object).toEqual(expected.scene.object)
    expect(state.models).toEqual({ model1: { kind: 'config', id: 'standard' }, model2: { kind: 'url', url: 'https://example.org/m/model.json' } })
    expect(state.attack).toEqual({ ...expected.attack, epsilon: 4 / 255 })
    expect(state.views).toEqual(expected.views)
  })

  it('reads what the app writes into links: the #state= text, or the whole link', () => {
    const state = defaults()
    state.scene.params.shapeMorph = 0.75
    state.layer = 'mixed4a'
    expect(parseFigureState(encodeAppState(state), defaults())).toEqual(state)
    expect(parseFigureState(`https://example.org/perturber/${stateHash(state)}`, defaults())).toEqual(state)
  })

  it('names what is wrong, as a "state" error', () => {
    expect(errorOf(() => parseFigureState('{"scene": ', defaults()), 'state')).toMatch(/^state: not valid JSON \(/)
    expect(errorOf(() => parseFigureState('{"attack": {"norm": "l3"}}', defaults()), 'state')).toBe('state: attack.norm: expected one of linf, l2')
    expect(errorOf(() => parseFigureState('{"scene": {"chain": [{"id": "no-such-effect"}]}}', defaults()), 'state')).toContain('unknown perturbation "no-such-effect"')
    expect(errorOf(() => parseFigureState('{"models": {"model1": {"kind": "ftp"}}}', defaults()), 'state')).toContain('models.model1: unknown kind "ftp"')
    expect(errorOf(() => parseFigureState('https://example.org/#other=1', defaults()), 'state')).toContain('no "#state=" part')
    expect(errorOf(() => parseFigureState('not base64!', defaults()), 'state')).toContain('not valid base64url-encoded JSON')
  })

  it('passes an AppState through', () => {
    const state = defaults()
    expect(parseFigureState(state, defaultAppState())).toBe(state)
  })
})

describe('mergeJson', () => {
  it('merges objects, replaces arrays, values and objects with a kind', () => {
    expect(mergeJson({ a: { b: 1, c: 2 }, l: [1, 2], s: { kind: 'x', id: 1 } }, { a: { c: 3 }, l: [3], s: { kind: 'y' } })).toEqual({ a: { b: 1, c: 3 }, l: [3], s: { kind: 'y' } })
  })
})

describe('figure attributes', () => {
  it('view: the parts in layout order; by default scene and predictions, plus controls when any are named', () => {
    expect(parseFigureParts('predictions scene', false)).toEqual(['scene', 'predictions'])
    expect(parseFigureParts('activations, scene', false)).toEqual(['scene', 'activations'])
    expect(parseFigureParts(undefined, false)).toEqual(['scene', 'predictions'])
    expect(parseFigureParts('', true)).toEqual(['scene', 'controls', 'predictions'])
    expect(errorOf(() => parseFigureParts('scene histogram', false), 'view')).toContain('unknown part "histogram"')
  })

  it('controls: scene parameters and perturbation parameters, with their specs', () => {
    const controls = parseFigureControls('textureMorph adversarial-overlay.attackAlpha')
    expect(controls.map((c) => (c.kind === 'scene' ? c.name : `${c.id}.${c.param}`))).toEqual(['textureMorph', 'adversarial-overlay.attackAlpha'])
    expect(controls[0].spec).toMatchObject({ min: 0, max: 1, default: 0 })
    expect(controls[1].spec).toMatchObject({ label: 'Attack Alpha', min: 0, max: 1 })
    expect(errorOf(() => parseFigureControls('textureMorf'), 'controls')).toContain('unknown parameter "textureMorf"')
    expect(errorOf(() => parseFigureControls('adversarial-overlay.alpha'), 'controls')).toContain('has no parameter "alpha" (it has attackAlpha, originalAlpha)')
  })

  it('attack-steps and size: whole numbers in range', () => {
    expect(parseAttackSteps(undefined)).toBe(0)
    expect(parseAttackSteps('10')).toBe(10)
    expect(errorOf(() => parseAttackSteps('ten'), 'attack-steps')).toContain('"ten"')
    expect(errorOf(() => parseAttackSteps(-1), 'attack-steps')).toContain('0 to 200')
    expect(parseFigureSize(undefined)).toBe(224)
    expect(parseFigureSize('112')).toBe(112)
    expect(errorOf(() => parseFigureSize('12.5'), 'size')).toContain('32 to 1024')
  })
})
