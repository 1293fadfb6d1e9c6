/**
 * Sweep specs as files and links hand them over: `parseSweepSpec` reads a spec (JSON text or its
 * parsed value) strictly, refusing anything it cannot run exactly as written with a
 * SweepSpecError naming the field; `sweepSpecToJson` writes one back. Unlike a link's state,
 * nothing in a spec is clamped: a sweep over the wrong range would quietly measure something else.
 */
import { defaultRegistry, type PerturbationRegistry } from '@perturber/perturbations'
import { sceneParamSpecs } from '@perturber/scene'
import type { ModelRole } from '@perturber/viz'
import { quote, type StateAdjustment } from '../state/stateText'
import { AppStateError, appStateFromJson, appStateToJson } from '../state/urlCodec'
import { MAX_LAYER_NAME, at, float32Finite, indexList, list, onlyKeys, own, parseJsonText, record, text, wholeNumber, type Fail } from './check'
import { SWEEP_LIMITS, type SweepAxis, type SweepDesign, type SweepRange, type SweepRecord, type SweepSpec, type SweepTarget } from './types'

export class SweepSpecError extends Error {
  override name = 'SweepSpecError'
  constructor(
    message: string,
    /** the part at fault as the spec's JSON names it, e.g. `design.axes[1].steps`; empty: the whole spec */
    readonly field: string,
  ) {
    super(message)
  }
}

const specFail: Fail = (path, problem) => {
  throw new SweepSpecError(path ? `${path}: ${problem}` : problem, path)
}

/**
 * Reads a sweep spec from JSON text or a parsed JSON value. Throws a {@link SweepSpecError} on
 * anything it would not run as written; values the base state's reader clamped are added to
 * `adjustments` (fields prefixed `base.`).
 */
export function parseSweepSpec(input: unknown, registry: PerturbationRegistry = defaultRegistry, adjustments: StateAdjustment[] = []): SweepSpec {
  const data = typeof input === 'string' ? parseJsonText(input, 'sweep spec', specFail) : input
  return readSweepSpec(data, registry, '', specFail, adjustments)
}

/** {@link parseSweepSpec} for a spec inside a larger document (at `path`), failing through the document's own error. */
export function readSweepSpec(data: unknown, registry: PerturbationRegistry, path: string, fail: Fail, adjustments: StateAdjustment[] = []): SweepSpec {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail(path, `expected a sweep spec (an object), got ${quote(data)}`)
  const o = data as Record<string, unknown>
  if (own(o, 'version') !== 1) fail(at(path, 'version'), `expected 1 (the only sweep spec version), got ${quote(own(o, 'version'))}`)
  onlyKeys(o, ['version', 'design', 'record', 'base'], path, fail)
  const spec: SweepSpec = { version: 1, design: readDesign(own(o, 'design'), at(path, 'design'), registry, fail), record: readRecord(own(o, 'record'), at(path, 'record'), fail) }
  const base = own(o, 'base')
  if (base !== undefined) {
    const basePath = at(path, 'base')
    const found: StateAdjustment[] = []
    try {
      spec.base = appStateFromJson(base, registry, found)
    } catch (e) {
      if (!(e instanceof AppStateError)) throw e
      fail(basePath, e.message)
    }
    adjustments.push(...found.map((a) => ({ field: `${basePath}.${a.field}`, message: `${basePath}.${a.message}` })))
  }
  return spec
}

/** The spec as a plain JSON value (the base state in its link form), which {@link parseSweepSpec} reads back as an equal spec. */
export function sweepSpecToJson(spec: SweepSpec): Record<string, unknown> {
  const json: Record<string, unknown> = { version: spec.version, design: designToJson(spec.design), record: recordToJson(spec.record) }
  if (spec.base) json.base = JSON.parse(JSON.stringify(appStateToJson(spec.base)))
  return json
}

// Keys in one order whatever order a spec was built in: equal specs are equal text (merge compares them so).
const targetToJson = (t: SweepTarget) => (t.kind === 'perturbation' ? { kind: t.kind, id: t.id, param: t.param } : { kind: t.kind, param: t.param })

function designToJson(design: SweepDesign): Record<string, unknown> {
  if (design.kind === 'grid') return { kind: 'grid', axes: design.axes.map((a) => ({ target: targetToJson(a.target), from: a.from, to: a.to, steps: a.steps })) }
  return { kind: 'random', samples: design.samples, seed: design.seed, ranges: design.ranges.map((r) => ({ target: targetToJson(r.target), min: r.min, max: r.max })) }
}

function recordToJson(r: SweepRecord): Record<string, unknown> {
  const copy = (v: unknown) => (Array.isArray(v) ? [...v] : v)
  const keys = ['models', 'classes', 'layer', 'channels', 'attackSteps'] as const
  return Object.fromEntries(keys.filter((k) => r[k] !== undefined).map((k) => [k, copy(r[k])]))
}

/** A target as one short key, unique within a design: `scene.yaw`, `perturbation.hue.hue`, `attack.epsilon`. */
export function targetKey(target: SweepTarget): string {
  return target.kind === 'perturbation' ? `perturbation.${target.id}.${target.param}` : `${target.kind}.${target.param}`
}

