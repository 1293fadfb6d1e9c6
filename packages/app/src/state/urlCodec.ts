import { ChainParseError, defaultRegistry, parseChain, serializeChain, type PerturbationRegistry } from '@perturber/perturbations'
import { sceneParamSpecs, type BackgroundSource, type ObjectSource, type SceneParams } from '@perturber/scene'
import { BUILTIN_BACKGROUND_IDS } from '@perturber/scene/core'
import { builtinObjects } from '@perturber/scene/objects'
import { MAX_NEURONS, MIN_NEURONS, epsilonSpec } from '@perturber/viz/controls'
import { type AttackSettings, type NeuronSelection } from '@perturber/viz'
import { Color } from 'three'
import { parseSweepSpec, sweepSpecToJson, SweepSpecError } from '../sweep/spec'
import { defaultAppState, type AppEdits, type AppState, type AppViews, type LinkSweep, type ModelSource } from './appState'
import { APP_STATE_LIMITS, isHttpOrRelativeUrl, jsonDepth, quote, type StateAdjustment } from './stateText'

/** Format version of the encoded state; bump it when the layout changes incompatibly. */
export const APP_STATE_VERSION = 1

/**
 * Thrown (and reported by {@link decodeAppState}) when a link's state cannot be read; `field`
 * names the part at fault (e.g. `"models.model2.url"`) where there is one.
 */
export class AppStateError extends Error {
  override name = 'AppStateError'
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message)
  }
}

/** The state as compact, URL-safe text: base64url of its JSON (no padding). */
export function encodeAppState(state: AppState): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(appStateToJson(state))))
}

/** The state's JSON form, as links encode it (and {@link appStateFromJson} reads it). */
export function appStateToJson(state: AppState): Record<string, unknown> {
  const { scene, sweep, ...rest } = state
  // the sweep in the spec's own key order: equal states give equal links
  const sweepJson = sweep && (({ version: _version, ...json }) => json)(sweepSpecToJson({ version: 1, ...sweep }))
  return { v: APP_STATE_VERSION, ...rest, sweep: sweepJson, scene: { ...scene, chain: serializeChain(scene.chain) } }
}

export interface DecodedAppState {
  state: AppState
  /** why the text could not be read (the state is then `fallback`); null on success */
  error: string | null
  /** what the link asked for that was changed or ignored (out of range, wrong kind of value), to show the user; empty on error */
  adjustments: StateAdjustment[]
}

/**
 * Reads a state written by {@link encodeAppState}. Never throws: a corrupt, foreign or oversized
 * text (see `APP_STATE_LIMITS`) gives `fallback` (the defaults unless given) and an `error` to
 * show the user; values it clamped or ignored are listed in `adjustments`.
 */
export function decodeAppState(text: string, fallback: AppState = defaultAppState(), registry: PerturbationRegistry = defaultRegistry): DecodedAppState {
  const adjustments: StateAdjustment[] = []
  try {
    return { state: parseAppState(text, registry, adjustments), error: null, adjustments }
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e)
    return { state: fallback, error: `The link's state could not be restored (${reason}); showing the default view.`, adjustments: [] }
  }
}

/** Like {@link decodeAppState} but throws an {@link AppStateError}; what it changed is added to `adjustments`. */
export function parseAppState(text: string, registry: PerturbationRegistry = defaultRegistry, adjustments: StateAdjustment[] = []): AppState {
  if (text.length > APP_STATE_LIMITS.textLength) throw new AppStateError(`the state is ${text.length} characters long, more than the ${APP_STATE_LIMITS.textLength} a link may hold`)
  let json: string
  try {
    json = new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(text))
  } catch {
    throw new AppStateError('not valid base64url-encoded JSON')
  }
  checkDepth(json)
  let data: unknown
  try {
    data = JSON.parse(json)
  } catch {
    throw new AppStateError('not valid base64url-encoded JSON')
  }
  return appStateFromJson(data, registry, adjustments)
}

