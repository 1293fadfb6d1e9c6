/**
 * Sweep results as plain data: `validateSweepResult` checks an imported one (hostile until proven
 * otherwise) and refuses it with a SweepImportError saying where; `mergeSweepResults` joins the
 * shards of one sweep; `sampleState` gives the full app state any sample was taken in.
 */
import { defaultRegistry, type PerturbationRegistry } from '@perturber/perturbations'
import type { AppState } from '../state/appState'
import { quote } from '../state/stateText'
import { at, float32Finite, list, onlyKeys, own, record, wholeNumber, type Fail } from './check'
import { modelInfoToJson, readModelInfos, readSampleModels } from './resultParts'
import { MAX_SHARDS, sampleCount, sampleValuesAt, sweepSamples, type SweepShard } from './samples'
import { designTargets, sampleAttackEpsilon, sampleScene } from './sampleState'
import { readSweepSpec, sweepSpecToJson } from './spec'
import { SWEEP_LIMITS, type SweepResult, type SweepSampleResult } from './types'

export class SweepImportError extends Error {
  override name = 'SweepImportError'
  constructor(
    message: string,
    /** where in the file: `samples[4].models[1].logits`, `line 12, column "model1.p[3]"`; empty: the whole file */
    readonly where: string,
  ) {
    super(message)
  }
}

export const importFail: Fail = (where, problem) => {
  throw new SweepImportError(where ? `${where}: ${problem}` : problem, where)
}

/**
 * The shards (or any parts) of one sweep as one result, samples ordered by index: exactly the
 * result the sweep gives unsplit. Refuses parts of different sweeps, parts that overlap, and
 * parts that do not add up to the whole sweep.
 */
export function mergeSweepResults(parts: readonly SweepResult[]): SweepResult {
  if (parts.length === 0) importFail('', 'no sweep results to merge')
  const [first] = parts
  const spec = JSON.stringify(sweepSpecToJson(first.spec))
  const models = JSON.stringify(first.models.map(modelInfoToJson))
  const owner = new Map<number, number>()
  parts.forEach((part, p) => {
    const where = `parts[${p}]`
    if (JSON.stringify(sweepSpecToJson(part.spec)) !== spec) importFail(where, 'its sweep spec differs from that of parts[0]: only parts of one sweep can be merged')
    if (JSON.stringify(part.models.map(modelInfoToJson)) !== models) importFail(where, 'its models differ from those of parts[0]: only parts of one sweep can be merged')
    if (part.total !== first.total) importFail(where, `it is part of a sweep of ${part.total} samples, parts[0] of ${first.total}`)
    for (const sample of part.samples) {
      const earlier = owner.get(sample.index)
      if (earlier !== undefined) importFail(where, `sample ${sample.index} is also in parts[${earlier}]`)
      owner.set(sample.index, p)
    }
  })
  if (owner.size !== first.total) {
    let missing = 0
    while (owner.has(missing)) missing++
    importFail('', `the parts hold ${owner.size} of the sweep's ${first.total} samples: ${first.total - owner.size} are missing, the first is sample ${missing}`)
  }
  const samples = parts.flatMap((part) => part.samples).sort((a, b) => a.index - b.index)
  return { format: 'perturber-sweep', version: 1, spec: first.spec, models: first.models, samples, total: first.total }
}

/**
 * Checks an imported result (a parsed `sweepToJson` file) field by field and returns it with
 * samples in index order and numbers as float32. Each sample's values must be the ones its spec
 * gives for its index: a changed value would put a number at the wrong place in a figure.
 */
