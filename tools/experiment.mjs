#!/usr/bin/env node
// `npm run experiment -- <name> …`: runs an experiment headless, in Chromium, on the same
// frame-path core as the app (tools/experiment/main.ts), and writes its result as JSON, CSV and a
// PNG plot. Everything is checked before any work starts.
//
//   npm run experiment -- sweep spec.json [--shard k/n] [--models a[,b]] [--out DIR]
//   npm run experiment -- merge part1/sweep.json part2/sweep.json … [--out DIR]
//   npm run experiment -- yaw-fluctuation [--models a[,b]] [--objects dog,cat,…] [--out DIR]
//   npm run experiment -- background-dependence [--models a[,b]] [--objects dog,cat,…] [--out DIR]
//   npm run experiment -- recognition [--models a[,b]] [--objects dog,cat,…] [--out DIR]
//   npm run experiment -- imagenet-c [--models a[,b]] [--corruptions fog,jpeg,…] [--severities 1,3] [--views N] [--out DIR]
//
// A sweep's shards (`--shard 1/4` … `--shard 4/4`, on as many machines as you like) merge into
// exactly the result of the unsplit run.
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { hdriModules, sourceAliases } from './aliases.mjs'
import { sharedModelsDir, sharedModelsPlugin } from './sharedModels.mjs'

const EXPERIMENTS = {
  sweep: 'sweep <spec.json> [--shard k/n] [--models a[,b]] [--out DIR]: a parameter sweep (see packages/app/README.md, "Sweeps")',
  merge: 'merge <a.json> <b.json> … [--out DIR]: merges the shards of one sweep',
  'yaw-fluctuation': "yaw-fluctuation [--models a[,b]] [--objects dog,cat,…] [--out DIR]: the thesis' yaw fluctuation score (§7.3.1) per object and model",
  'background-dependence': "background-dependence [--models a[,b]] [--objects dog,cat,…] [--out DIR]: accuracy with own, other, neutral and no object (thesis §7.3.2)",
  recognition: 'recognition [--models a[,b]] [--objects dog,cat,…] [--out DIR]: does each model see the objects (default view, yaw sweep) and which cue wins in the cue conflicts',
  'imagenet-c': 'imagenet-c [--models a[,b]] [--corruptions fog,jpeg,…] [--severities 1,3] [--views N] [--out DIR]: top-1 error under each ImageNet-C corruption and severity on N rendered views of each of the ten objects (default 5), CE and mCE against Model 1',
}
/** the experiments on the scene's objects: they take --objects and no files */
const SCENE_EXPERIMENTS = ['yaw-fluctuation', 'background-dependence', 'recognition']
/** the same limit as the page's (SWEEP_LIMITS.importBytes) */
const MAX_INPUT_BYTES = 64 * 1024 * 1024

function usage(message) {
  if (message) console.error(`experiment: ${message}\n`)
  console.error(`usage: npm run experiment -- <name> …\n${Object.values(EXPERIMENTS).map((line) => `  ${line}`).join('\n')}`)
  process.exit(message ? 2 : 0)
}

let parsed
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      shard: { type: 'string' },
      models: { type: 'string' },
      objects: { type: 'string' },
      corruptions: { type: 'string' },
      severities: { type: 'string' },
      views: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  })
} catch (e) {
  usage(e.message)
}
const { values: args, positionals } = parsed
if (args.help || positionals.length === 0) usage()
const [name, ...inputs] = positionals
if (!(name in EXPERIMENTS)) usage(`unknown experiment "${name}" (known: ${Object.keys(EXPERIMENTS).join(', ')})`)

function readInput(path) {
  const full = resolve(path)
  if (!existsSync(full)) usage(`${path}: no such file`)
  const stat = statSync(full)
  if (!stat.isFile()) usage(`${path}: not a file`)
  if (stat.size > MAX_INPUT_BYTES) usage(`${path}: ${(stat.size / 1048576).toFixed(1)} MB, over the ${MAX_INPUT_BYTES / 1048576} MB limit`)
  try {
    return readFileSync(full, 'utf8')
  } catch (e) {
    usage(`${path}: cannot be read (${e.code ?? e.message})`)
  }
}