/** Refuses JSON text nesting deeper than `APP_STATE_LIMITS.depth`, before anything parses it. */
export function checkDepth(json: string): void {
  if (jsonDepth(json, APP_STATE_LIMITS.depth) > APP_STATE_LIMITS.depth) throw new AppStateError(`the state nests objects and lists more than ${APP_STATE_LIMITS.depth} deep`)
}

type Note = (field: string, message: string) => void

/**
 * Checks a state in its JSON form (what {@link encodeAppState} encodes: `{ v, scene: { chain:
 * serializeChain(…), … }, models, … }`), e.g. parsed from a figure's `state` attribute. Throws an
 * {@link AppStateError} naming the field at fault (a missing part, a value of the wrong type, a
 * model URL that is not http(s) or relative, a chain naming a perturbation twice, a state larger
 * than `APP_STATE_LIMITS`). Numbers out of range are clamped, unknown fields ignored, and an
 * unknown colour, built-in object or class index replaced by the default; each such change is
 * added to `adjustments` in the user's terms (at most {@link MAX_ADJUSTMENTS}, the last one then
 * counting the rest).
 */
export function appStateFromJson(data: unknown, registry: PerturbationRegistry = defaultRegistry, adjustments: StateAdjustment[] = []): AppState {
  const found: StateAdjustment[] = []
  const note: Note = (field, message) => found.push({ field, message: `${field} ${message}` })
  if (!isRecord(data)) throw new AppStateError('not an object')
  if (data.v !== APP_STATE_VERSION) throw new AppStateError(`unknown state version ${quote(data.v)}`, 'v')
  onlyKnown(data, ['v', 'scene', 'models', 'edits', 'editingMode', 'layer', 'neurons', 'normalization', 'attack', 'views', 'predictionValues', 'featureVis', 'sweep'], '', note)
  const scene = record(data.scene, 'scene')
  onlyKnown(scene, ['params', 'chain', 'object', 'background'], 'scene', note)
  const params = sceneParams(record(scene.params, 'scene.params'), note)
  let chain
  try {
    chain = parseChain(scene.chain, registry, { field: 'scene.chain', adjustments: found })
  } catch (e) {
    if (!(e instanceof ChainParseError)) throw e
    throw new AppStateError(e.message.startsWith('scene.chain') ? e.message : `scene.chain: ${e.message}`, 'scene.chain')
  }
  const models = record(data.models, 'models')
  onlyKnown(models, ['model1', 'model2'], 'models', note)
  const state: AppState = {
    scene: { params, chain, object: objectSource(scene.object, note), background: backgroundSource(scene.background, note) },
    models: { model1: modelSource(models.model1, 'models.model1', note), model2: modelSource(models.model2, 'models.model2', note) },
    edits: edits(data.edits, note),
    editingMode: oneOf(data.editingMode, ['mix', 'prune'] as const, 'editingMode'),
    layer: data.layer === null ? null : string(data.layer, 'layer'),
    neurons: neurons(data.neurons, note),
    normalization: ranged(data.normalization, 'normalization', NORMALIZATION_RANGE.min, NORMALIZATION_RANGE.max, note),
    attack: attack(data.attack, note),
    views: views(data.views, note),
    // added after the first links were shared: absent means the default
    predictionValues: choice(data.predictionValues, ['probabilities', 'logits'] as const, 'predictionValues', note),
    featureVis: choice(data.featureVis, ['decorrelated', 'naive'] as const, 'featureVis', note),
    sweep: linkSweep(data.sweep, registry, note),
  }
  const size = encodedLength(JSON.stringify(appStateToJson(state)))
  if (size > APP_STATE_LIMITS.textLength) throw new AppStateError(`the state takes ${size} characters encoded, more than the ${APP_STATE_LIMITS.textLength} a link may hold`)
  adjustments.push(...found.slice(0, MAX_ADJUSTMENTS))
  if (found.length > MAX_ADJUSTMENTS) adjustments.push({ field: 'state', message: `…and ${found.length - MAX_ADJUSTMENTS} more changes like these.` })
  return state
}

