import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import { defaultRegistry } from '@perturber/perturbations'
import { sceneParamSpecs } from '@perturber/scene'
import { MAX_NEURONS, MIN_NEURONS, epsilonSpec } from '@perturber/viz/controls'
import { fuzz, int, mutateBytes, mutateJson, pickOne, type Random } from '../../../../tests/support/fuzz'
import { FigureConfigError, readFigureState } from '../embed/figureConfig'
import { defaultAppState, type AppState } from './appState'
import { APP_STATE_LIMITS, isHttpOrRelativeUrl, type StateAdjustment } from './stateText'
import { AppStateError, appStateFromJson, appStateToJson, decodeAppState, encodeAppState, parseAppState } from './urlCodec'

/** Valid states to mutate: the defaults, one that differs everywhere, one with custom GLSL and a model by URL. */
function seedStates(): AppState[] {
  const plain = defaultAppState({ kind: 'config', id: 'standard' })
  const busy = defaultAppState({ kind: 'config', id: 'standard', checkpoint: 2 })
  busy.scene.params = { ...busy.scene.params, textureMorph: 0.37, yaw: -12.5, distance: 12 }
  busy.scene.chain = busy.scene.chain.map((s, i) => (i % 3 === 0 ? { ...s, enabled: true } : s)).reverse()
  busy.scene.object = { kind: 'builtin', id: 'teapot-mug' }
  busy.scene.background = { kind: 'solid', color: '#ff00aa' }
  busy.models.model2 = { kind: 'url', url: 'https://example.org/nets/ネット/model.json?v=2' }
  busy.edits = { mix: { mixed3a: 0.5, mixed4b: 1 }, prune: { conv2: [0.25, 0.75] } }
  busy.editingMode = 'prune'
  busy.layer = 'mixed4a_relu'
  busy.neurons = { group: '@index', count: 7, start: 12 }
  busy.normalization = 1.5
  busy.attack = { model: 'edited', target: 3, norm: 'l2', epsilon: 3.25 }
  busy.views = { activations: false, predictions: true, model2: false, edited: true }
  const custom = defaultAppState(null)
  custom.scene.chain = [{ ...defaultRegistry.defaultState('custom-glsl', true), source: 'color.rgb = 1.0 - color.rgb; // é' }, defaultRegistry.defaultState('hue', true)]
  custom.scene.background = { kind: 'hdri', id: 'sunset' }
  custom.models = { model1: { kind: 'url', url: '/zoo/standard/model.json' }, model2: { kind: 'config', id: 'stylized' } }
  return [plain, busy, custom]
}

const MARK = '@@deep@@'

/**
 * JSON text of a mutated value. mutateJson nests lists up to 20,000 deep, past what JSON.stringify
 * (and mutateJson itself) can recurse through: such a list is written by hand.
 */
function toJsonText(value: unknown): string {
  const depths: number[] = []
  const shallow = (node: unknown): unknown => {
    let depth = 0
    for (let v = node; Array.isArray(v) && depth <= 64; v = v[0]) depth++
    if (depth > 64) {
      depth = 0
      for (let v = node; Array.isArray(v); v = v[0]) depth++
      depths.push(depth)
      return MARK
    }
    if (Array.isArray(node)) return node.map(shallow)
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, shallow(v)]))
    return node
  }
  let text = JSON.stringify(shallow(value))
  for (const depth of depths) text = text.replace(`"${MARK}"`, '['.repeat(depth) + ']'.repeat(depth))
  return text
}

const nestsDeeperThan = (node: unknown, depth: number): boolean =>
  typeof node === 'object' && node !== null && (depth === 0 || Object.values(node).some((child) => nestsDeeperThan(child, depth - 1)))

/** One to three structural mutations of a seed state's JSON form (no further once one nested deeply). */
function mutatedJson(random: Random, seeds: readonly AppState[]): unknown {
  let json: unknown = appStateToJson(pickOne(random, seeds))
  for (let i = 0, n = 1 + int(random, 2); i < n; i++) {
    json = mutateJson(json, random)
    if (nestsDeeperThan(json, 64)) break
  }
  return json
}