/** A target as the controls label it: `Yaw`, `Hue · Hue` (perturbation · parameter), `Attack ε`. */
export function targetLabel(target: SweepTarget, registry: PerturbationRegistry = defaultRegistry): string {
  if (target.kind === 'attack') return 'Attack ε'
  if (target.kind === 'scene') return sceneParamSpecs.find((s) => s.name === target.param)?.label ?? target.param
  const definition = registry.get(target.id)
  const perturbation = definition?.label ?? target.id
  const param = definition?.params.find((p) => p.name === target.param)?.label ?? target.param
  // a one-parameter perturbation usually names its parameter after itself (Alpha · Alpha)
  return param === perturbation ? perturbation : `${perturbation} · ${param}`
}

/** The values a target may take: its slider's range; ε is open at 0 (an ε of 0 is no attack at all). */
export function targetRange(target: SweepTarget, registry: PerturbationRegistry = defaultRegistry): { min: number; max: number; openMin: boolean } {
  if (target.kind === 'attack') return { min: 0, max: SWEEP_LIMITS.attackEpsilon, openMin: true }
  const spec = target.kind === 'scene' ? sceneParamSpecs.find((s) => s.name === target.param) : registry.get(target.id)?.params.find((p) => p.name === target.param)
  if (!spec) throw new Error(`no range for ${targetKey(target)}`)
  return { min: spec.min, max: spec.max, openMin: false }
}

const MODEL_ROLES: readonly ModelRole[] = ['model1', 'model2', 'edited']

function readDesign(value: unknown, path: string, registry: PerturbationRegistry, fail: Fail): SweepDesign {
  const d = record(value, path, fail)
  const kind = own(d, 'kind')
  if (kind === 'grid') {
    onlyKeys(d, ['kind', 'axes'], path, fail)
    const axesPath = at(path, 'axes')
    const items = list(own(d, 'axes'), axesPath, fail, 'a list of 1 or 2 axes')
    if (items.length < 1 || items.length > 2) fail(axesPath, `a grid has 1 or 2 axes, got ${items.length}`)
    const axes = items.map((a, i) => readAxis(a, at(axesPath, i), registry, fail))
    distinctTargets(axes, axesPath, fail)
    const count = axes.reduce((n, a) => n * a.steps, 1)
    if (count > SWEEP_LIMITS.samples) fail(axesPath, `${axes.map((a) => a.steps).join(' × ')} = ${count} samples, more than the ${SWEEP_LIMITS.samples} a sweep may have`)
    return { kind: 'grid', axes: axes as [SweepAxis] | [SweepAxis, SweepAxis] }
  }
  if (kind === 'random') {
    onlyKeys(d, ['kind', 'samples', 'seed', 'ranges'], path, fail)
    const samples = wholeNumber(own(d, 'samples'), at(path, 'samples'), 1, SWEEP_LIMITS.samples, fail, 'a whole number of samples')
    const seed = wholeNumber(own(d, 'seed'), at(path, 'seed'), 0, 2 ** 32 - 1, fail, 'a seed, a whole number')
    const rangesPath = at(path, 'ranges')
    const items = list(own(d, 'ranges'), rangesPath, fail, `a list of 1 to ${SWEEP_LIMITS.ranges} ranges`)
    if (items.length < 1 || items.length > SWEEP_LIMITS.ranges) fail(rangesPath, `expected 1 to ${SWEEP_LIMITS.ranges} ranges, got ${items.length}`)
    const ranges = items.map((r, i) => readRange(r, at(rangesPath, i), registry, fail))
    distinctTargets(ranges, rangesPath, fail)
    return { kind: 'random', samples, seed, ranges }
  }
  return fail(at(path, 'kind'), `unknown design ${quote(kind)} (expected "grid" or "random")`)
}

function readAxis(value: unknown, path: string, registry: PerturbationRegistry, fail: Fail): SweepAxis {
  const a = record(value, path, fail)
  onlyKeys(a, ['target', 'from', 'to', 'steps'], path, fail)
  const target = readTarget(own(a, 'target'), at(path, 'target'), registry, fail)
  return {
    target,
    from: targetValue(own(a, 'from'), at(path, 'from'), target, registry, fail),
    to: targetValue(own(a, 'to'), at(path, 'to'), target, registry, fail),
    steps: wholeNumber(own(a, 'steps'), at(path, 'steps'), 2, SWEEP_LIMITS.axisSteps, fail, 'a whole number of steps'),
  }
}

function readRange(value: unknown, path: string, registry: PerturbationRegistry, fail: Fail): SweepRange {
  const r = record(value, path, fail)
  onlyKeys(r, ['target', 'min', 'max'], path, fail)
  const target = readTarget(own(r, 'target'), at(path, 'target'), registry, fail)
  const min = targetValue(own(r, 'min'), at(path, 'min'), target, registry, fail)
  const max = targetValue(own(r, 'max'), at(path, 'max'), target, registry, fail)
  if (min > max) fail(at(path, 'min'), `${min} is greater than max (${max})`)
  return { target, min, max }
}