/**
 * The link's sweep, checked as a sweep spec whose base is the link's own state. One that cannot be
 * read is left out (and said): the rest of the link still opens.
 */
function linkSweep(value: unknown, registry: PerturbationRegistry, note: Note): LinkSweep | null {
  if (value === undefined || value === null) return null
  try {
    if (isRecord(value) && 'base' in value) throw new SweepSpecError('base: a link\'s sweep starts from the link\'s own state, so it has no base', 'base')
    const { design, record } = parseSweepSpec({ version: 1, ...(isRecord(value) ? value : { design: value }) }, registry)
    return { design, record }
  } catch (e) {
    if (!(e instanceof SweepSpecError)) throw e
    note('sweep', `was left out: ${e.message.replace(/\.?$/, '.')}`)
    return null
  }
}

/** The most adjustments listed one by one for a state; a state this far off is summarised. */
const MAX_ADJUSTMENTS = 50

/** The activation normalisation slider's range (log10 of the divisor; 0 = automatic), as `NormalizationSlider` offers it. */
const NORMALIZATION_RANGE = { min: 0, max: 4 }
/** The largest frame a figure renders (`size` attribute): the L2 ε slider's range grows with the frame. */
const LARGEST_FRAME = 1024
/** The colour a solid background takes when its colour is not one (the renderer's grey). */
const DEFAULT_SOLID_COLOR = '#808080'

function sceneParams(input: Record<string, unknown>, note: Note): SceneParams {
  const out = {} as SceneParams
  for (const key of Object.keys(input)) {
    if (!sceneParamSpecs.some((s) => s.name === key)) note(field('scene.params', key), `is not a scene parameter (${sceneParamSpecs.map((s) => s.name).join(', ')}): ignored.`)
  }
  for (const s of sceneParamSpecs) out[s.name] = input[s.name] === undefined ? s.default : ranged(input[s.name], `scene.params.${s.name}`, s.min, s.max, note)
  return out
}

function objectSource(value: unknown, note: Note): ObjectSource {
  const o = record(value, 'scene.object')
  onlyKnown(o, ['kind', o.kind === 'builtin' ? 'id' : o.kind === 'user' ? 'name' : 'label'], 'scene.object', note)
  if (o.kind === 'builtin') {
    const id = string(o.id, 'scene.object.id')
    if (Object.hasOwn(builtinObjects, id)) return { kind: 'builtin', id }
    const fallback = 'dog-cat'
    note('scene.object.id', `${quote(id)} is not a built-in object (${Object.keys(builtinObjects).join(', ')}): showing "${fallback}".`)
    return { kind: 'builtin', id: fallback }
  }
  if (o.kind === 'user') return { kind: 'user', name: string(o.name, 'scene.object.name') }
  if (o.kind === 'feature-vis') return { kind: 'feature-vis', label: string(o.label, 'scene.object.label') }
  throw new AppStateError(`scene.object: unknown kind ${quote(o.kind)}`, 'scene.object')
}

function backgroundSource(value: unknown, note: Note): BackgroundSource {
  const b = record(value, 'scene.background')
  onlyKnown(b, ['kind', b.kind === 'hdri' ? 'id' : b.kind === 'solid' ? 'color' : 'name'], 'scene.background', note)
  if (b.kind === 'hdri') return { kind: 'hdri', id: oneOf(b.id, BUILTIN_BACKGROUND_IDS, 'scene.background.id') }
  if (b.kind === 'solid') {
    const color = string(b.color, 'scene.background.color')
    if (isColor(color)) return { kind: 'solid', color }
    note('scene.background.color', `${quote(color)} is not a colour: the background stays grey.`)
    return { kind: 'solid', color: DEFAULT_SOLID_COLOR }
  }
  if (b.kind === 'image') return { kind: 'image', name: string(b.name, 'scene.background.name') }
  throw new AppStateError(`scene.background: unknown kind ${quote(b.kind)}`, 'scene.background')
}

/** What the renderer's `new Color(text)` reads as intended: `#rgb`, `#rrggbb` or a CSS colour name. */
const isColor = (text: string) => /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.test(text) || Object.hasOwn(Color.NAMES, text.toLowerCase())