const linkText = (bytes: Uint8Array) => {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
const latin1 = (bytes: Uint8Array) => Array.from(bytes, (b) => String.fromCharCode(b)).join('')

type Case =
  | { kind: 'object'; json: unknown }
  | { kind: 'link'; text: string }
  | { kind: 'figure'; text: string }

/** Every object in the state plain (no changed prototype, no own `__proto__`), every number finite as float32, every string within the limit. */
function checkPlain(value: unknown, path: string): void {
  if (typeof value === 'number' && !Number.isFinite(Math.fround(value))) throw new Error(`${path}: ${value} is not finite as float32`)
  if (typeof value === 'string' && value.length > APP_STATE_LIMITS.stringLength) throw new Error(`${path}: a string of ${value.length} characters`)
  if (typeof value !== 'object' || value === null) return
  if (Object.getPrototypeOf(value) !== (Array.isArray(value) ? Array.prototype : Object.prototype)) throw new Error(`${path}: an object with another prototype`)
  if (Object.hasOwn(value, '__proto__')) throw new Error(`${path}: an own "__proto__" key`)
  for (const [key, child] of Object.entries(value)) checkPlain(child, `${path}.${key}`)
}

const within = (value: number, min: number, max: number, path: string) => {
  if (!(value >= min && value <= max)) throw new Error(`${path}: ${value} is outside [${min}, ${max}]`)
}

/** The documented bounds of a decoded state; throws a plain Error (an internal error to the fuzzer) when one does not hold. */
function checkState(state: AppState, adjustments: readonly StateAdjustment[]): void {
  checkPlain(state, 'state')
  const { chain, params } = state.scene
  if (chain.length > defaultRegistry.list().length) throw new Error(`a chain of ${chain.length}`)
  if (new Set(chain.map((s) => s.id)).size !== chain.length) throw new Error('a perturbation twice in the chain')
  for (const s of chain) {
    const definition = defaultRegistry.get(s.id)
    if (!definition || typeof s.enabled !== 'boolean') throw new Error(`chain entry ${s.id}`)
    for (const spec of definition.params) within(s.params[spec.name], spec.min, spec.max, `${s.id}.${spec.name}`)
  }
  for (const spec of sceneParamSpecs) within(params[spec.name], spec.min, spec.max, `scene.params.${spec.name}`)
  for (const source of [state.models.model1, state.models.model2]) {
    if (source?.kind === 'url' && !isHttpOrRelativeUrl(source.url)) throw new Error(`model URL ${source.url}`)
    if (source?.kind === 'config' && source.checkpoint !== undefined) within(source.checkpoint, 0, Number.MAX_SAFE_INTEGER, 'checkpoint')
  }
  for (const [unit, alpha] of Object.entries(state.edits.mix)) within(alpha, 0, 1, `edits.mix.${unit}`)
  for (const [layer, [lower, upper]] of Object.entries(state.edits.prune)) {
    within(lower, 0, upper, `edits.prune.${layer}`)
    within(upper, lower, 1, `edits.prune.${layer}`)
  }
  within(state.neurons.count, MIN_NEURONS, MAX_NEURONS, 'neurons.count')
  if (state.neurons.start !== undefined) within(state.neurons.start, 0, APP_STATE_LIMITS.channelIndex, 'neurons.start')
  within(state.normalization, 0, 4, 'normalization')
  within(state.attack.epsilon, 0, epsilonSpec(state.attack.norm, 1024, 1024).max, 'attack.epsilon')
  if (state.attack.target !== null) within(state.attack.target, 0, APP_STATE_LIMITS.classIndex, 'attack.target')
  for (const a of adjustments) if (typeof a.field !== 'string' || typeof a.message !== 'string' || !a.message.endsWith('.')) throw new Error(`adjustment ${JSON.stringify(a)}`)
  // what was decoded re-encodes within the limit, to a text that decodes to itself with nothing to adjust
  const text = encodeAppState(state)
  if (text.length > APP_STATE_LIMITS.textLength) throw new Error(`re-encoded to ${text.length} characters`)
  const again: StateAdjustment[] = []
  if (!isDeepStrictEqual(parseAppState(text, defaultRegistry, again), state) || again.length) throw new Error(`does not decode to itself (${again.map((a) => a.message).join(' ')})`)
}

describe('link state under seeded mutation (issue 12)', () => {
  it('ends every mutated link, JSON form and figure attribute in a valid, bounded state or a typed error, fast', async () => {
    const seeds = seedStates()
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype)
    const fallback = defaultAppState({ kind: 'config', id: 'previous' })
    const started = performance.now()
    const report = await fuzz<Case>(
      { cases: 4000, seed: 12, slowMs: 250 },
      (random, index): Case => {
        switch (index % 5) {
          case 0:
            return { kind: 'object', json: mutatedJson(random, seeds) }
          case 1:
            return { kind: 'link', text: linkText(new TextEncoder().encode(toJsonText(mutatedJson(random, seeds)))) }
          case 2:
            return { kind: 'link', text: latin1(mutateBytes(new TextEncoder().encode(encodeAppState(pickOne(random, seeds))), random)) }
          case 3:
            return { kind: 'link', text: linkText(mutateBytes(new TextEncoder().encode(JSON.stringify(appStateToJson(pickOne(random, seeds)))), random)) }
          default:
            return { kind: 'figure', text: toJsonText(mutatedJson(random, seeds)) }
        }
      },
      (input) => {
        if (input.kind === 'figure') {
          const { state, adjustments } = readFigureState(input.text, seeds[0])
          return checkState(state, adjustments)
        }
        const adjustments: StateAdjustment[] = []
        if (input.kind === 'object') return checkState(appStateFromJson(input.json, defaultRegistry, adjustments), adjustments)
        // decodeAppState never throws: the state read, or the previous one with a message
        const decoded = decodeAppState(input.text, fallback)
        if (decoded.error !== null && (decoded.state !== fallback || decoded.adjustments.length)) throw new Error('an error without the previous state')
        const state = parseAppState(input.text, defaultRegistry, adjustments)
        if (decoded.error !== null || !isDeepStrictEqual(decoded, { state, error: null, adjustments })) throw new Error('decodeAppState and parseAppState disagree')
        checkState(state, adjustments)
      },
      (error) => error instanceof AppStateError || error instanceof FigureConfigError,
    )
    const seconds = (performance.now() - started) / 1000
    console.log(`[state fuzz] ${JSON.stringify(report.counts)} in ${seconds.toFixed(1)} s`)
    expect(report.problems).toEqual([])
    expect(report.counts.internal + report.counts.slow).toBe(0)
    // both outcomes are exercised: mutations that are adjusted and read, and mutations refused
    expect(report.counts.ok).toBeGreaterThan(500)
    expect(report.counts.typed).toBeGreaterThan(500)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeKeys)
    expect(seconds).toBeLessThan(20)
  })
})
