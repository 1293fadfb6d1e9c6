import { describe, expect, it } from 'vitest'
import { defaultRegistry } from '@perturber/perturbations'
import { defaultAppState, type AppState } from './appState'
import { AppStateError, appStateFromJson, appStateToJson, decodeAppState, encodeAppState, encodedLength, parseAppState } from './urlCodec'
import { APP_STATE_LIMITS, type StateAdjustment } from './stateText'

/** The link text of JSON text, however odd. */
const linkOfText = (text: string) => {
  let binary = ''
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
const linkOf = (json: unknown) => linkOfText(JSON.stringify(json))

/** A valid state's JSON form with `patch` applied. */
function jsonWith(patch: (json: Record<string, any>) => void, state: AppState = defaultAppState({ kind: 'config', id: 'standard' })): Record<string, any> {
  const json = JSON.parse(JSON.stringify(appStateToJson(state)))
  patch(json)
  return json
}

/** The error `read` throws, checked to be an AppStateError. */
function thrown(read: () => unknown): AppStateError {
  try {
    read()
  } catch (e) {
    expect(e).toBeInstanceOf(AppStateError)
    return e as AppStateError
  }
  throw new Error('expected the state to be refused')
}

/** The error `parseAppState` throws for a patched state. */
const refusal = (patch: (json: Record<string, any>) => void) => thrown(() => parseAppState(linkOf(jsonWith(patch))))

/** The adjustments a patched state decodes with (it must decode). */
function adjustmentsOf(patch: (json: Record<string, any>) => void): { state: AppState; messages: string[]; fields: string[] } {
  const decoded = decodeAppState(linkOf(jsonWith(patch)))
  expect(decoded.error).toBeNull()
  return { state: decoded.state, messages: decoded.adjustments.map((a: StateAdjustment) => a.message), fields: decoded.adjustments.map((a) => a.field) }
}

describe('link state is bounded (issue 12, item 1)', () => {
  it('refuses a chain holding a perturbation twice, or more entries than there are perturbations, and keeps the previous state', () => {
    const fallback = defaultAppState({ kind: 'config', id: 'previous' })
    const hue = { id: 'hue', enabled: true, params: { hue: 0.1 } }
    const twice = decodeAppState(linkOf(jsonWith((j) => (j.scene.chain.chain = [hue, { id: 'contrast', enabled: false, params: {} }, hue]))), fallback)
    expect(twice.state).toBe(fallback)
    expect(twice.error).toBe(
      `The link's state could not be restored (scene.chain[2]: "hue" is already in the chain at scene.chain[0] (a chain holds each perturbation at most once)); showing the default view.`,
    )
    expect(twice.adjustments).toEqual([])

    const count = defaultRegistry.list().length
    const many = jsonWith((j) => (j.scene.chain.chain = Array.from({ length: 20_000 }, () => hue)))
    const start = performance.now()
    const error = thrown(() => appStateFromJson(many))
    expect(performance.now() - start).toBeLessThan(200)
    expect(error.message).toBe(`scene.chain has 20000 entries, but a chain holds each perturbation at most once and there are ${count}`)
    expect(error.field).toBe('scene.chain')
  })

  it('refuses link text longer than APP_STATE_LIMITS.textLength (20,000 chain entries make 1.3 MB) before decoding it, fast', () => {
    const text = linkOf(jsonWith((j) => (j.scene.chain.chain = Array.from({ length: 20_000 }, () => ({ id: 'hue', enabled: true, params: { hue: 0.1 } })))))
    const start = performance.now()
    const decoded = decodeAppState(text)
    expect(performance.now() - start).toBeLessThan(200)
    expect(decoded.error).toBe(`The link's state could not be restored (the state is ${text.length} characters long, more than the 100000 a link may hold); showing the default view.`)
    expect(APP_STATE_LIMITS.textLength).toBe(100_000)
  })

  it('refuses JSON nested deeper than APP_STATE_LIMITS.depth, and a state that grows too large when written out', () => {
    // JSON.stringify itself overflows the stack on this: the text is made by hand
    const deep = JSON.stringify(jsonWith((j) => (j.layer = 'DEEP'))).replace('"DEEP"', '['.repeat(20_000) + ']'.repeat(20_000))
    expect(decodeAppState(linkOfText(deep)).error).toBe(`The link's state could not be restored (the state nests objects and lists more than 8 deep); showing the default view.`)
    // every name within its limit, but so many of them that the state would not fit a link
    const wide = jsonWith((j) => (j.edits.mix = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`${'x'.repeat(100)}${i}`, 0.5]))))
    expect(() => appStateFromJson(wide)).toThrow(/^the state takes \d+ characters encoded, more than the 100000 a link may hold$/)
    for (const text of ['', 'a', 'abc', 'é', 'ネット', '😀', '\ud800', '\udc00x', 'a\ud83d', '{"x":"ü😀ネ\ud800"}']) expect(encodedLength(text), text).toBe(linkOfText(text).length)
    expect(refusal((j) => (j.layer = 'x'.repeat(3000))).message).toBe('layer: longer than 2048 characters')
    expect(refusal((j) => (j.edits.prune = Object.fromEntries(Array.from({ length: 1100 }, (_, i) => [`l${i}`, [0, 1]])))).message).toBe('edits.prune: 1100 entries, more than the 1024 allowed')
  })
})