function modelSource(value: unknown, path: string, note: Note): ModelSource | null {
  if (value === null) return null
  const m = record(value, path)
  if (m.kind === 'url') {
    onlyKnown(m, ['kind', 'url'], path, note)
    const url = string(m.url, `${path}.url`)
    if (!isHttpOrRelativeUrl(url)) throw new AppStateError(`${path}.url: ${quote(url)} is not an http(s) or relative URL`, `${path}.url`)
    return { kind: 'url', url }
  }
  if (m.kind === 'config') {
    onlyKnown(m, ['kind', 'id', 'checkpoint'], path, note)
    const id = string(m.id, `${path}.id`)
    if (m.checkpoint === undefined) return { kind: 'config', id }
    const checkpoint = integer(m.checkpoint, `${path}.checkpoint`)
    // beyond 2^53 − 1 integers are no longer exact: no zoo has that many checkpoints anyway
    if (checkpoint >= 0 && checkpoint <= Number.MAX_SAFE_INTEGER) return { kind: 'config', id, checkpoint }
    note(`${path}.checkpoint`, `${checkpoint} is not a checkpoint: the fully trained model is used.`)
    return { kind: 'config', id }
  }
  throw new AppStateError(`${path}: unknown kind ${quote(m.kind)}`, path)
}

function edits(value: unknown, note: Note): AppEdits {
  const e = record(value, 'edits')
  onlyKnown(e, ['mix', 'prune'], 'edits', note)
  const mix: AppEdits['mix'] = {}
  for (const [unit, alpha] of entries(e.mix, 'edits.mix', note)) mix[unit] = ranged(alpha, field('edits.mix', unit), 0, 1, note)
  const prune: AppEdits['prune'] = {}
  for (const [layer, range] of entries(e.prune, 'edits.prune', note)) {
    const path = field('edits.prune', layer)
    if (!Array.isArray(range) || range.length !== 2) throw new AppStateError(`${path}: expected [lower, upper]`, path)
    const lower = ranged(range[0], `${path}[0]`, 0, 1, note)
    const upper = ranged(range[1], `${path}[1]`, 0, 1, note)
    if (upper < lower) note(path, `[${lower}, ${upper}] has its upper bound below its lower: set to [${lower}, ${lower}].`)
    prune[layer] = [lower, Math.max(lower, upper)]
  }
  return { mix, prune }
}

/** An edits map's entries (at most `APP_STATE_LIMITS.editEntries`), without a `__proto__` key. */
function entries(value: unknown, path: string, note: Note): [string, unknown][] {
  const list = Object.entries(record(value, path))
  if (list.length > APP_STATE_LIMITS.editEntries) throw new AppStateError(`${path}: ${list.length} entries, more than the ${APP_STATE_LIMITS.editEntries} allowed`, path)
  return list.filter(([key]) => {
    if (key.length > APP_STATE_LIMITS.stringLength) throw new AppStateError(`${path}: a layer name longer than ${APP_STATE_LIMITS.stringLength} characters`, path)
    if (key !== '__proto__') return true
    note(field(path, key), 'is not a layer name: ignored.')
    return false
  })
}

function neurons(value: unknown, note: Note): NeuronSelection {
  const n = record(value, 'neurons')
  onlyKnown(n, ['group', 'count', 'start'], 'neurons', note)
  const selection: NeuronSelection = { group: string(n.group, 'neurons.group'), count: ranged(integer(n.count, 'neurons.count'), 'neurons.count', MIN_NEURONS, MAX_NEURONS, note) }
  if (n.start !== undefined) selection.start = ranged(integer(n.start, 'neurons.start'), 'neurons.start', 0, APP_STATE_LIMITS.channelIndex, note)
  return selection
}

