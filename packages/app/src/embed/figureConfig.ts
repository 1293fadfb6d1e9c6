import { defaultRegistry, type ParamSpec, type PerturbationRegistry } from '@perturber/perturbations'
import { sceneParamSpecs, type SceneParamName, type SceneParamSpec } from '@perturber/scene'
import type { AppState } from '../state/appState'
import { AppStateError, appStateFromJson, appStateToJson, checkDepth, parseAppState } from '../state/urlCodec'
import { APP_STATE_LIMITS, isHttpOrRelativeUrl, quote, type StateAdjustment } from '../state/stateText'
import { STATE_HASH_KEY } from '../state/urlHash'

/**
 * A figure attribute (or the React prop of the same name) that cannot be used; the figure shows
 * the message in its place. `attribute` is the attribute's name, e.g. `"state"`.
 */
export class FigureConfigError extends Error {
  override name = 'FigureConfigError'
  constructor(
    readonly attribute: string,
    reason: string,
  ) {
    super(`${attribute}: ${reason}`)
  }
}

/** The parts a figure can show, in the order it lays them out. */
export const FIGURE_PARTS = ['scene', 'controls', 'predictions', 'activations', 'sweep'] as const
export type FigurePart = (typeof FIGURE_PARTS)[number]

/** A parameter a figure exposes as a slider: a scene parameter, or a perturbation's parameter. */
export type FigureControl =
  | { kind: 'scene'; name: SceneParamName; spec: SceneParamSpec }
  | { kind: 'perturbation'; id: string; param: string; label: string; spec: ParamSpec }

const words = (text: string) => text.split(/[\s,]+/).filter(Boolean)

/** `view="scene predictions"`: which parts to show (default: scene and predictions, plus controls when any are named). */
export function parseFigureParts(input: string | readonly string[] | undefined, hasControls: boolean): FigurePart[] {
  const list = input === undefined ? [] : typeof input === 'string' ? words(input) : input
  if (list.length === 0) return hasControls ? ['scene', 'controls', 'predictions'] : ['scene', 'predictions']
  for (const part of list) {
    if (!(FIGURE_PARTS as readonly string[]).includes(part)) throw new FigureConfigError('view', `unknown part "${part}" (choose from ${FIGURE_PARTS.join(', ')}).`)
  }
  return FIGURE_PARTS.filter((p) => list.includes(p))
}

/**
 * `controls="textureMorph adversarial-overlay.attackAlpha"`: scene parameters by name
 * (`sceneParamSpecs`) and perturbation parameters as `perturbationId.param` (the registry's ids).
 */
export function parseFigureControls(input: string | readonly string[] | undefined, registry: PerturbationRegistry = defaultRegistry): FigureControl[] {
  const list = input === undefined ? [] : typeof input === 'string' ? words(input) : input
  return list.map((name): FigureControl => {
    const scene = sceneParamSpecs.find((s) => s.name === name)
    if (scene) return { kind: 'scene', name: scene.name, spec: scene }
    const dot = name.lastIndexOf('.')
    const definition = dot > 0 ? registry.get(name.slice(0, dot)) : undefined
    if (!definition) {
      throw new FigureConfigError(
        'controls',
        `unknown parameter "${name}": use a scene parameter (${sceneParamSpecs.map((s) => s.name).join(', ')}) or perturbationId.parameter, e.g. adversarial-overlay.attackAlpha.`,
      )
    }
    const param = name.slice(dot + 1)
    const spec = definition.params.find((p) => p.name === param)
    if (!spec) throw new FigureConfigError('controls', `the perturbation "${definition.id}" has no parameter "${param}" (it has ${definition.params.map((p) => p.name).join(', ') || 'none'}).`)
    return { kind: 'perturbation', id: definition.id, param, label: `${definition.label}: ${spec.label}`, spec }
  })
}

/** `attack-steps="10"`: PGD steps the figure takes on its own once the scene and the attacked model are ready. */
export function parseAttackSteps(input: string | number | undefined): number {
  if (input === undefined || input === '') return 0
  const n = typeof input === 'number' ? input : Number(input)
  if (!Number.isInteger(n) || n < 0 || n > 200) throw new FigureConfigError('attack-steps', `expected a whole number from 0 to 200, got ${JSON.stringify(input)}.`)
  return n
}

