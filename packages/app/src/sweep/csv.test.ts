import { describe, expect, it } from 'vitest'
import { mulberry32 } from '@perturber/perturbations/authoring'
import { sweepCsvColumns, sweepFromCsv, sweepToCsv } from './csv'
import { csvField, formatFloat32, parseDecimal, readCsvRecords } from './csvText'
import { SweepImportError, mergeSweepResults } from './result'
import { sweepSpecToJson } from './spec'
import { fixtureBase, fixtureResult, fixtureSpecs } from './sweepFixtures'
import { SWEEP_LIMITS, type SweepResult } from './types'

function refusal(read: () => unknown): SweepImportError {
  try {
    read()
  } catch (e) {
    expect(e).toBeInstanceOf(SweepImportError)
    return e as SweepImportError
  }
  throw new Error('expected a refusal')
}

/** A small result whose table is written out by hand below. */
function smallResult(): SweepResult {
  const spec: SweepResult['spec'] = { version: 1, design: { kind: 'grid', axes: [{ target: { kind: 'scene', param: 'yaw' }, from: -90, to: 90, steps: 2 }] }, record: {}, base: fixtureBase() }
  return {
    format: 'perturber-sweep',
    version: 1,
    spec,
    models: [{ role: 'model1', name: 'A', classes: [3, 1], labels: ['cat', 'dog, big'], layer: 'conv', channels: [0] }],
    samples: [
      { index: 0, values: [-90], models: [{ probabilities: [0.25, 0.5], logits: [1.5, -2], top: [3, 1, 7], channels: [0.125] }] },
      { index: 1, values: [90], models: [{ probabilities: [], logits: [], top: [], channels: [], problem: 'NaN in "logits", at 2' }] },
    ],
    total: 2,
  }
}

const state = (yaw: number) => `0,1,1,0,1,0,0,0,${yaw},12,5,0,0,0`
const smallTable = () =>
  [
    '# perturber-sweep 1',
    `# spec ${JSON.stringify(sweepSpecToJson(smallResult().spec))}`,
    '# models [{"role":"model1","name":"A","classes":[3,1],"labels":["cat","dog, big"],"layer":"conv","channels":[0]}]',
    '# total 2',
    'index,scene.yaw,state.backgroundBlur,state.backgroundSaturation,state.textureInfluence,state.textureBlur,state.lightingInfluence,state.overallMorph,state.shapeMorph,state.textureMorph,state.yaw,state.pitch,state.distance,state.panX,state.panY,state.roll,model1.p[3],model1.p[1],model1.logit[3],model1.logit[1],model1.top5,model1.ch[0],model1.problem',
    `0,-90,${state(-90)},0.25,0.5,1.5,-2,3 1 7,0.125,`,
    `1,90,${state(90)},,,,,,,"NaN in ""logits"", at 2"`,
    '',
  ].join('\n')

describe('float32 numbers as text', () => {
  it('are written in at most nine significant digits and read back exactly', () => {
    expect([0.1, 0.5, 100, 120_000_000, 1e10, 1e-7, 1e-20, 2.5e30, 3.4028234663852886e38, 1.401298464324817e-45, -0, -2.5].map(formatFloat32)).toEqual([
      '0.100000001',
      '0.5',
      '100',
      '120000000',
      '1e+10',
      '1.00000001e-7',
      '9.99999968e-21',
      '2.49999996e+30',
      '3.40282347e+38',
      '1.40129846e-45',
      '0',
      '-2.5',
    ])
    const words = new Uint32Array(20_000)
    const random = mulberry32(5)
    for (let i = 0; i < words.length; i++) words[i] = Math.floor(random() * 2 ** 32)
    for (const x of new Float32Array(words.buffer)) if (Number.isFinite(x)) expect(Math.fround(parseDecimal(formatFloat32(x))!)).toBe(x)
    for (const bad of ['', 'NaN', 'Infinity', '0x10', '1e', '--1', '1,5', ' 1', '.', '1e5.5']) expect(parseDecimal(bad)).toBeNull()
  })
})