function attack(value: unknown, note: Note): AttackSettings {
  const a = record(value, 'attack')
  onlyKnown(a, ['model', 'target', 'norm', 'epsilon'], 'attack', note)
  let target = a.target === null ? null : integer(a.target, 'attack.target')
  if (target !== null && !(target >= 0 && target <= APP_STATE_LIMITS.classIndex)) {
    note('attack.target', `${target} is not a class index: the attack is untargeted.`)
    target = null
  }
  const norm = oneOf(a.norm, ['linf', 'l2'] as const, 'attack.norm')
  const { max } = epsilonSpec(norm, LARGEST_FRAME, LARGEST_FRAME)
  const show = norm === 'linf' ? (x: number) => `${Number(x.toFixed(2))} (${Math.round(x * 255)}/255)` : (x: number) => String(Number(x.toPrecision(4)))
  return { model: oneOf(a.model, ['model1', 'model2', 'edited'] as const, 'attack.model'), target, norm, epsilon: ranged(a.epsilon, 'attack.epsilon', 0, max, note, show) }
}

function views(value: unknown, note: Note): AppViews {
  const v = record(value, 'views')
  onlyKnown(v, ['activations', 'predictions', 'model2', 'edited'], 'views', note)
  const flag = (key: keyof AppViews) => {
    if (typeof v[key] !== 'boolean') throw new AppStateError(`views.${key}: expected true or false`, `views.${key}`)
    return v[key] as boolean
  }
  return { activations: flag('activations'), predictions: flag('predictions'), model2: flag('model2'), edited: flag('edited') }
}

/** `path.key`, the key cut short when it is long. */
const field = (path: string, key: string) => `${path ? `${path}.` : ''}${key.length > 60 ? `${key.slice(0, 59)}…` : key}`

function onlyKnown(o: Record<string, unknown>, keys: readonly string[], path: string, note: Note): void {
  for (const key of Object.keys(o)) if (!keys.includes(key)) note(field(path, key), 'is not part of the state: ignored.')
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

function record(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) throw new AppStateError(`${path}: expected an object`, path)
  return value
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new AppStateError(`${path}: expected a string`, path)
  if (value.length > APP_STATE_LIMITS.stringLength) throw new AppStateError(`${path}: longer than ${APP_STATE_LIMITS.stringLength} characters`, path)
  return value
}

function finite(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new AppStateError(`${path}: expected a finite number`, path)
  return value === 0 ? 0 : value // -0 is written as 0
}

function integer(value: unknown, path: string): number {
  const n = finite(value, path)
  if (!Number.isInteger(n)) throw new AppStateError(`${path}: expected an integer`, path)
  return n
}

/**
 * A finite number clamped into [min, max], with a note when it was not in it. Every range is
 * small, so what comes out is also finite as the float32 the GPU and TF.js compute with.
 */
function ranged(value: unknown, path: string, min: number, max: number, note: Note, show: (x: number) => string = String): number {
  const n = finite(value, path)
  if (n >= min && n <= max) return n
  const clamped = n < min ? min : max
  note(path, `${n} is out of range: set to ${show(clamped)}, the ${n < min ? 'smallest' : 'largest'} allowed.`)
  return clamped
}

/** One of `options`; absent gives the first, anything else the first with a note. */
function choice<T extends string>(value: unknown, options: readonly T[], path: string, note: Note): T {
  if (value === undefined) return options[0]
  if (options.includes(value as T)) return value as T
  note(path, `${quote(value)} is not one of ${options.join(', ')}: showing ${options[0]}.`)
  return options[0]
}

function oneOf<T extends string>(value: unknown, options: readonly T[], path: string): T {
  if (!options.includes(value as T)) throw new AppStateError(`${path}: expected one of ${options.join(', ')}`, path)
  return value as T
}

/** The length of {@link toBase64Url} of a text's UTF-8 bytes, without encoding it. */
export function encodedLength(text: string): number {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) bytes += 1
    else if (c < 0x800) bytes += 2
    else if (c >= 0xd800 && c < 0xdc00 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4 // a surrogate pair
      i++
    } else bytes += 3 // lone surrogates are written as U+FFFD
  }
  return Math.ceil((bytes * 4) / 3)
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new AppStateError('characters outside base64url')
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
