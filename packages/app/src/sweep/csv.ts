/**
 * A sweep result as a CSV table for spreadsheets and pandas. Comment lines at the top carry what
 * a table cannot (`# perturber-sweep 1`, `# spec <JSON>`, `# models <JSON>`, `# total <n>`, and
 * `# shard k/n` on a shard's file); then a header and one row per sample:
 *
 *   index, <targetKey>…, state.<scene param>… (every one: each row is a complete scene),
 *   and per model in order, prefixed by its role: <role>.p[<class>]…, <role>.logit[<class>]…,
 *   <role>.top5 (class indices separated by spaces), <role>.ch[<channel>]…, <role>.problem.
 *
 * Numbers are float32 values written in at most nine significant digits, which read back exactly.
 * A model with a problem on a sample has empty cells there. On import, columns may come in any
 * order, and every row's target and `state.*` cells must be what the spec gives its index (at
 * float32 precision): a row edited by hand is refused rather than plotted at the wrong place.
 */
import { defaultRegistry, type PerturbationRegistry } from '@perturber/perturbations'
import { sceneParamSpecs } from '@perturber/scene'
import { quote } from '../state/stateText'
import { MAX_INDEX, checkSize, parseJsonText, type Fail } from './check'
import { csvField, formatFloat32, parseDecimal, readCsvRecords } from './csvText'
import { importFail, validateSweepResult } from './result'
import { MAX_TEXT, TOP_CLASSES, modelInfoToJson, readModelInfos } from './resultParts'
import { parseShard, sampleCount, sweepSamples } from './samples'
import { designTargets, sampleScene } from './sampleState'
import { readSweepSpec, sweepSpecToJson, targetKey } from './spec'
import { SWEEP_LIMITS, type SweepDesign, type SweepModelInfo, type SweepModelValues, type SweepResult } from './types'

const FIRST_LINE = '# perturber-sweep 1'

/** The table's columns for a design and a model list, in the order they are written. */
export function sweepCsvColumns(design: SweepDesign, models: readonly SweepModelInfo[]): string[] {
  return [
    'index',
    ...designTargets(design).map(targetKey),
    ...sceneParamSpecs.map((s) => `state.${s.name}`),
    ...models.flatMap((m) => [
      ...m.classes.map((c) => `${m.role}.p[${c}]`),
      ...m.classes.map((c) => `${m.role}.logit[${c}]`),
      `${m.role}.top5`,
      ...(m.channels ?? []).map((c) => `${m.role}.ch[${c}]`),
      `${m.role}.problem`,
    ]),
  ]
}

export function sweepToCsv(result: SweepResult, registry: PerturbationRegistry = defaultRegistry): string {
  const { spec, models } = result
  const lines = [FIRST_LINE, `# spec ${JSON.stringify(sweepSpecToJson(spec))}`, `# models ${JSON.stringify(models.map(modelInfoToJson))}`, `# total ${result.total}`]
  if (result.shard) lines.push(`# shard ${result.shard.k}/${result.shard.n}`)
  lines.push(sweepCsvColumns(spec.design, models).map(csvField).join(','))
  for (const sample of result.samples) {
    const state = sampleScene(spec.base.scene, spec.design, sample.values, registry).params
    const cells = [String(sample.index), ...sample.values.map(formatFloat32), ...sceneParamSpecs.map((s) => formatFloat32(state[s.name]))]
    sample.models.forEach((values, m) => {
      const empty = (n: number) => Array<string>(n).fill('')
      const classes = models[m].classes.length
      const channels = models[m].channels?.length ?? 0
      if (values.problem !== undefined) cells.push(...empty(2 * classes + 1 + channels), values.problem)
      else cells.push(...values.probabilities.map(formatFloat32), ...values.logits.map(formatFloat32), values.top.join(' '), ...(values.channels ?? []).map(formatFloat32), '')
    })
    lines.push(cells.map(csvField).join(','))
  }
  return `${lines.join('\n')}\n`
}

interface Comment {
  line: number
  value: string
}

/**
 * Reads a table written by {@link sweepToCsv} (LF or CRLF line breaks). Anything else throws a
 * SweepImportError naming the line and, for a cell, the column.
 */