function readTarget(value: unknown, path: string, registry: PerturbationRegistry, fail: Fail): SweepTarget {
  const t = record(value, path, fail)
  const kind = own(t, 'kind')
  const param = own(t, 'param')
  if (kind === 'scene') {
    onlyKeys(t, ['kind', 'param'], path, fail)
    const spec = sceneParamSpecs.find((s) => s.name === param)
    if (!spec) fail(at(path, 'param'), `${quote(param)} is not a scene parameter (they are ${sceneParamSpecs.map((s) => s.name).join(', ')})`)
    return { kind, param: spec.name }
  }
  if (kind === 'perturbation') {
    onlyKeys(t, ['kind', 'id', 'param'], path, fail)
    const id = own(t, 'id')
    const definition = typeof id === 'string' ? registry.get(id) : undefined
    if (!definition) fail(at(path, 'id'), `${quote(id)} is not a perturbation (they are ${registry.list().map((p) => p.id).join(', ')})`)
    const spec = definition.params.find((p) => p.name === param)
    if (!spec) fail(at(path, 'param'), `${quote(param)} is not a parameter of "${definition.id}" (it has ${definition.params.map((p) => p.name).join(', ') || 'none'})`)
    return { kind, id: definition.id, param: spec.name }
  }
  if (kind === 'attack') {
    onlyKeys(t, ['kind', 'param'], path, fail)
    if (param !== 'epsilon') fail(at(path, 'param'), `an attack sweep varies "epsilon", got ${quote(param)}`)
    return { kind, param }
  }
  return fail(at(path, 'kind'), `unknown target ${quote(kind)} (expected "scene", "perturbation" or "attack")`)
}

function targetValue(value: unknown, path: string, target: SweepTarget, registry: PerturbationRegistry, fail: Fail): number {
  const n = float32Finite(value, path, fail)
  const { min, max, openMin } = targetRange(target, registry)
  if ((openMin ? n > min : n >= min) && n <= max) return n
  const range = openMin ? `greater than ${min} and at most ${max}` : `from ${min} to ${max}`
  return fail(path, `${n} is outside the range of ${targetLabel(target, registry)} (${range})`)
}

/** One sweep varies each target once: two axes over yaw (or two ε ranges) would make one sample two states. */
function distinctTargets(items: readonly { target: SweepTarget }[], path: string, fail: Fail): void {
  const seen = new Map<string, number>()
  items.forEach(({ target }, i) => {
    const key = targetKey(target)
    const first = seen.get(key)
    if (first !== undefined) fail(at(at(path, i), 'target'), `${key} is already varied by ${at(path, first)}`)
    seen.set(key, i)
  })
}

function readRecord(value: unknown, path: string, fail: Fail): SweepRecord {
  if (value === undefined) return {}
  const r = record(value, path, fail)
  onlyKeys(r, ['models', 'classes', 'layer', 'channels', 'attackSteps'], path, fail)
  const out: SweepRecord = {}
  const models = own(r, 'models')
  if (models !== undefined) out.models = readRoles(models, at(path, 'models'), fail)
  const classes = own(r, 'classes')
  if (classes !== undefined) out.classes = classes === 'top' ? 'top' : indexList(classes, at(path, 'classes'), 1, SWEEP_LIMITS.classes, 'class', fail, 'top')
  const layer = own(r, 'layer')
  if (layer !== undefined) out.layer = text(layer, at(path, 'layer'), 1, MAX_LAYER_NAME, fail, 'a layer name')
  const channels = own(r, 'channels')
  if (channels !== undefined) {
    if (out.layer === undefined) fail(at(path, 'channels'), 'channels of which layer? record.layer is missing')
    out.channels = channels === 'all' ? 'all' : indexList(channels, at(path, 'channels'), 1, SWEEP_LIMITS.channels, 'channel', fail, 'all')
  }
  const attackSteps = own(r, 'attackSteps')
  if (attackSteps !== undefined) out.attackSteps = wholeNumber(attackSteps, at(path, 'attackSteps'), 1, SWEEP_LIMITS.attackSteps, fail, 'a whole number of PGD steps')
  return out
}

/** Distinct model roles; also read by a result's model list. */
export function readRoles(value: unknown, path: string, fail: Fail): ModelRole[] {
  const items = list(value, path, fail, `a list of models (${MODEL_ROLES.join(', ')})`)
  if (items.length === 0) fail(path, 'an empty list records no model (leave it out to record every shown one)')
  return items.map((item, i) => readRole(item, at(path, i), items.slice(0, i), fail))
}

export function readRole(value: unknown, path: string, earlier: readonly unknown[], fail: Fail): ModelRole {
  if (!MODEL_ROLES.includes(value as ModelRole)) fail(path, `${quote(value)} is not a model (expected ${MODEL_ROLES.join(', ')})`)
  if (earlier.includes(value)) fail(path, `${quote(value)} is listed twice`)
  return value as ModelRole
}
