import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PNG } from 'pngjs'
import { describe, expect, test } from 'vitest'

/**
 * `npm run experiment` as a job runner calls it: a sweep in two shards on "two machines" (two
 * processes), merged, equals the unsplit run byte for byte; every output is written (JSON, CSV,
 * a PNG plot); a spec or model it cannot use is refused with the field or name at fault.
 */
function experiment(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    // asynchronously: the worker keeps answering vitest's RPC meanwhile
    const child = spawn(process.execPath, ['tools/experiment.mjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = '', err = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (err += d))
    child.on('close', (code) => resolve({ code: code ?? 1, out, err }))
  })
}

describe('npm run experiment -- sweep', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perturber-experiment-'))
  const spec = join(dir, 'spec.json')
  writeFileSync(spec, JSON.stringify({ version: 1, design: { kind: 'grid', axes: [{ target: { kind: 'scene', param: 'yaw' }, from: -60, to: 60, steps: 3 }, { target: { kind: 'perturbation', id: 'gaussian-blur', param: 'sigma' }, from: 0, to: 3, steps: 2 }] }, record: { classes: [0, 1] } }))

  test('two shards merge into exactly the unsplit run; JSON, CSV and a PNG plot are written', async () => {
    const [whole, first, second] = await Promise.all([
      experiment('sweep', spec, '--out', join(dir, 'whole')),
      experiment('sweep', spec, '--shard', '1/2', '--out', join(dir, 'one')),
      experiment('sweep', spec, '--shard', '2/2', '--out', join(dir, 'two')),
    ])
    for (const r of [whole, first, second]) expect(r.code, r.err).toBe(0)
    expect(first.out).toContain('3 of 6 samples (shard 1/2); models: model1 ZooNet standard, model2 ZooNet adversarial')
    const merged = await experiment('merge', join(dir, 'two/sweep.json'), join(dir, 'one/sweep.json'), '--out', join(dir, 'merged'))
    expect(merged.code, merged.err).toBe(0)
    expect(readFileSync(join(dir, 'merged/sweep.json'), 'utf8')).toBe(readFileSync(join(dir, 'whole/sweep.json'), 'utf8'))
    expect(readFileSync(join(dir, 'merged/sweep.csv'), 'utf8')).toBe(readFileSync(join(dir, 'whole/sweep.csv'), 'utf8'))
    const csv = readFileSync(join(dir, 'whole/sweep.csv'), 'utf8').trim().split('\n')
    expect(csv.filter((line) => !line.startsWith('#'))).toHaveLength(1 + 6)
    const plot = PNG.sync.read(readFileSync(join(dir, 'whole/plot.png')))
    expect(plot.width).toBeGreaterThan(300)
    // two heatmaps side by side: many distinct colours, not a blank page
    const colours = new Set<number>()
    for (let i = 0; i < plot.data.length; i += 4) colours.add((plot.data[i] << 16) | (plot.data[i + 1] << 8) | plot.data[i + 2])
    expect(colours.size).toBeGreaterThan(20)
  })

  test('a spec it cannot use is refused, naming the field (an unknown model is refused before Chromium starts: tests/unit/experimentCli.test.ts)', async () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({ version: 1, design: { kind: 'grid', axes: [{ target: { kind: 'scene', param: 'yaw' }, from: -60, to: 60, steps: 1 }] }, record: {} }))
    const spec1 = await experiment('sweep', bad, '--out', join(dir, 'bad'))
    expect(spec1.code).toBe(1)
    expect(spec1.err.trim().split('\n').at(-1)).toBe('experiment sweep: design.axes[0].steps: expected a whole number of steps from 2 to 1000, got 1')
  })
})

