#!/usr/bin/env node
// The zoo's in-browser robustness check (issue 4: "robust accuracy under an in-browser PGD attack at
// the training ε: adversarial ≫ standard"). Serves tools/zoo/browser-eval with Vite, opens it in
// headless Chromium, loads each zoo model through @perturber/model-runtime with its descriptor.json
// and attacks the first --images test images with the runtime's own PGD (runtime.createAttack): L∞,
// the ε, step count and step size of report.json's "attack" (evaluate.py's PyTorch PGD), untargeted
// against the true label, no random start. Writes "browserAttack" and per model
// "browserRobustAccuracy" / "browserCleanAccuracy" into <out>/report.json, adds the check
// "adversarial in-browser robust accuracy > standard", and regenerates REPORT.md (report_md.py).
//
//   node tools/zoo/browser-eval.mjs [--out models/perturber-zoo] [--data tools/zoo/data] [--images 50]
//     [--models final|all|<path>,<path>] [--backend auto|cpu|webgl] [--workers 2] [--details FILE]
import { closeSync, existsSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { sourceAliases } from '../aliases.mjs'
import { runInChromium } from '../servedChromium.mjs'
import { zooModelsPlugin } from '../zooModels.mjs'

const here = fileURLToPath(new URL('.', import.meta.url))
const repo = resolve(here, '../..')

const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: join(repo, 'models/perturber-zoo') },
    data: { type: 'string', default: join(here, 'data') },
    // 50 images × 3 final models: ~5 min on the idle 2-core machine, ~11 min at load 5 (README: speed)
    images: { type: 'string', default: '50' },
    models: { type: 'string', default: 'final' },
    // auto: the runtime's plan, but cpu where WebGL is a software rasteriser (see browser-eval/main.ts)
    backend: { type: 'string', default: 'auto' },
    chunk: { type: 'string', default: '5' },
    workers: { type: 'string', default: '2' },
    python: { type: 'string', default: process.env.PYTHON ?? '/usr/bin/python3' },
    // per-image labels and predictions as JSON (to compare with another implementation image by image)
    details: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
})
if (args.help) {
  console.log('usage: node tools/zoo/browser-eval.mjs [--out DIR] [--data DIR] [--images 50] [--models final|all|a,b] [--backend auto|cpu|webgl] [--workers 2] [--details FILE]')
  process.exit(0)
}
const CHECK = 'adversarial in-browser robust accuracy > standard in-browser robust accuracy'
const out = resolve(args.out), data = resolve(args.data)
const positive = (name) => {
  const v = Number(args[name])
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be a positive integer, got ${args[name]}`)
  return v
}
const images = positive('images'), chunk = positive('chunk'), workers = positive('workers')

const readJson = (path, hint) => {
  if (!existsSync(path)) throw new Error(`${path} not found${hint ? `: ${hint}` : ''}`)
  return JSON.parse(readFileSync(path, 'utf8'))
}
const index = readJson(join(out, 'index.json'), 'run the export stage first')
const report = readJson(join(out, 'report.json'), 'run the evaluate stage first (browser-eval adds to its report.json)')
const testMeta = readJson(join(data, 'test.json'), 'the test split of the zoo data (generate.mjs)')

// the attack of evaluate.py's PyTorch robust accuracy, so the two numbers are comparable
const { eps, steps, stepSize } = report.attack
if (!(eps > 0 && Number.isInteger(steps) && steps > 0 && stepSize > 0)) throw new Error(`report.json "attack" is incomplete: ${JSON.stringify(report.attack)}`)
const settings = { epsilon: eps, stepSize, steps }

const selected = args.models === 'all' ? index.models
  : args.models === 'final' ? index.models.filter((m) => m.final)
    : args.models.split(',').map((path) => index.models.find((m) => m.path === path.trim()) ?? (() => { throw new Error(`no model "${path}" in index.json`) })())

const [height, width] = index.inputSize
if (testMeta.size !== width || testMeta.size !== height) throw new Error(`test images are ${testMeta.size} px, the zoo's input is ${width}×${height}`)
const count = Math.min(images, testMeta.count)
const bytesPer = width * height * 3
const pixels = Buffer.alloc(count * bytesPer)
{
  const fd = openSync(join(data, 'test.u8'), 'r')
  const got = readSync(fd, pixels, 0, pixels.length, 0)
  closeSync(fd)
  if (got !== pixels.length) throw new Error(`test.u8 holds fewer than ${count} images`)
}
const labels = testMeta.labels.slice(0, count)

const fmt = (s) => {
  if (s < 60) return `${s.toFixed(1)}s`
  const r = Math.round(s) // round once, or 119.6 s would print as 1m60s
  return `${Math.floor(r / 60)}m${String(r % 60).padStart(2, '0')}s`
}
const pct = (v) => (v == null ? '–' : `${(100 * v).toFixed(1)}%`)
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const log = (message) => console.log(`[browser-eval] ${message}`)

await runInChromium(
  {
    root: join(here, 'browser-eval'),
    configFile: false,
    // own dependency cache: sharing node_modules/.vite with tests or the bench running at the same time
    // makes each re-optimise and reload the other's pages
    cacheDir: join(repo, 'node_modules/.vite/zoo-browser-eval'),
    plugins: [zooModelsPlugin(out)],
    resolve: { alias: sourceAliases },
    // pre-bundled up front: a mid-run re-optimisation would reload the page and lose the loaded models
    optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm'] },
  },
  async ({ url, newPage }) => {
    const started = performance.now()
    /** One page = one runtime. TF.js' cpu backend is single-threaded JavaScript, so two pages use both cores. */
    const openPage = async () => {
      const page = await newPage()
      await page.goto(url)
      await page.waitForFunction(() => window.browserEvalReady, null, { timeout: 5 * 60_000, polling: 200 })
      const ready = await page.evaluate(() => window.browserEvalReady)
      if (ready !== true) throw new Error(ready.error)
      const env = await page.evaluate((backend) => window.browserEval.setup(backend), args.backend)
      return { page, env, baselineTensors: undefined }
    }
    const pages = await Promise.all(Array.from({ length: workers }, openPage))
    const { env } = pages[0]
    log(`TF.js ${env.tfjsVersion}; WebGL renderer: ${env.webglRenderer ?? 'none'}; backends: ${env.plan.reason}; ${workers} page(s)`)
    log(`${selected.length} models × ${count} test images: L∞ PGD ε = ${eps * 255}/255, ${steps} steps of ${stepSize * 255}/255, against the true label, no random start`)

    const total = selected.length * count
    let done = 0
    const t0 = performance.now()
    const results = new Map()
    const stepMs = []
    let warmUpSeconds = 0
    for (const entry of selected) {
      const rows = new Array(count)
      let next = 0
      // each page loads the model and takes chunks of images until none are left
      await Promise.all(pages.map(async (worker) => {
        const { page } = worker
        const info = await page.evaluate((path) => window.browserEval.load(path), entry.path)
        if (info.inputSize[0] !== height || info.inputSize[1] !== width) throw new Error(`${entry.path}: input ${info.inputSize.join('×')}, index.json says ${height}×${width}`)
        warmUpSeconds = Math.max(warmUpSeconds, info.warmUpSeconds)
        for (let i = next; i < count; i = next) {
          const n = Math.min(chunk, count - i)
          next = i + n
          const rgb = pixels.subarray(i * bytesPer, (i + n) * bytesPer).toString('base64')
          const got = await page.evaluate(([path, b64, ls, s]) => window.browserEval.attack(path, b64, ls, s), [entry.path, rgb, labels.slice(i, i + n), settings])
          got.forEach((r, k) => (rows[i + k] = r))
          done += n
          const elapsed = (performance.now() - t0) / 1000
          process.stdout.write(`\r[browser-eval] ${entry.path}: ${rows.filter(Boolean).length}/${count}  total ${done}/${total}  ${(done / elapsed).toFixed(2)} img/s  elapsed ${fmt(elapsed)}  ETA ${fmt(((total - done) * elapsed) / done)}   `)
        }
        const { tensors } = await page.evaluate((path) => window.browserEval.unload(path), entry.path)
        // every model is freed the same way, so the count after each must not grow (tf.tidy / dispose discipline)
        worker.baselineTensors ??= tensors
        if (tensors > worker.baselineTensors) throw new Error(`TF.js tensors grew from ${worker.baselineTensors} to ${tensors} after unloading ${entry.path}: a leak in the runtime's attack path`)
      }))
      stepMs.push(...rows.map((r) => r.attackMs / steps))
      const clean = rows.filter((r) => r.clean === r.label).length / count
      const robust = rows.filter((r) => r.adversarial === r.label).length / count
      results.set(entry.path, { clean, robust, rows })
      const row = report.models.find((m) => m.path === entry.path)
      process.stdout.write('\n')
      log(`${entry.path}: clean ${pct(clean)}, in-browser PGD robust ${pct(robust)} (PyTorch, ${report.attack.images} images, random start: clean ${pct(row?.cleanAccuracy)}, robust ${pct(row?.robustAccuracy)})`)
    }

    const seconds = (performance.now() - started) / 1000
    report.browserAttack = {
      implementation: '@perturber/model-runtime: ModelRuntime.createAttack (PgdAttack) in headless Chromium (tools/zoo/browser-eval.mjs)',
      norm: 'linf',
      eps,
      epsPixels255: eps * 255,
      steps,
      stepSize,
      randomStart: false,
      loss: 'untargeted: ascend the cross-entropy of the true label',
      images: count,
      models: selected.map((m) => m.path),
      backend: { option: args.backend, forward: env.plan.forward, gradient: env.plan.gradient, reason: env.plan.reason },
      pages: workers,
      webglRenderer: env.webglRenderer ?? null,
      tfjsVersion: env.tfjsVersion,
      // one step = one gradient; each image's 10 steps also pay one forward pass that reads the result
      msPerStep: median(stepMs),
      warmUpSeconds,
      seconds,
      generated: new Date().toISOString().replace(/\.\d+Z$/, '+00:00'),
    }
    for (const m of report.models) {
      const r = results.get(m.path)
      m.browserCleanAccuracy = r ? r.clean : null
      m.browserRobustAccuracy = r ? r.robust : null
    }
    const std = report.models.find((m) => m.final && m.variant === 'standard')
    const adv = report.models.find((m) => m.final && m.variant === 'adversarial')
    report.checks = (report.checks ?? []).filter((c) => c.check !== CHECK)
    if (std?.browserRobustAccuracy != null && adv?.browserRobustAccuracy != null) {
      const check = { check: CHECK, value: [adv.browserRobustAccuracy, std.browserRobustAccuracy], pass: adv.browserRobustAccuracy > std.browserRobustAccuracy }
      report.checks.push(check)
      log(`${check.pass ? 'PASS' : 'FAIL'}: ${CHECK} (${check.value.map(pct).join(' vs ')})`)
    }
    writeFileSync(join(out, 'report.json'), JSON.stringify(report, null, 1) + '\n')
    if (args.details) writeFileSync(resolve(args.details), JSON.stringify(Object.fromEntries([...results].map(([path, r]) => [path, r.rows]))) + '\n')
    const md = spawnSync(args.python, [join(here, 'report_md.py'), join(out, 'report.json'), join(out, 'REPORT.md')], { stdio: 'inherit' })
    if (md.status !== 0) throw new Error(`report_md.py failed (exit ${md.status ?? md.signal})`)
    log(`median ${report.browserAttack.msPerStep.toFixed(0)} ms per PGD step on ${env.plan.gradient}; wrote report.json and REPORT.md in ${fmt(seconds)}`)
  },
)