let shard
if (args.shard !== undefined) {
  if (name !== 'sweep') usage('--shard applies to sweeps only')
  const match = /^(\d+)\/(\d+)$/.exec(args.shard)
  const k = match && Number(match[1]), n = match && Number(match[2])
  if (!match || k < 1 || n < 1 || k > n || n > 10_000) usage(`--shard: expected k/n with 1 ≤ k ≤ n ≤ 10000 (e.g. --shard 2/4), got "${args.shard}"`)
  shard = { k, n }
}
const models = args.models === undefined ? undefined : args.models.split(',').map((m) => m.trim())
if (models && (models.length === 0 || models.some((m) => !m))) usage(`--models: a comma-separated list of model names, got "${args.models}"`)

/** The scene's objects (packages/app/src/experiments/objects.ts, SCENE_OBJECTS; a unit test keeps them equal). */
const SCENE_OBJECT_NAMES = ['dog', 'cat', 'fire truck', 'race car', 'teapot', 'coffee mug', 'goldfish', 'macaw', 'airliner', 'sailboat']
const objects = args.objects === undefined ? undefined : args.objects.split(',').map((o) => o.trim())
if (objects && (!SCENE_EXPERIMENTS.includes(name) || objects.some((o) => !o))) usage(!SCENE_EXPERIMENTS.includes(name) ? `--objects applies to ${SCENE_EXPERIMENTS.join(', ')} only` : `--objects: a comma-separated list of object names, got "${args.objects}"`)

/** ImageNet-C's corruptions, the reference's names then our ids (packages/app/src/batch/corruptions.ts, IMAGENET_C_CORRUPTIONS; a unit test keeps them equal). */
const IMAGENET_C_NAMES = ['gaussian_noise', 'shot_noise', 'impulse_noise', 'defocus_blur', 'glass_blur', 'motion_blur', 'zoom_blur', 'snow', 'frost', 'fog', 'brightness', 'contrast', 'elastic_transform', 'pixelate', 'jpeg_compression', 'speckle_noise', 'gaussian_blur', 'spatter', 'saturate']
const IMAGENET_C_IDS = ['gaussian-noise', 'shot-noise', 'impulse-noise', 'defocus-blur', 'glass-blur', 'motion-blur', 'zoom-blur', 'snow', 'frost', 'fog', 'brightness', 'contrast', 'elastic-transform', 'pixelate', 'jpeg', 'speckle-noise', 'gaussian-blur', 'spatter', 'saturation']
for (const option of ['corruptions', 'severities', 'views']) if (args[option] !== undefined && name !== 'imagenet-c') usage(`--${option} applies to imagenet-c only`)
const list = (option) => (args[option] === undefined ? undefined : args[option].split(',').map((v) => v.trim()))
const corruptions = list('corruptions')
if (corruptions?.some((c) => !c)) usage(`--corruptions: a comma-separated list of corruption names, got "${args.corruptions}"`)
const unknownCorruption = corruptions?.find((c) => !IMAGENET_C_NAMES.includes(c) && !IMAGENET_C_IDS.includes(c))
if (unknownCorruption !== undefined) usage(`--corruptions: no ImageNet-C corruption named "${unknownCorruption}" (known: ${IMAGENET_C_NAMES.join(', ')})`)
const severities = list('severities')?.map((v) => (/^[1-5]$/.test(v) ? Number(v) : usage(`--severities: whole numbers from 1 to 5, got "${v}"`)))
const views = args.views === undefined ? undefined : /^\d+$/.test(args.views) && Number(args.views) >= 1 && Number(args.views) <= 200 ? Number(args.views) : usage(`--views: views of each object, a whole number from 1 to 200, got "${args.views}"`)