describe('npm run experiment -- yaw-fluctuation', () => {
  test('one object on the zoo pair: the summary, a CSV row per prototype and model with its yaw distances, JSON and the bar chart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perturber-yaw-'))
    const r = await experiment('yaw-fluctuation', '--objects', 'macaw', '--out', dir)
    expect(r.code, r.err).toBe(0)
    expect(r.out).toMatch(/\nmacaw +\d+\.\d\d ± \d+\.\d\d \([0-4]\/4 recognised\) +\d+\.\d\d ± \d+\.\d\d \([0-4]\/4 recognised\)/)
    const result = JSON.parse(readFileSync(join(dir, 'yaw-fluctuation.json'), 'utf8'))
    expect(result.format).toBe('perturber-yaw-fluctuation')
    expect(result.prototypes).toHaveLength(8)
    const rows = readFileSync(join(dir, 'yaw-fluctuation.csv'), 'utf8').trim().split('\n').filter((line) => !line.startsWith('#'))
    expect(rows).toHaveLength(1 + 8)
    // the score is the sum of the row's seven yaw distances (the prototype's own is 0)
    for (const row of rows.slice(1)) {
      const cells = row.split(',')
      const distances = cells.slice(-7).map(Number)
      expect(distances[2]).toBe(0)
      expect(Number(cells[5])).toBeCloseTo(distances.reduce((a, b) => a + b, 0), 6)
    }
    const plot = PNG.sync.read(readFileSync(join(dir, 'plot.png')))
    const colours = new Set<number>()
    for (let i = 0; i < plot.data.length; i += 4) colours.add((plot.data[i] << 16) | (plot.data[i + 1] << 8) | plot.data[i + 2])
    expect(colours.size).toBeGreaterThan(8)
  })
})

describe('npm run experiment -- background-dependence', () => {
  test('two objects on the zoo pair: the summary per model and condition, a CSV row per image, JSON and the chart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perturber-background-'))
    const r = await experiment('background-dependence', '--objects', 'dog,goldfish', '--out', dir)
    expect(r.code, r.err).toBe(0)
    expect(r.out).toContain('background dependence (chance 50.0 %)')
    expect(r.out).toMatch(/\nmodel1 ZooNet standard: own background [\d.]+ % \(\d+\/20\); other objects' backgrounds [\d.]+ % \(\d+\/20\); neutral background [\d.]+ % \(\d+\/20\); object removed \(background only\) [\d.]+ % \(\d+\/20\); own − other -?[\d.]+ points\n/)
    const result = JSON.parse(readFileSync(join(dir, 'background-dependence.json'), 'utf8'))
    expect(result.format).toBe('perturber-background-dependence')
    // 2 objects × 3 stands (park, waterfront, grey) + 2 backgrounds alone, 10 cameras each
    expect(result.images).toHaveLength(80)
    const rows = readFileSync(join(dir, 'background-dependence.csv'), 'utf8').trim().split('\n').filter((line) => !line.startsWith('#'))
    expect(rows).toHaveLength(1 + 80)
    expect(rows.filter((row) => row.startsWith('removed,,'))).toHaveLength(20)
    const plot = PNG.sync.read(readFileSync(join(dir, 'plot.png')))
    expect(plot.width).toBeGreaterThan(300)
  })
})

describe('npm run experiment -- imagenet-c', () => {
  test('two corruptions at severity 5 on one view of each object: the summary, CSV rows per model, JSON and the tables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'perturber-imagenet-c-'))
    const r = await experiment('imagenet-c', '--corruptions', 'impulse_noise,fog', '--severities', '5', '--views', '1', '--out', dir)
    expect(r.code, r.err).toBe(0)
    expect(r.out).toContain('ImageNet-C on 10 rendered views (CE relative to model1)')
    // Model 1 is the baseline: its mCE is 100 %
    expect(r.out).toMatch(/\nmodel1 ZooNet standard: clean error [\d.]+ %, mCE 100\.0 %, relative mCE (100\.0 %|–); worst: (impulse-noise|fog)\n/)
    const result = JSON.parse(readFileSync(join(dir, 'imagenet-c.json'), 'utf8'))
    expect([result.format, result.images, result.settings]).toEqual(['perturber-corruption-benchmark', 10, ['clean', 'impulse-noise@5', 'fog@5']])
    const rows = readFileSync(join(dir, 'imagenet-c.csv'), 'utf8').trim().split('\n').filter((line) => !line.startsWith('#'))
    // per model: clean, the two corruptions, mCE
    expect(rows.map((row) => row.split(',').slice(1, 6).join(','))).toEqual([
      'role,corruption,imagenet_c_name,held_out,severity',
      ...['model1', 'model2'].flatMap((role) => [`${role},clean,,,`, `${role},impulse-noise,impulse_noise,false,5`, `${role},fog,fog,false,5`, `${role},mCE,,,`]),
    ])
    const plot = PNG.sync.read(readFileSync(join(dir, 'plot.png')))
    expect(plot.width).toBeGreaterThan(300)
  })
})