export function sweepFromCsv(text: string, registry: PerturbationRegistry = defaultRegistry): SweepResult {
  checkSize(text, 'sweep file', importFail)
  const comments = new Map<string, Comment>()
  let offset = 0
  let line = 1
  while (text.startsWith('#', offset)) {
    const next = text.indexOf('\n', offset)
    const content = text.slice(offset, next < 0 ? text.length : next).replace(/\r$/, '')
    if (line === 1 && content !== FIRST_LINE) importFail('line 1', `not a Perturber sweep table (its first line should be "${FIRST_LINE}")`)
    if (line > 1) {
      const [, key, value] = /^# (\S+) ?(.*)$/s.exec(content) ?? []
      if (!['spec', 'models', 'total', 'shard'].includes(key)) importFail(`line ${line}`, `unknown comment ${quote(content)} (expected # spec, # models, # total or # shard)`)
      if (comments.has(key)) importFail(`line ${line}`, `a second "# ${key}" line (the first is line ${comments.get(key)!.line})`)
      comments.set(key, { line, value })
    }
    offset = next < 0 ? text.length : next + 1
    line++
  }
  if (line === 1) importFail('line 1', `not a Perturber sweep table (its first line should be "${FIRST_LINE}")`)
  const comment = (key: string): Comment => comments.get(key) ?? importFail(`line ${line}`, `the "# ${key}" line is missing before the header`)
  const at = (c: Comment): Fail => (path, problem) => importFail(path ? `line ${c.line}, ${path}` : `line ${c.line}`, problem)

  const specLine = comment('spec')
  const spec = readSweepSpec(parseJsonText(specLine.value, 'spec', at(specLine), 'spec'), registry, 'spec', at(specLine))
  if (!spec.base) at(specLine)('spec.base', 'missing: a sweep result records the state it started from')
  const modelsLine = comment('models')
  const models = readModelInfos(parseJsonText(modelsLine.value, 'model list', at(modelsLine), 'models'), 'models', at(modelsLine))
  const totalLine = comment('total')
  const total = sampleCount(spec.design)
  if (totalLine.value !== String(total)) importFail(`line ${totalLine.line}`, `# total: expected ${total}, the number of samples the spec gives, got ${quote(totalLine.value)}`)
  const shardLine = comments.get('shard')
  let shard: { k: number; n: number } | undefined
  if (shardLine) {
    try {
      shard = parseShard(shardLine.value)
    } catch {
      importFail(`line ${shardLine.line}`, `# shard: expected k/n with 1 ≤ k ≤ n ≤ ${SWEEP_LIMITS.samples}, got ${quote(shardLine.value)}`)
    }
  }

  const columns = sweepCsvColumns(spec.design, models)
  // the header and a row per sample at most (and a sweep has at most SWEEP_LIMITS.samples)
  const [header, ...rows] = readCsvRecords(text, offset, line, { most: total + 1, fields: columns.length, tooMany: `more rows than the ${total} samples of the sweep` }, importFail)
  if (!header) importFail(`line ${line}`, 'the header row is missing')
  const position = headerPositions(header.fields, columns, header.line)

  const expected = sweepSamples(spec.design)
  const rowOf = new Map<number, number>()
  const samples = rows.map(({ line: rowLine, fields }) => {
    if (fields.length !== columns.length) importFail(`line ${rowLine}`, `${fields.length} field${fields.length === 1 ? '' : 's'}, expected ${columns.length} (one per column of the header)`)
    const cell = (column: string) => fields[position.get(column)!]
    const fail: (column: string, problem: string) => never = (column, problem) => importFail(`line ${rowLine}, column ${quote(column)}`, problem)
    const number = (column: string): number => {
      const n = parseDecimal(cell(column))
      if (n === null) fail(column, `expected a number, got ${quote(cell(column))}`)
      if (!Number.isFinite(Math.fround(n))) fail(column, `${cell(column)} is too large for a 32-bit float`)
      return Math.fround(n) + 0 // + 0: -0 is written as 0
    }
    const index = /^\d{1,5}$/.test(cell('index')) ? Number(cell('index')) : -1
    if (!(index >= 0 && index < total)) fail('index', `expected a sample index, a whole number from 0 to ${total - 1}, got ${quote(cell('index'))}`)
    if (rowOf.has(index)) fail('index', `sample ${index} is also on line ${rowOf.get(index)}`)
    if (shard && index % shard.n !== shard.k - 1) fail('index', `sample ${index} is not in shard ${shard.k}/${shard.n}`)
    rowOf.set(index, rowLine)
    const { values } = expected[index]
    const state = sampleScene(spec.base!.scene, spec.design, values, registry).params
    const check = (column: string, want: number) => {
      if (number(column) !== Math.fround(want)) fail(column, `${cell(column)} is not what the spec gives sample ${index} (${formatFloat32(want)}): the row does not belong to this sweep`)
    }
    designTargets(spec.design).forEach((target, t) => check(targetKey(target), values[t]))
    for (const s of sceneParamSpecs) check(`state.${s.name}`, state[s.name])
    return { index, values, models: models.map((m) => modelValues(m, cell, number, fail)) }
  })
  const data = { format: 'perturber-sweep', version: 1, spec: sweepSpecToJson(spec), models, samples, total, ...(shard ? { shard } : {}) }
  return validateSweepResult(data, registry)
}