describe('sweep results as CSV', () => {
  it('writes the documented table', () => {
    expect(sweepToCsv(smallResult())).toBe(smallTable())
    expect(sweepFromCsv(smallTable())).toEqual(smallResult())
  })

  it('read back equal to what was written, for every design, model set and shard', () => {
    let seed = 0
    for (const spec of fixtureSpecs()) {
      for (const shard of [undefined, { k: 1, n: 1 }, { k: 2, n: 3 }, { k: 40, n: 40 }]) {
        for (let repeat = 0; repeat < 3; repeat++) {
          const result = fixtureResult(mulberry32(seed++), spec, shard)
          const text = sweepToCsv(result)
          expect(sweepFromCsv(text)).toEqual(result)
          expect(sweepToCsv(sweepFromCsv(text))).toBe(text)
        }
      }
    }
  })

  it('merges shards read from their tables into exactly the unsplit result', () => {
    const spec = fixtureSpecs()[1]
    const whole = fixtureResult(mulberry32(8), spec)
    const tables = [3, 1, 2].map((k) => sweepToCsv(fixtureResult(mulberry32(8), spec, { k, n: 3 })))
    expect(mergeSweepResults(tables.map((t) => sweepFromCsv(t)))).toEqual(whole)
  })

  it('takes CRLF line breaks, blank lines at the end, and columns in another order', () => {
    expect(sweepFromCsv(smallTable().replace(/\n/g, '\r\n'))).toEqual(smallResult())
    expect(sweepFromCsv(`${smallTable()}\n\r\n\n`)).toEqual(smallResult())
    expect(sweepFromCsv(smallTable().slice(0, -1))).toEqual(smallResult())
    const lines = smallTable().split('\n')
    const fail = (where: string, problem: string): never => {
      throw new Error(`${where}: ${problem}`)
    }
    const rows = readCsvRecords(lines.slice(4).join('\n'), 0, 1, { most: 3, fields: 23, tooMany: '' }, fail)
    // the first and last columns swapped
    const moved = [...lines.slice(0, 4), ...rows.map(({ fields: f }) => [f[22], ...f.slice(1, 22), f[0]].map(csvField).join(',')), ''].join('\n')
    expect(moved.split('\n')[4]).toMatch(/^model1\.problem,scene\.yaw,.*,index$/)
    expect(sweepFromCsv(moved)).toEqual(smallResult())
  })

  it('lists one column per target, state parameter, class and channel', () => {
    const spec = fixtureSpecs()[2]
    const columns = sweepCsvColumns(spec.design, [{ role: 'edited', name: '', classes: [9], labels: ['x'] }])
    expect(columns.slice(0, 4)).toEqual(['index', 'attack.epsilon', 'perturbation.gaussian-noise.sigma', 'scene.distance'])
    expect(columns.slice(-4)).toEqual(['edited.p[9]', 'edited.logit[9]', 'edited.top5', 'edited.problem'])
    expect(columns).toHaveLength(4 + 14 + 4)
  })
})