/** `size="224"`: the frame size in pixels (what the models see), default 224. */
export function parseFigureSize(input: string | number | undefined): number {
  if (input === undefined || input === '') return 224
  const n = typeof input === 'number' ? input : Number(input)
  if (!Number.isInteger(n) || n < 32 || n > 1024) throw new FigureConfigError('size', `expected a whole number of pixels from 32 to 1024, got ${JSON.stringify(input)}.`)
  return n
}

/** `app="../index.html"`: the app's page for the "Open in Perturber" link, an http(s) or relative URL; null: no link. */
export function parseAppUrl(input: string | undefined): string | null {
  const url = input?.trim() ?? ''
  if (url === '') return null
  if (url.length > APP_STATE_LIMITS.stringLength || !isHttpOrRelativeUrl(url)) {
    throw new FigureConfigError('app', `${quote(url)} is not an http(s) or relative URL, so the figure shows no "Open in Perturber" link.`)
  }
  return url
}

/**
 * A figure's state, in any form the app's links hold it: a whole link (`…#state=…`), the base64url
 * text after `#state=`, or JSON. JSON is the link's JSON form (`appStateToJson`), whole or in
 * part: what it leaves out comes from `defaults`; objects merge field by field, while sources
 * (objects with a `"kind"`), lists and values replace; `scene.chain` may be a plain list of
 * perturbations (`[{ "id": "adversarial-overlay", "enabled": true, "params": { … } }]`). Throws a
 * {@link FigureConfigError} naming the field at fault (also for text longer or JSON deeper than
 * `APP_STATE_LIMITS`); `adjustments` lists what was clamped or ignored, for the figure to show.
 */
export function readFigureState(input: string | AppState | undefined, defaults: AppState, registry: PerturbationRegistry = defaultRegistry): { state: AppState; adjustments: StateAdjustment[] } {
  const adjustments: StateAdjustment[] = []
  if (input === undefined) return { state: defaults, adjustments }
  if (typeof input !== 'string') return { state: input, adjustments }
  const text = input.trim()
  if (text === '') return { state: defaults, adjustments }
  try {
    if (text.length > APP_STATE_LIMITS.textLength) throw new AppStateError(`the state is ${text.length} characters long, more than the ${APP_STATE_LIMITS.textLength} a figure reads`)
    if (text.startsWith('{')) {
      checkDepth(text)
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch (e) {
        throw new AppStateError(`not valid JSON (${e instanceof Error ? e.message : String(e)})`)
      }
      return { state: appStateFromJson(mergeJson(appStateToJson(defaults), withChainList(json)), registry, adjustments), adjustments }
    }
    const hash = text.includes('#') ? text.slice(text.indexOf('#') + 1) : null
    const encoded = hash === null ? text : new URLSearchParams(hash).get(STATE_HASH_KEY)
    if (encoded === null) throw new AppStateError(`the link has no "#${STATE_HASH_KEY}=" part`)
    return { state: parseAppState(encoded, registry, adjustments), adjustments }
  } catch (e) {
    if (e instanceof AppStateError) throw new FigureConfigError('state', e.message)
    throw e
  }
}

/** {@link readFigureState}'s state alone. */
export function parseFigureState(input: string | AppState | undefined, defaults: AppState, registry: PerturbationRegistry = defaultRegistry): AppState {
  return readFigureState(input, defaults, registry).state
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** `scene.chain` as a plain list → the serialised chain form `{ version: 1, chain }`. */
function withChainList(json: unknown): unknown {
  if (!isObject(json) || !isObject(json.scene) || !Array.isArray(json.scene.chain)) return json
  return { ...json, scene: { ...json.scene, chain: { version: 1, chain: json.scene.chain } } }
}

/**
 * `patch` over `base`: objects merge recursively; sources (with a `kind`), arrays and values
 * replace. Every key becomes an own property (a `"__proto__"` key too, which the state's checks
 * then report), so no patch can change an object's prototype.
 */
export function mergeJson(base: unknown, patch: unknown): unknown {
  if (!isObject(base) || !isObject(patch) || Object.hasOwn(patch, 'kind')) return patch
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(patch)) {
    Object.defineProperty(out, key, { value: Object.hasOwn(base, key) ? mergeJson(base[key], value) : value, enumerable: true, writable: true, configurable: true })
  }
  return out
}
