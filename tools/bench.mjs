#!/usr/bin/env node
// `npm run bench`: serves bench/ with Vite, runs it in headless Chromium (WebGL on whatever
// GPU the machine has; SwiftShader here) and writes bench/results.json. Reports, never asserts.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import react from '@vitejs/plugin-react'
import { hdriModules, sourceAliases } from './aliases.mjs'
import { runInChromium } from './servedChromium.mjs'
import { sharedModelsDir, sharedModelsPlugin } from './sharedModels.mjs'

// pretrained test models beside the checkout (see tools/test.mjs); the runtime bench needs them
const modelsDir = sharedModelsDir()
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const pacing = process.argv.find((a) => a.startsWith('--pacing='))?.slice('--pacing='.length)

/**
 * The ImageNet-C reference's timing (tools/imagenet-c/reference_timing.py), for the GPU corruptions'
 * speedup over it, measured in this run. Python with the reference's dependencies is optional: without
 * it the metric is left out and this says why.
 */
function imagenetCReferenceTiming() {
  if (only.length && !only.includes('imagenet-c')) return null
  const source = new URL('../../shared/reference/imagecorruptions-src', import.meta.url).pathname
  const python = process.env.PERTURBER_PYTHON ?? '/usr/bin/python3'
  if (!existsSync(source) || !existsSync(python)) return console.warn(`[bench] no ImageNet-C reference (${source}) or no ${python}: imagenet_c_gpu_vs_reference_speedup left out`), null
  const run = spawnSync(python, [new URL('./imagenet-c/reference_timing.py', import.meta.url).pathname], { env: { ...process.env, PYTHONPATH: source }, encoding: 'utf8', timeout: 10 * 60_000 })
  if (run.status !== 0) return console.warn(`[bench] the ImageNet-C reference did not run (${(run.stderr || run.error?.message || '').trim().split('\n').pop()}): imagenet_c_gpu_vs_reference_speedup left out`), null
  return run.stdout.trim()
}
const imagenetCReference = imagenetCReferenceTiming()

// React's production build, as users get it (`npm run build:app`): its development build does far
// more work per render (owner stacks, checks), which the app suite would otherwise measure.
// NODE_ENV=development npm run bench measures the development build.
process.env.NODE_ENV ??= 'production'

// The page is composited in software, as Chrome does on a machine without a usable GPU (WebGL
// still runs on SwiftShader). The tests' flags make SwiftShader composite too (--ignore-gpu-blocklist),
// which costs ~25 ms of the GPU process' single thread per page update: the app, which must show
// its results, would pay it on every frame and the bare pipeline, which shows nothing, never.
// (On a real GPU, PERTURBER_CHROMIUM_GL in tools/chromium.mjs, Chrome composites on it as usual.)
const softwareCompositing = process.env.PERTURBER_CHROMIUM_GL ? [] : ['--disable-gpu-compositing']
await runInChromium(
  {
    root: new URL('../bench', import.meta.url).pathname,
    // the repository's models/ folder as the public folder, as for the app site: the app suite loads the model zoo
    publicDir: new URL('../models', import.meta.url).pathname,
    plugins: [react(), sharedModelsPlugin(modelsDir)],
    resolve: { alias: sourceAliases },
    // pre-bundle up front: a mid-run dependency re-optimisation would reload the page and restart the bench
    optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow-models/mobilenet/dist/imagenet_classes.js', 'three', 'three/examples/jsm/loaders/EXRLoader.js', 'three/examples/jsm/postprocessing/EffectComposer.js', 'three/examples/jsm/postprocessing/Pass.js', 'react', 'react/jsx-dev-runtime', 'react-dom/client', ...hdriModules] },
    define: { __PERTURBER_MODELS_DIR__: JSON.stringify(modelsDir) },
  },
  async ({ url, newPage }) => {
    const page = await newPage()
    page.on('console', (m) => console.log(`[page] ${m.text()}`))
    const query = new URLSearchParams()
    if (only.length) query.set('only', only.join(','))
    if (pacing) query.set('pacing', pacing)
    if (imagenetCReference) query.set('imagenetCReference', imagenetCReference)
    await page.goto(`${url}?${query}`)
    await page.waitForFunction(() => window.__benchDone, null, { timeout: 20 * 60_000, polling: 1000 })
    const result = await page.evaluate(() => window.__benchDone)
    if ('error' in result) throw new Error(result.error)
    const out = new URL('../bench/results.json', import.meta.url)
    // a subset run updates its metrics and keeps the others
    if (only.length && existsSync(out)) result.metrics = { ...JSON.parse(readFileSync(out, 'utf8')).metrics, ...result.metrics }
    writeFileSync(out, JSON.stringify(result, null, 2) + '\n')
    console.log(`\nwrote ${out.pathname}`)
    for (const [name, m] of Object.entries(result.metrics)) console.log(`${name.padEnd(32)} ${m.value.toFixed(3)}  ${m.note}`)
  },
  { args: softwareCompositing },
)