describe('sweepFromCsv refuses, naming the line and column', () => {
  const lines = () => smallTable().split('\n')
  const edit = (line: number, change: (text: string) => string) => {
    const all = lines()
    all[line - 1] = change(all[line - 1])
    return all.join('\n')
  }
  const cell = (line: number, column: number, value: string) => edit(line, (text) => text.split(',').map((c, i) => (i === column ? value : c)).join(','))
  const cases: [string, string, string][] = [
    ['a file of another kind', 'index,yaw\n0,1\n', 'line 1: not a Perturber sweep table (its first line should be "# perturber-sweep 1")'],
    ['another first comment', edit(1, () => '# perturber-sweep 2'), 'line 1: not a Perturber sweep table (its first line should be "# perturber-sweep 1")'],
    ['an unknown comment', edit(4, () => '# totals 2'), 'line 4: unknown comment "# totals 2" (expected # spec, # models, # total or # shard)'],
    ['a comment twice', edit(4, () => '# models []'), 'line 4: a second "# models" line (the first is line 3)'],
    ['no spec', edit(2, () => '# shard 1/1'), 'line 5: the "# spec" line is missing before the header'],
    ['a spec that is not JSON', edit(2, () => '# spec {version: 1}'), expect.stringMatching(/^line 2, spec: the spec is not JSON \(.+\)$/)],
    ['a bad spec', edit(2, (t) => t.replace('"steps":2', '"steps":1')), 'line 2, spec.design.axes[0].steps: expected a whole number of steps from 2 to 1000, got 1'],
    ['a spec without base', edit(2, (t) => t.replace(/,"base":.*$/, '}')), 'line 2, spec.base: missing: a sweep result records the state it started from'],
    ['bad models', edit(3, (t) => t.replace('"labels":["cat","dog, big"]', '"labels":["cat"]')), 'line 3, models[0].labels: expected 2 labels, one per recorded class, got 1'],
    ['a wrong total', edit(4, () => '# total 3'), 'line 4: # total: expected 2, the number of samples the spec gives, got "3"'],
    ['a bad shard', edit(4, () => '# total 2\n# shard 3/2'), 'line 5: # shard: expected k/n with 1 ≤ k ≤ n ≤ 10000, got "3/2"'],
    ['no header', lines().slice(0, 4).join('\n'), 'line 5: the header row is missing'],
    ['an unknown column', cell(5, 1, 'scene.yaww'), 'line 5, column 2: unknown column "scene.yaww" (not one of this sweep\'s design, state or models)'],
    ['a column twice', cell(5, 1, 'index'), 'line 5, column 2: column "index" appears twice'],
    ['a missing column', edit(5, (t) => t.replace(',model1.problem', '')), 'line 5: the column "model1.problem" is missing'],
    ['missing columns', edit(5, (t) => t.replace(',model1.ch[0],model1.problem', '')), 'line 5: the column "model1.ch[0]" is missing (and 1 more)'],
    ['too many header fields', edit(5, (t) => `${t},extra`), 'line 5: more than 23 fields, the number of columns'],
    ['a short row', edit(6, (t) => t.replace(/,$/, '')), 'line 6: 22 fields, expected 23 (one per column of the header)'],
    ['a blank line', edit(6, () => ''), 'line 6: 1 field, expected 23 (one per column of the header)'],
    ['a cell that is no number', cell(6, 17, 'half'), 'line 6, column "model1.p[1]": expected a number, got "half"'],
    ['an empty number cell', cell(6, 18, ''), 'line 6, column "model1.logit[3]": expected a number, got ""'],
    ['NaN', cell(6, 21, 'NaN'), 'line 6, column "model1.ch[0]": expected a number, got "NaN"'],
    ['a number past float32', cell(6, 19, '-1e39'), 'line 6, column "model1.logit[1]": -1e39 is too large for a 32-bit float'],
    ['a tampered state', cell(6, 11, '13'), 'line 6, column "state.pitch": 13 is not what the spec gives sample 0 (12): the row does not belong to this sweep'],
    ['a tampered target', cell(7, 1, '45'), 'line 7, column "scene.yaw": 45 is not what the spec gives sample 1 (90): the row does not belong to this sweep'],
    ['a row moved to another index', cell(7, 0, '0'), 'line 7, column "index": sample 0 is also on line 6'],
    ['an index out of range', cell(7, 0, '2'), 'line 7, column "index": expected a sample index, a whole number from 0 to 1, got "2"'],
    ['a fractional index', cell(7, 0, '1.0'), 'line 7, column "index": expected a sample index, a whole number from 0 to 1, got "1.0"'],
    ['a row outside the shard', edit(4, () => '# total 2\n# shard 2/2'), 'line 7, column "index": sample 0 is not in shard 2/2'],
    ['more rows than samples', `${smallTable()}${lines()[6]}\n`, 'line 8: more rows than the 2 samples of the sweep'],
    ['numbers with a problem', cell(7, 21, '0.5'), 'line 7, column "model1.ch[0]": expected an empty cell: model1 has a problem on this sample'],
    ['six top classes', cell(6, 20, '1 2 3 4 5 6'), 'line 6, column "model1.top5": expected at most 5 class indices, got 6'],
    ['a top class twice', cell(6, 20, '3 1 3'), 'line 6, column "model1.top5": class 3 is listed twice'],
    ['top classes by comma', cell(6, 20, '3;1'), 'line 6, column "model1.top5": expected class indices separated by spaces, got "3;1"'],
    ['a quoted field never closed', edit(7, (t) => t.replace(/"$/, '')), 'line 7: a quoted field is never closed'],
    ['text after a closing quote', edit(7, (t) => `${t}x`), 'line 7: text after the closing quote of a field'],
    ['a quote in an unquoted field', cell(6, 20, '3 "1"'), 'line 6: a quote inside a field that is not quoted'],
  ]
  it.each(cases)('%s', (_, text, message) => {
    expect(refusal(() => sweepFromCsv(text)).message).toEqual(message)
  })

  it('says where in `where`, and refuses a file over the size limit', () => {
    expect(refusal(() => sweepFromCsv(cell(6, 17, 'half'))).where).toBe('line 6, column "model1.p[1]"')
    expect(refusal(() => sweepFromCsv(`${smallTable()}${' '.repeat(SWEEP_LIMITS.importBytes)}`)).message).toBe('the sweep file is 64 MiB, more than the 64 MiB allowed')
  })

  it('counts lines through quoted line breaks', () => {
    const result = smallResult()
    result.samples[1].models[0].problem = 'one\ntwo\r\nthree'
    const text = sweepToCsv(result)
    expect(sweepFromCsv(text)).toEqual(result)
    expect(refusal(() => sweepFromCsv(`${text}2,90\n`)).message).toBe('line 10: more rows than the 2 samples of the sweep')
  })
})