export function validateSweepResult(data: unknown, registry: PerturbationRegistry = defaultRegistry): SweepResult {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) importFail('', `expected a sweep result (an object), got ${quote(data)}`)
  const r = data as Record<string, unknown>
  if (own(r, 'format') !== 'perturber-sweep') importFail('format', `not a Perturber sweep (expected "perturber-sweep", got ${quote(own(r, 'format'))})`)
  if (own(r, 'version') !== 1) importFail('version', `expected 1 (the only sweep result version), got ${quote(own(r, 'version'))}`)
  onlyKeys(r, ['format', 'version', 'spec', 'models', 'samples', 'total', 'shard'], '', importFail)
  const spec = readSweepSpec(own(r, 'spec'), registry, 'spec', importFail)
  if (!spec.base) importFail('spec.base', 'missing: a sweep result records the state it started from')
  const total = sampleCount(spec.design)
  if (own(r, 'total') !== total) importFail('total', `expected ${total}, the number of samples the spec gives, got ${quote(own(r, 'total'))}`)
  const shard = own(r, 'shard') === undefined ? undefined : readShard(own(r, 'shard'), 'shard', importFail)
  const models = readModelInfos(own(r, 'models'), 'models', importFail)
  const items = list(own(r, 'samples'), 'samples', importFail, 'a list of samples')
  if (items.length > SWEEP_LIMITS.samples || items.length > total) importFail('samples', `${items.length} samples, more than the ${total} the sweep has`)
  const expected = sweepSamples(spec.design)
  const targets = designTargets(spec.design).length
  const placed = new Map<number, number>()
  const samples = items.map((item, i): SweepSampleResult => {
    const path = at('samples', i)
    const s = record(item, path, importFail)
    onlyKeys(s, ['index', 'values', 'models'], path, importFail)
    const index = wholeNumber(own(s, 'index'), at(path, 'index'), 0, total - 1, importFail, 'a sample index,')
    const earlier = placed.get(index)
    if (earlier !== undefined) importFail(at(path, 'index'), `sample ${index} is also at samples[${earlier}]`)
    if (shard && index % shard.n !== shard.k - 1) importFail(at(path, 'index'), `sample ${index} is not in shard ${shard.k}/${shard.n}`)
    placed.set(index, i)
    const values = list(own(s, 'values'), at(path, 'values'), importFail, 'a list of numbers')
    if (values.length !== targets) importFail(at(path, 'values'), `expected ${targets} values, one per varied parameter, got ${values.length}`)
    values.forEach((value, t) => {
      const n = float32Finite(value, at(at(path, 'values'), t), importFail)
      const want = expected[index].values[t]
      if (Math.fround(n) !== Math.fround(want)) importFail(at(at(path, 'values'), t), `${n} is not what the spec gives sample ${index} (${Number(want.toPrecision(9))})`)
    })
    return { index, values: expected[index].values, models: readSampleModels(own(s, 'models'), at(path, 'models'), models, importFail) }
  })
  samples.sort((a, b) => a.index - b.index)
  const result: SweepResult = { format: 'perturber-sweep', version: 1, spec: { ...spec, base: spec.base }, models, samples, total }
  if (shard) result.shard = shard
  return result
}

export function readShard(value: unknown, path: string, fail: Fail): SweepShard {
  const s = record(value, path, fail)
  onlyKeys(s, ['k', 'n'], path, fail)
  const n = wholeNumber(own(s, 'n'), at(path, 'n'), 1, MAX_SHARDS, fail, 'a number of shards,')
  return { k: wholeNumber(own(s, 'k'), at(path, 'k'), 1, n, fail, 'a shard number,'), n }
}

/** The full app state sample `index` (of the unsplit sweep) was taken in: the base with the sample's values applied. */
export function sampleState(result: SweepResult, index: number, registry: PerturbationRegistry = defaultRegistry): AppState {
  const { design, base } = result.spec
  // the result's own copy where it has the sample: a random design would otherwise draw every earlier sample again
  const values = sampleOf(result.samples, index)?.values ?? sampleValuesAt(design, index)
  const state = structuredClone(base)
  state.scene = sampleScene(base.scene, design, values, registry)
  const epsilon = sampleAttackEpsilon(design, values)
  if (epsilon !== null) state.attack.epsilon = epsilon
  return state
}

/** The sample with that index, by binary search (samples are ordered by index). */
function sampleOf(samples: readonly SweepSampleResult[], index: number): SweepSampleResult | undefined {
  let low = 0
  let high = samples.length - 1
  while (low <= high) {
    const middle = (low + high) >> 1
    if (samples[middle].index === index) return samples[middle]
    if (samples[middle].index < index) low = middle + 1
    else high = middle - 1
  }
  return undefined
}