/** Where each column is: the header must name each column of this sweep once, in any order. */
function headerPositions(fields: readonly string[], columns: readonly string[], line: number): Map<string, number> {
  const known = new Set(columns)
  const position = new Map<string, number>()
  fields.forEach((name, i) => {
    if (!known.has(name)) importFail(`line ${line}, column ${i + 1}`, `unknown column ${quote(name)} (not one of this sweep's design, state or models)`)
    if (position.has(name)) importFail(`line ${line}, column ${i + 1}`, `column ${quote(name)} appears twice`)
    position.set(name, i)
  })
  const missing = columns.find((c) => !position.has(c))
  if (missing !== undefined) importFail(`line ${line}`, `the column ${quote(missing)} is missing${columns.length - position.size > 1 ? ` (and ${columns.length - position.size - 1} more)` : ''}`)
  return position
}

function modelValues(m: SweepModelInfo, cell: (column: string) => string, number: (column: string) => number, fail: (column: string, problem: string) => never): SweepModelValues {
  const problem = cell(`${m.role}.problem`)
  const columns = {
    probabilities: m.classes.map((c) => `${m.role}.p[${c}]`),
    logits: m.classes.map((c) => `${m.role}.logit[${c}]`),
    channels: (m.channels ?? []).map((c) => `${m.role}.ch[${c}]`),
  }
  if (problem !== '') {
    if (problem.length > MAX_TEXT) fail(`${m.role}.problem`, `longer than ${MAX_TEXT} characters`)
    const filled = [...columns.probabilities, ...columns.logits, `${m.role}.top5`, ...columns.channels].find((c) => cell(c) !== '')
    if (filled !== undefined) fail(filled, `expected an empty cell: ${m.role} has a problem on this sample`)
    return { probabilities: [], logits: [], top: [], ...(m.channels ? { channels: [] } : {}), problem }
  }
  return {
    probabilities: columns.probabilities.map(number),
    logits: columns.logits.map(number),
    top: topCell(cell(`${m.role}.top5`), (problem) => fail(`${m.role}.top5`, problem)),
    ...(m.channels ? { channels: columns.channels.map(number) } : {}),
  }
}

function topCell(value: string, fail: (problem: string) => never): number[] {
  if (value === '') return []
  const items = value.split(' ')
  if (items.length > TOP_CLASSES) fail(`expected at most ${TOP_CLASSES} class indices, got ${items.length}`)
  const seen = new Set<number>()
  return items.map((item) => {
    const index = /^\d{1,5}$/.test(item) ? Number(item) : -1
    if (!(index >= 0 && index <= MAX_INDEX)) fail(`expected class indices separated by spaces, got ${quote(value)}`)
    if (seen.has(index)) fail(`class ${index} is listed twice`)
    seen.add(index)
    return index
  })
}
