/**
 * Readers for the parts of an imported sweep result that the JSON and the CSV importer share:
 * the model list and one model's numbers on one sample. Numbers come back as float32 values (what
 * the models computed), so a result read from either file exports to the same bytes again.
 */
import { APP_STATE_LIMITS } from '../state/stateText'
import { MAX_INDEX, MAX_LAYER_NAME, at, float32Finite, indexList, list, onlyKeys, own, record, text, wholeNumber, type Fail } from './check'
import { readRole } from './spec'
import { SWEEP_LIMITS, type SweepModelInfo, type SweepModelValues, type SweepSampleResult } from './types'

/** How many classes a sample's `top` lists at most. */
export const TOP_CLASSES = 5

/** The longest model name, class label or problem a result may hold. */
export const MAX_TEXT = APP_STATE_LIMITS.stringLength

// Keys in one order whatever order a result was built in: equal results are equal text.
export const modelInfoToJson = (m: SweepModelInfo): SweepModelInfo => ({
  role: m.role,
  name: m.name,
  classes: [...m.classes],
  labels: [...m.labels],
  ...(m.layer !== undefined ? { layer: m.layer } : {}),
  ...(m.channels !== undefined ? { channels: [...m.channels] } : {}),
})

export const sampleToJson = (s: SweepSampleResult): SweepSampleResult => ({
  index: s.index,
  values: [...s.values],
  models: s.models.map((v) => ({
    probabilities: [...v.probabilities],
    logits: [...v.logits],
    top: [...v.top],
    ...(v.channels !== undefined ? { channels: [...v.channels] } : {}),
    ...(v.problem !== undefined ? { problem: v.problem } : {}),
  })),
})

export function readModelInfos(value: unknown, path: string, fail: Fail): SweepModelInfo[] {
  const items = list(value, path, fail, 'a list of 1 to 3 models')
  if (items.length < 1 || items.length > 3) fail(path, `expected 1 to 3 models, got ${items.length}`)
  const roles: unknown[] = []
  return items.map((item, i) => {
    const p = at(path, i)
    const m = record(item, p, fail)
    onlyKeys(m, ['role', 'name', 'classes', 'labels', 'layer', 'channels'], p, fail)
    const role = readRole(own(m, 'role'), at(p, 'role'), roles, fail)
    roles.push(role)
    const name = text(own(m, 'name'), at(p, 'name'), 0, MAX_TEXT, fail, 'a model name')
    const classes = indexList(own(m, 'classes'), at(p, 'classes'), 0, SWEEP_LIMITS.classes, 'class', fail)
    const labelsPath = at(p, 'labels')
    const labels = list(own(m, 'labels'), labelsPath, fail, 'a list of class labels')
    if (labels.length !== classes.length) fail(labelsPath, `expected ${classes.length} labels, one per recorded class, got ${labels.length}`)
    const info: SweepModelInfo = { role, name, classes, labels: labels.map((l, j) => text(l, at(labelsPath, j), 0, MAX_TEXT, fail, 'a label')) }
    const layer = own(m, 'layer')
    const channels = own(m, 'channels')
    if (layer !== undefined) {
      info.layer = text(layer, at(p, 'layer'), 1, MAX_LAYER_NAME, fail, 'a layer name')
      if (channels === undefined) fail(at(p, 'channels'), `missing: which channels of ${info.layer} were recorded`)
      info.channels = indexList(channels, at(p, 'channels'), 0, SWEEP_LIMITS.channels, 'channel', fail)
    } else if (channels !== undefined) fail(at(p, 'channels'), 'channels of which layer? layer is missing')
    return info
  })
}

/**
 * One sample's numbers of each model in `infos`. A model with a `problem` has no numbers: its
 * lists are empty (`channels` then `[]` where the model records a layer, absent taken as empty).
 */
export function readSampleModels(value: unknown, path: string, infos: readonly SweepModelInfo[], fail: Fail): SweepModelValues[] {
  const items = list(value, path, fail, 'a list of model values')
  if (items.length !== infos.length) fail(path, `expected ${infos.length} entries, one per model of the result, got ${items.length}`)
  return items.map((item, i) => readModelValues(item, at(path, i), infos[i], fail))
}

function readModelValues(value: unknown, path: string, info: SweepModelInfo, fail: Fail): SweepModelValues {
  const v = record(value, path, fail)
  onlyKeys(v, ['probabilities', 'logits', 'top', 'channels', 'problem'], path, fail)
  const problemValue = own(v, 'problem')
  const problem = problemValue === undefined ? undefined : text(problemValue, at(path, 'problem'), 1, MAX_TEXT, fail, 'a problem')
  const classes = problem === undefined ? info.classes.length : 0
  const why = problem === undefined ? 'one per recorded class' : 'the model has a problem on this sample'
  const out: SweepModelValues = {
    probabilities: floats(own(v, 'probabilities'), at(path, 'probabilities'), classes, why, fail),
    logits: floats(own(v, 'logits'), at(path, 'logits'), classes, why, fail),
    top: topClasses(own(v, 'top'), at(path, 'top'), problem === undefined ? TOP_CLASSES : 0, fail),
  }
  const channels = own(v, 'channels')
  if (info.channels) {
    const none = problem !== undefined && channels === undefined
    out.channels = none ? [] : floats(channels, at(path, 'channels'), problem === undefined ? info.channels.length : 0, problem === undefined ? 'one per recorded channel' : why, fail)
  } else if (channels !== undefined) fail(at(path, 'channels'), 'the model records no layer')
  if (problem !== undefined) out.problem = problem
  return out
}

function floats(value: unknown, path: string, length: number, why: string, fail: Fail): number[] {
  const items = list(value, path, fail, 'a list of numbers')
  if (items.length !== length) fail(path, `expected ${length} numbers (${why}), got ${items.length}`)
  return items.map((x, i) => Math.fround(float32Finite(x, at(path, i), fail)))
}

/** A sample's top classes: at most `most` distinct class indices. */
export function topClasses(value: unknown, path: string, most: number, fail: Fail): number[] {
  const items = list(value, path, fail, 'a list of class indices')
  if (items.length > most) fail(path, most === 0 ? `expected none (the model has a problem on this sample), got ${items.length}` : `expected at most ${most} classes, got ${items.length}`)
  const seen = new Set<number>()
  return items.map((item, i) => {
    const index = wholeNumber(item, at(path, i), 0, MAX_INDEX, fail, 'a class index,')
    if (seen.has(index)) fail(at(path, i), `class ${index} is listed twice`)
    seen.add(index)
    return index
  })
}
