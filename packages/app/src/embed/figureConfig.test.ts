import { describe, expect, it } from 'vitest'
import { defaultAppState } from '../state/appState'
import { encodeAppState } from '../state/urlCodec'
import { stateHash } from '../state/urlHash'
import { FigureConfigError, mergeJson, parseAppUrl, parseAttackSteps, parseFigureControls, parseFigureParts, parseFigureSize, parseFigureState, readFigureState } from './figureConfig'

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

describe('readFigureState: hostile and out-of-range state attributes (issue 12)', () => {
  it('clamps what is out of range and lists what it changed, in the user\'s terms', () => {
    const { state, adjustments } = readFigureState(
      JSON.stringify({
        scene: { chain: [{ id: 'hue', enabled: 'false', params: { hue: 0.2 } }], background: { kind: 'solid', color: 'notacolor' } },
        attack: { epsilon: 1e9 },
        normalization: 1e300,
      }),
      defaults(),
    )
    expect(state.scene.chain).toEqual([{ id: 'hue', enabled: false, params: { hue: 0.2 } }])
    expect(state.attack.epsilon).toBe(64 / 255)
    expect(adjustments.map((a) => a.message)).toEqual([
      'scene.chain[0].enabled must be true or false, got "false": the perturbation stays off.',
      'scene.background.color "notacolor" is not a colour: the background stays grey.',
      'normalization 1e+300 is out of range: set to 4, the largest allowed.',
      'attack.epsilon 1000000000 is out of range: set to 0.25 (64/255), the largest allowed.',
    ])
    expect(readFigureState(encodeAppState(state), defaults())).toEqual({ state, adjustments: [] })
  })

  it('refuses a chain naming a perturbation twice, oversized or deeply nested text, and model URLs that are not http(s) or relative, as "state" errors', () => {
    expect(errorOf(() => parseFigureState('{"scene": {"chain": [{"id": "hue"}, {"id": "hue"}]}}', defaults()), 'state')).toBe(
      'state: scene.chain[1]: "hue" is already in the chain at scene.chain[0] (a chain holds each perturbation at most once)',
    )
    const long = JSON.stringify({ layer: 'x'.repeat(100_000) })
    expect(errorOf(() => parseFigureState(long, defaults()), 'state')).toBe(`state: the state is ${long.length} characters long, more than the 100000 a figure reads`)
    expect(errorOf(() => parseFigureState(`{"layer": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`, defaults()), 'state')).toBe('state: the state nests objects and lists more than 8 deep')
    expect(errorOf(() => parseFigureState('{"models": {"model2": {"kind": "url", "url": "javascript:alert(1)"}}}', defaults()), 'state')).toBe(
      'state: models.model2.url: "javascript:alert(1)" is not an http(s) or relative URL',
    )
  })

  it('a "__proto__" key changes no prototype: it is reported and ignored', () => {
    const { state, adjustments } = readFigureState('{"__proto__": {"polluted": true}, "attack": {"__proto__": {"epsilon": 1}}}', defaults())
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getPrototypeOf(state)).toBe(Object.prototype)
    expect(state.attack).toEqual(defaults().attack)
    expect(adjustments.map((a) => a.message)).toEqual(['__proto__ is not part of the state: ignored.', 'attack.__proto__ is not part of the state: ignored.'])
  })
})

describe('mergeJson', () => {
  it('merges objects, replaces arrays, values and objects with a kind', () => {
    expect(mergeJson({ a: { b: 1, c: 2 }, l: [1, 2], s: { kind: 'x', id: 1 } }, { a: { c: 3 }, l: [3], s: { kind: 'y' } })).toEqual({ a: { b: 1, c: 3 }, l: [3], s: { kind: 'y' } })
  })

  it('keeps a "__proto__" key as an own property instead of setting the prototype', () => {
    const merged = mergeJson({ a: 1 }, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<string, unknown>
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype)
    expect(merged.polluted).toBeUndefined()
    expect(Object.keys(merged)).toEqual(['a', '__proto__'])
  })
})

describe('app: the "Open in Perturber" link (issue 12, item 4)', () => {
  it('takes http(s) and relative URLs; none is no link', () => {
    expect(parseAppUrl(undefined)).toBeNull()
    expect(parseAppUrl('  ')).toBeNull()
    for (const url of ['../index.html', '/perturber/', 'https://example.org/perturber/#x', 'http://localhost:5173/']) expect(parseAppUrl(url)).toBe(url)
  })

  it('refuses javascript:, data: and other schemes as an "app" error', () => {
    expect(errorOf(() => parseAppUrl('javascript:alert(document.cookie)'), 'app')).toBe('app: "javascript:alert(document.cookie)" is not an http(s) or relative URL, so the figure shows no "Open in Perturber" link.')
    for (const url of [' JAVASCRIPT:alert(1)', 'java\nscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:msgbox(1)']) {
      expect(errorOf(() => parseAppUrl(url), 'app')).toBe(`app: ${JSON.stringify(url.trim())} is not an http(s) or relative URL, so the figure shows no "Open in Perturber" link.`)
    }
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
