#!/usr/bin/env node
// `npm run zoo`: rebuilds the model zoo from scratch, printing progress and ETAs.
//   1. data      node tools/zoo/generate.mjs --out tools/zoo/data        (skip: --skip-data)
//   2. standard  train.py standard     → tools/zoo/runs/standard/final.pt
//   3. adversarial, 4. stylized: fine-tunes of standard, 5 checkpoints each
//   5. export    export_zoo.py → models/perturber-zoo/{standard,adversarial/ckpt-k,stylized/ckpt-k}, index.json
//   6. neuron-groups  neuron_groups.py: per block output and class, the most class-selective channels of each
//                exported model → "neuronGroups" in its descriptor.json (export rewrites descriptors without them)
//   7. feature-vis  feature_vis.py: a feature visualization of every channel of each block output of the three
//                final models (the runtime's parameterisation, 128 steps), JPEG atlases → "featureVisualizations"
//   8. evaluate  evaluate.py   → models/perturber-zoo/report.json, REPORT.md
//   9. browser-eval  browser-eval.mjs: PGD through the TF.js model runtime in headless Chromium → adds
//                in-browser robust accuracy to report.json, REPORT.md (--browser-images N, default 50)
//  10. check     the TF.js parity test on the exported models and, except with --quick, the browser test that
//                they classify fresh renders at their reported accuracy (skip: --skip-check)
// Options: --from <stage> (resume), --only <stage>, --quick (tiny epochs: a pipeline smoke test, never commit its
// output), --data DIR, --runs DIR, --out DIR, --python PATH, --standard-epochs N, --adversarial-epochs N,
// --stylized-epochs N, --browser-images N, --float32. Training runs on Debian's PyTorch (`apt-get install python3-torch`).
import { existsSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const here = fileURLToPath(new URL('.', import.meta.url))
const repo = resolve(here, '../..')

const { values: args } = parseArgs({
  options: {
    'skip-data': { type: 'boolean', default: false },
    'skip-check': { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    from: { type: 'string' },
    only: { type: 'string' },
    data: { type: 'string', default: join(here, 'data') },
    runs: { type: 'string', default: join(here, 'runs') },
    out: { type: 'string', default: join(repo, 'models/perturber-zoo') },
    python: { type: 'string', default: process.env.PYTHON ?? '/usr/bin/python3' },
    'standard-epochs': { type: 'string', default: '15' },
    'adversarial-epochs': { type: 'string', default: '3' },
    'stylized-epochs': { type: 'string', default: '3' },
    'browser-images': { type: 'string', default: '50' },
    float32: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})
if (args.help) {
  console.log('usage: npm run zoo -- [--skip-data] [--skip-check] [--from STAGE | --only STAGE] [--quick] [--data DIR] [--runs DIR] [--out DIR] [--browser-images N]')
  process.exit(0)
}

const data = resolve(args.data), runs = resolve(args.runs), out = resolve(args.out)
const py = (script, ...rest) => [args.python, [join(here, script), ...rest]]
const quick = args.quick ? ['--limit', '256'] : []
const epochs = (name) => (args.quick ? '1' : args[`${name}-epochs`])

// Planned minutes per stage on a 2-core machine (for the overall ETA; each stage prints its own).
const STAGES = [
  { name: 'data', minutes: 15, run: () => generateData() },
  { name: 'standard', minutes: 15, run: () => [py('train.py', 'standard', '--data', data, '--out', join(runs, 'standard'), '--epochs', epochs('standard'), ...quick)] },
  { name: 'adversarial', minutes: 15, run: () => [py('train.py', 'adversarial', '--data', data, '--out', join(runs, 'adversarial'), '--init', join(runs, 'standard/final.pt'), '--epochs', epochs('adversarial'), ...quick)] },
  { name: 'stylized', minutes: 4, run: () => [py('train.py', 'stylized', '--data', data, '--out', join(runs, 'stylized'), '--init', join(runs, 'standard/final.pt'), '--epochs', epochs('stylized'), ...quick)] },
  { name: 'export', minutes: 3, run: () => [py('export_zoo.py', '--runs', runs, '--data', data, '--out', out, ...(args.float32 ? ['--float32'] : []))] },
  // 11 models × 800 test images through keras_reference.py: ≈25 s on the 2-core machine
  { name: 'neuron-groups', minutes: 1, run: () => [py('neuron_groups.py', '--data', data, '--out', out)] },
  // every channel of the 8 block outputs of the 3 final models, 128 steps each: 29.5 min on the idle 2-core machine, 38 min loaded
  { name: 'feature-vis', minutes: 30, run: () => [py('feature_vis.py', '--out', out, '--cache', join(runs, 'feature-vis'), ...(args.quick ? ['--steps', '2'] : []))] },
  { name: 'evaluate', minutes: 8, run: () => [py('evaluate.py', '--runs', runs, '--data', data, '--out', out, ...(args.quick ? ['--robust-images', '50', '--align-images', '50', '--mix-robust-images', '20'] : []))] },
  // 50 test images × 3 final models, 10 PGD steps each: 4m48s on the idle 2-core machine, 10m49s at load 5
  { name: 'browser-eval', minutes: 8, run: () => [['node', [join(here, 'browser-eval.mjs'), '--out', out, '--data', data, '--images', args.quick ? '10' : args['browser-images']]]] },
  { name: 'check', minutes: 2, run: () => (args['skip-check'] ? [] : [
    ['npx', ['vitest', 'run', '--project', 'unit', 'tests/unit/zoo-parity.test.ts'], { ZOO_DIR: out }],
    // the models classify fresh renders at their reported accuracy; --quick models are not expected to
    ...(args.quick ? [] : [['npx', ['vitest', 'run', '--project', 'browser', 'tests/browser/zoo-models.browser.test.ts'], { ZOO_DIR: out }]]),
  ]) },
]

function generateData() {
  if (args['skip-data']) return log('data: skipped (--skip-data)') ?? []
  if (!existsSync(join(here, 'generate.mjs'))) {
    if (existsSync(join(data, 'train.json'))) return log(`data: generate.mjs not found, using the existing ${data}`) ?? []
    throw new Error(`no generate.mjs and no data in ${data}`)
  }
  return [['node', [join(here, 'generate.mjs'), '--out', data]]]
}

const started = Date.now()
const fmt = (ms) => {
  const s = Math.round(ms / 1000)
  return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
}
function log(message) {
  console.log(`[zoo] ${message}`)
}

function checkPython() {
  const r = spawnSync(args.python, ['-c', 'import torch, numpy; print(torch.__version__)'], { encoding: 'utf8' })
  if (r.status !== 0) {
    console.error(`[zoo] ${args.python} cannot import torch and numpy. On Debian: sudo apt-get install python3-torch (then run with /usr/bin/python3).`)
    process.exit(1)
  }
  log(`PyTorch ${r.stdout.trim()} (${args.python})`)
}

const names = STAGES.map((s) => s.name)
for (const option of ['from', 'only']) {
  if (args[option] && !names.includes(args[option])) throw new Error(`--${option} must be one of ${names.join(', ')}`)
}
const first = args.only ? names.indexOf(args.only) : args.from ? names.indexOf(args.from) : 0
const last = args.only ? first : STAGES.length - 1
const selected = STAGES.slice(first, last + 1)
const planned = selected.reduce((sum, s) => sum + s.minutes, 0)

checkPython()
if (args.quick) log('--quick: 1 epoch on 256 images per stage; a smoke test of the pipeline, not a zoo to commit')
log(`stages: ${selected.map((s) => s.name).join(' → ')} (planned ~${planned} min on 2 cores)`)
let plannedDone = 0
for (const [i, stage] of selected.entries()) {
  const remaining = planned - plannedDone
  log(`── ${i + 1}/${selected.length} ${stage.name}  (elapsed ${fmt(Date.now() - started)}, planned remaining ~${remaining} min)`)
  const t0 = Date.now()
  for (const [cmd, cmdArgs, env] of stage.run()) {
    const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit', cwd: repo, env: { ...process.env, PYTHONUNBUFFERED: '1', OMP_WAIT_POLICY: process.env.OMP_WAIT_POLICY ?? 'PASSIVE', ...env } })
    if (r.status !== 0) {
      console.error(`[zoo] stage ${stage.name} failed (exit ${r.status ?? r.signal}); resume with: npm run zoo -- --from ${stage.name}`)
      process.exit(1)
    }
  }
  plannedDone += stage.minutes
  log(`${stage.name} done in ${fmt(Date.now() - t0)}`)
}
log(`all done in ${fmt(Date.now() - started)}: ${out}`)
