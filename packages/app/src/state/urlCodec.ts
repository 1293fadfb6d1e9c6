import { defaultRegistry, parseChain, serializeChain, type PerturbationRegistry } from '@perturber/perturbations'
import { sanitizeSceneParams } from '@perturber/scene/core'
import { type BackgroundSource, type ObjectSource } from '@perturber/scene'
import { MAX_NEURONS, MIN_NEURONS } from '@perturber/viz/controls'
import { type AttackSettings, type NeuronSelection } from '@perturber/viz'
import { defaultAppState, type AppEdits, type AppState, type AppViews, type ModelSource } from './appState'

/** Format version of the encoded state; bump it when the layout changes incompatibly. */
export const APP_STATE_VERSION = 1

/** Thrown (and reported by {@link decodeAppState}) when a link's state cannot be read. */
export class AppStateError extends Error {
  override name = 'AppStateError'
}

/** The state as compact, URL-safe text: base64url of its JSON (no padding). */
export function encodeAppState(state: AppState): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(appStateToJson(state))))
}

/** The state's JSON form, as links encode it (and {@link appStateFromJson} reads it). */
export function appStateToJson(state: AppState): Record<string, unknown> {
  const { scene, ...rest } = state
  return { v: APP_STATE_VERSION, ...rest, scene: { ...scene, chain: serializeChain(scene.chain) } }
}

export interface DecodedAppState {
  state: AppState
  /** why the text could not be read (the state is then `fallback`); null on success */
  error: string | null
}

/**
 * Reads a state written by {@link encodeAppState}. Never throws: a corrupt or foreign text gives
 * `fallback` (the defaults unless given) and an `error` to show the user.
 */
export function decodeAppState(text: string, fallback: AppState = defaultAppState(), registry: PerturbationRegistry = defaultRegistry): DecodedAppState {
  try {
    return { state: parseAppState(text, registry), error: null }
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e)
    return { state: fallback, error: `The link's state could not be restored (${reason}); showing the default view.` }
  }
}

/** Like {@link decodeAppState} but throws an {@link AppStateError}. */
export function parseAppState(text: string, registry: PerturbationRegistry = defaultRegistry): AppState {
  let data: unknown
  try {
    data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(text)))
  } catch {
    throw new AppStateError('not valid base64url-encoded JSON')
  }
  return appStateFromJson(data, registry)
}

/**
 * Checks a state in its JSON form (what {@link encodeAppState} encodes: `{ v, scene: { chain:
 * serializeChain(…), … }, models, … }`), e.g. parsed from a figure's `state` attribute. Throws an
 * {@link AppStateError} naming the field at fault; clamps numbers like {@link parseAppState}.
 */
export function appStateFromJson(data: unknown, registry: PerturbationRegistry = defaultRegistry): AppState {
  if (!isRecord(data)) throw new AppStateError('not an object')
  if (data.v !== APP_STATE_VERSION) throw new AppStateError(`unknown state version ${JSON.stringify(data.v)}`)
  const scene = record(data.scene, 'scene')
  let chain
  try {
    chain = parseChain(scene.chain, registry)
  } catch (e) {
    throw new AppStateError(`scene.chain: ${(e as Error).message}`)
  }
  const models = record(data.models, 'models')
  return {
    scene: {
      params: sanitizeSceneParams(record(scene.params, 'scene.params')),
      chain,
      object: objectSource(scene.object),
      background: backgroundSource(scene.background),
    },
    models: { model1: modelSource(models.model1, 'models.model1'), model2: modelSource(models.model2, 'models.model2') },
    edits: edits(data.edits),
    editingMode: oneOf(data.editingMode, ['mix', 'prune'] as const, 'editingMode'),
    layer: data.layer === null ? null : string(data.layer, 'layer'),
    neurons: neurons(data.neurons),
    normalization: finite(data.normalization, 'normalization'),
    attack: attack(data.attack),
    views: views(data.views),
  }
}