describe('out-of-range and wrongly typed values are clamped or refused, and the user is told (item 2)', () => {
  it('clamps ε, the normalisation and scene parameters, naming the value and what it became', () => {
    const { state, messages, fields } = adjustmentsOf((j) => {
      j.attack.epsilon = 1e9
      j.normalization = 1e300
      j.scene.params.yaw = -1e6
      j.neurons.start = -4
    })
    expect(state.attack.epsilon).toBe(64 / 255)
    expect(state.normalization).toBe(4)
    expect(state.scene.params.yaw).toBe(-180)
    expect(state.neurons.start).toBe(0)
    expect(messages).toEqual([
      'scene.params.yaw -1000000 is out of range: set to -180, the smallest allowed.',
      'neurons.start -4 is out of range: set to 0, the smallest allowed.',
      'normalization 1e+300 is out of range: set to 4, the largest allowed.',
      'attack.epsilon 1000000000 is out of range: set to 0.25 (64/255), the largest allowed.',
    ])
    expect(fields).toEqual(['scene.params.yaw', 'neurons.start', 'normalization', 'attack.epsilon'])
  })

  it('an "enabled" that is not true or false leaves the perturbation off', () => {
    const { state, messages } = adjustmentsOf((j) => {
      j.scene.chain.chain[3].enabled = 'false'
      j.scene.chain.chain[4].enabled = 1
    })
    expect(state.scene.chain[3].enabled).toBe(false)
    expect(state.scene.chain[4].enabled).toBe(false)
    expect(messages).toEqual([
      'scene.chain[3].enabled must be true or false, got "false": the perturbation stays off.',
      'scene.chain[4].enabled must be true or false, got 1: the perturbation stays off.',
    ])
  })

  it('an unknown colour keeps the background grey, an unknown object shows the dog and cat', () => {
    const { state, messages } = adjustmentsOf((j) => {
      j.scene.background = { kind: 'solid', color: 'notacolor' }
      j.scene.object = { kind: 'builtin', id: 'unicorn' }
    })
    expect(state.scene.background).toEqual({ kind: 'solid', color: '#808080' })
    expect(state.scene.object).toEqual({ kind: 'builtin', id: 'dog-cat' })
    expect(messages).toEqual([
      'scene.object.id "unicorn" is not a built-in object (dog-cat, firetruck-racecar, teapot-mug, goldfish-macaw, airliner-sailboat): showing "dog-cat".',
      'scene.background.color "notacolor" is not a colour: the background stays grey.',
    ])
    expect(adjustmentsOf((j) => (j.scene.background = { kind: 'solid', color: 'Teal' })).messages).toEqual([])
  })

  it('ignores fields it does not know, chain parameters a perturbation lacks, a target that is no class, a negative checkpoint, and says so', () => {
    const { state, messages } = adjustmentsOf((j) => {
      j.atack = { epsilon: 1 }
      j.scene.params.yawn = 3
      j.scene.chain.chain[1].params.hue2 = 1
      j.attack.target = -1
      j.models.model1.checkpoint = -2
    })
    expect(state.attack.target).toBeNull()
    expect(state.models.model1).toEqual({ kind: 'config', id: 'standard' })
    expect(messages).toEqual([
      'atack is not part of the state: ignored.',
      'scene.params.yawn is not a scene parameter (backgroundBlur, backgroundSaturation, textureInfluence, textureBlur, lightingInfluence, overallMorph, shapeMorph, textureMorph, yaw, pitch, distance, panX, panY, roll): ignored.',
      'scene.chain[1].params.hue2 is not a parameter of "hue" (it has hue): ignored.',
      'models.model1.checkpoint -2 is not a checkpoint: the fully trained model is used.',
      'attack.target -1 is not a class index: the attack is untargeted.',
    ])
  })

  it('lists at most 50 adjustments, then counts the rest', () => {
    const { messages } = adjustmentsOf((j) => (j.scene.params = Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`p${i}`, i]))))
    expect(messages).toHaveLength(51)
    expect(messages[49]).toMatch(/^scene\.params\.p49 is not a scene parameter \(.+\): ignored\.$/)
    expect(messages[50]).toBe('…and 20 more changes like these.')
  })

  it('refuses numbers of the wrong type, naming the field', () => {
    expect(refusal((j) => (j.attack.epsilon = '0.1')).message).toBe('attack.epsilon: expected a finite number')
    expect(refusal((j) => (j.scene.params.yaw = '12')).message).toBe('scene.params.yaw: expected a finite number')
    expect(refusal((j) => (j.normalization = null)).field).toBe('normalization')
  })

  it('a state it adjusted encodes to one that decodes to itself with nothing left to adjust', () => {
    const { state } = adjustmentsOf((j) => {
      j.attack.epsilon = 1e9
      j.scene.chain.chain[3].enabled = 'false'
      j.scene.background = { kind: 'solid', color: 'notacolor' }
    })
    const again = decodeAppState(encodeAppState(state))
    expect(again).toEqual({ state, error: null, adjustments: [] })
  })
})

describe('model URLs in links (item 5)', () => {
  it('accepts http(s) and relative URLs, refuses any other scheme', () => {
    for (const url of ['https://example.org/m/model.json', 'http://localhost:8080/model.json', '/zoo/standard/model.json', 'nets/model.json', '//cdn.example.org/model.json']) {
      expect(adjustmentsOf((j) => (j.models.model2 = { kind: 'url', url })).state.models.model2).toEqual({ kind: 'url', url })
    }
    const fallback = defaultAppState()
    const decoded = decodeAppState(linkOf(jsonWith((j) => (j.models.model2 = { kind: 'url', url: 'javascript:alert(1)' }))), fallback)
    expect(decoded).toEqual({ state: fallback, error: `The link's state could not be restored (models.model2.url: "javascript:alert(1)" is not an http(s) or relative URL); showing the default view.`, adjustments: [] })
    for (const url of ['data:application/json,{}', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'file:///etc/passwd', 'blob:https://example.org/x']) {
      const error = refusal((j) => (j.models.model1 = { kind: 'url', url }))
      expect(error.field).toBe('models.model1.url')
      expect(error.message).toBe(`models.model1.url: ${JSON.stringify(url)} is not an http(s) or relative URL`)
    }
  })
})