let job
if (name === 'imagenet-c') {
  if (inputs.length) usage(`imagenet-c takes no files, got ${inputs.join(' ')}`)
  job = { name, models, corruptions, severities, views }
} else if (name === 'sweep') {
  if (inputs.length !== 1) usage('sweep takes one spec file')
  job = { name, spec: readInput(inputs[0]), shard, models }
} else if (SCENE_EXPERIMENTS.includes(name)) {
  if (inputs.length) usage(`${name} takes no files, got ${inputs.join(' ')}`)
  const unknown = objects?.find((o) => !SCENE_OBJECT_NAMES.includes(o.toLowerCase()))
  if (unknown !== undefined) usage(`--objects: no scene object named "${unknown}" (known: ${SCENE_OBJECT_NAMES.join(', ')})`)
  job = { name, models, objects }
} else {
  if (inputs.length < 1) usage('merge takes the shards\' sweep.json files')
  job = { name, parts: inputs.map(readInput) }
}

const modelsDir = sharedModelsDir()
const sharedModels = modelsDir ? readdirSync(modelsDir).filter((d) => existsSync(join(modelsDir, d, 'model.json'))) : []
// a model the page could not find is refused here, before Chromium starts (the page says the same)
if (models) {
  let zoo = []
  try {
    zoo = [...new Set(JSON.parse(readFileSync(new URL('../models/perturber-zoo/index.json', import.meta.url), 'utf8')).models.map((m) => m.variant))]
  } catch {
    // no zoo: only shared models and URLs
  }
  const unknownModel = models.find((m) => !zoo.includes(m) && !sharedModels.includes(m) && !/^https?:\/\//.test(m))
  if (unknownModel !== undefined) usage(`--models: no model named "${unknownModel}". Known: ${[...zoo, ...sharedModels].join(', ') || 'none'} (or an http(s) URL of a model.json).`)
}

const outDir = resolve(args.out ?? (shard ? `experiment-out/${name}-${shard.k}of${shard.n}` : `experiment-out/${name}`))
try {
  mkdirSync(outDir, { recursive: true })
  accessSync(outDir, constants.W_OK)
} catch (e) {
  usage(`--out ${outDir}: cannot be written (${e.code ?? e.message})`)
}

process.env.NODE_ENV ??= 'production'
// Vite and Playwright load only once the arguments are good: a refusal comes back at once
const [{ default: react }, { runInChromium }] = await Promise.all([import('@vitejs/plugin-react'), import('./servedChromium.mjs')])
await runInChromium(
  {
    root: new URL('./experiment', import.meta.url).pathname,
    publicDir: new URL('../models', import.meta.url).pathname,
    plugins: [react(), sharedModelsPlugin(modelsDir)],
    resolve: { alias: sourceAliases },
    optimizeDeps: { include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'three', 'three/examples/jsm/loaders/EXRLoader.js', 'three/examples/jsm/postprocessing/EffectComposer.js', 'three/examples/jsm/postprocessing/Pass.js', 'react', 'react/jsx-dev-runtime', 'react-dom/client', ...hdriModules] },
  },
  async ({ url, newPage }) => {
    const page = await newPage()
    page.on('console', (m) => console.log(m.text()))
    await page.goto(url)
    await page.waitForFunction(() => typeof window.__experiment === 'function', null, { timeout: 120_000 })
    const output = await page.evaluate((job) => window.__experiment(job), { ...job, sharedModels })
    // said in the user's terms: no stack trace
    if ('error' in output) throw Object.assign(new Error(`experiment ${name}: ${output.error}`), { userFacing: true })
    const stem = name === 'merge' ? 'sweep' : name
    writeFileSync(join(outDir, `${stem}.json`), output.json)
    writeFileSync(join(outDir, `${stem}.csv`), output.csv)
    await page.locator('#figure').screenshot({ path: join(outDir, 'plot.png') })
    console.log(`${output.summary}\nwrote ${outDir}/{${stem}.json,${stem}.csv,plot.png}`)
  },
)