function objectSource(value: unknown): ObjectSource {
  const o = record(value, 'scene.object')
  if (o.kind === 'builtin') return { kind: 'builtin', id: string(o.id, 'scene.object.id') }
  if (o.kind === 'user') return { kind: 'user', name: string(o.name, 'scene.object.name') }
  if (o.kind === 'feature-vis') return { kind: 'feature-vis', label: string(o.label, 'scene.object.label') }
  throw new AppStateError(`scene.object: unknown kind ${JSON.stringify(o.kind)}`)
}

function backgroundSource(value: unknown): BackgroundSource {
  const b = record(value, 'scene.background')
  if (b.kind === 'hdri') return { kind: 'hdri', id: oneOf(b.id, ['park', 'city', 'forest', 'sunset'] as const, 'scene.background.id') }
  if (b.kind === 'solid') return { kind: 'solid', color: string(b.color, 'scene.background.color') }
  if (b.kind === 'image') return { kind: 'image', name: string(b.name, 'scene.background.name') }
  throw new AppStateError(`scene.background: unknown kind ${JSON.stringify(b.kind)}`)
}

function modelSource(value: unknown, path: string): ModelSource | null {
  if (value === null) return null
  const m = record(value, path)
  if (m.kind === 'url') return { kind: 'url', url: string(m.url, `${path}.url`) }
  if (m.kind === 'config') {
    const id = string(m.id, `${path}.id`)
    return m.checkpoint === undefined ? { kind: 'config', id } : { kind: 'config', id, checkpoint: integer(m.checkpoint, `${path}.checkpoint`) }
  }
  throw new AppStateError(`${path}: unknown kind ${JSON.stringify(m.kind)}`)
}

function edits(value: unknown): AppEdits {
  const e = record(value, 'edits')
  const mix: AppEdits['mix'] = {}
  for (const [unit, alpha] of Object.entries(record(e.mix, 'edits.mix'))) mix[unit] = clamp01(finite(alpha, `edits.mix.${unit}`))
  const prune: AppEdits['prune'] = {}
  for (const [layer, range] of Object.entries(record(e.prune, 'edits.prune'))) {
    if (!Array.isArray(range) || range.length !== 2) throw new AppStateError(`edits.prune.${layer}: expected [lower, upper]`)
    const lower = clamp01(finite(range[0], `edits.prune.${layer}`))
    prune[layer] = [lower, Math.max(lower, clamp01(finite(range[1], `edits.prune.${layer}`)))]
  }
  return { mix, prune }
}

function neurons(value: unknown): NeuronSelection {
  const n = record(value, 'neurons')
  const count = Math.min(MAX_NEURONS, Math.max(MIN_NEURONS, integer(n.count, 'neurons.count')))
  const selection: NeuronSelection = { group: string(n.group, 'neurons.group'), count }
  if (n.start !== undefined) selection.start = Math.max(0, integer(n.start, 'neurons.start'))
  return selection
}

function attack(value: unknown): AttackSettings {
  const a = record(value, 'attack')
  return {
    model: oneOf(a.model, ['model1', 'model2', 'edited'] as const, 'attack.model'),
    target: a.target === null ? null : integer(a.target, 'attack.target'),
    norm: oneOf(a.norm, ['linf', 'l2'] as const, 'attack.norm'),
    epsilon: Math.max(0, finite(a.epsilon, 'attack.epsilon')),
  }
}

function views(value: unknown): AppViews {
  const v = record(value, 'views')
  const flag = (key: keyof AppViews) => {
    if (typeof v[key] !== 'boolean') throw new AppStateError(`views.${key}: expected true or false`)
    return v[key] as boolean
  }
  return { activations: flag('activations'), predictions: flag('predictions'), model2: flag('model2'), edited: flag('edited') }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

function record(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) throw new AppStateError(`${path}: expected an object`)
  return value
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new AppStateError(`${path}: expected a string`)
  return value
}

function finite(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new AppStateError(`${path}: expected a finite number`)
  return value
}

function integer(value: unknown, path: string): number {
  const n = finite(value, path)
  if (!Number.isInteger(n)) throw new AppStateError(`${path}: expected an integer`)
  return n
}

function oneOf<T extends string>(value: unknown, options: readonly T[], path: string): T {
  if (!options.includes(value as T)) throw new AppStateError(`${path}: expected one of ${options.join(', ')}`)
  return value as T
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x))

function toBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new AppStateError('characters outside base64url')
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}
