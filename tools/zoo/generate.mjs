#!/usr/bin/env node
// The model zoo's dataset generator: renders labelled images with the scene package in headless
// Chromium (Vite serves tools/zoo/render, which imports the TypeScript sources) and writes
//   <out>/<split>.u8    N × size × size × 3 uint8, RGB, row 0 = top, sample-major
//   <out>/<split>.json  { split, count, size, seed, classes, labels[, shapeLabels, textureLabels] }
//   <out>/classes.json  [{ id, name, imagenetLikeName, example }]   <out>/examples/<id>.png
// Deterministic: the same arguments give identical bytes. See tools/zoo/README.md.
//
//   node tools/zoo/generate.mjs --out tools/zoo/data --size 112 --seed 1 \
//     [--train 800 --val 80 --test 80 --cue 40 --stylized 500] [--splits train,val] [--batch 128]
import { closeSync, mkdirSync, openSync, readSync, writeFileSync, writeSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { PNG } from 'pngjs'
import { sourceAliases } from '../aliases.mjs'
import { runInChromium } from '../servedChromium.mjs'

const here = fileURLToPath(new URL('.', import.meta.url))
const repo = resolve(here, '../..')

const { values: args } = parseArgs({
  options: {
    out: { type: 'string', default: join(here, 'data') },
    size: { type: 'string', default: '112' },
    seed: { type: 'string', default: '1' },
    // images per class; ~15,000 in all, about 9 minutes on the 2-core SwiftShader machine
    train: { type: 'string', default: '800' },
    val: { type: 'string', default: '80' },
    test: { type: 'string', default: '80' },
    cue: { type: 'string', default: '40' },
    stylized: { type: 'string', default: '500' },
    splits: { type: 'string', default: 'train,val,test,cue-conflict,train-stylized' },
    batch: { type: 'string', default: '128' },
    verify: { type: 'string', default: '4' },
    help: { type: 'boolean', default: false },
  },
})
if (args.help) {
  console.log('usage: node tools/zoo/generate.mjs [--out DIR] [--size 112] [--seed 1] [--train N --val N --test N --cue N --stylized N (per class)] [--splits a,b] [--batch 128] [--verify 4]')
  process.exit(0)
}
const int = (name) => {
  const v = Number(args[name])
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a non-negative integer, got ${args[name]}`)
  return v
}
const size = int('size'), seed = int('seed'), batch = Math.max(1, int('batch')), verify = int('verify')
const outDir = resolve(args.out)
const bytesPer = size * size * 3

/**
 * Splits: per-class counts and the seed namespace of each. train-stylized shares train's
 * namespace on purpose: its sample i is train's sample i (same view, background and
 * post-processing) with the object's texture replaced by a random style.
 */
const SPLITS = {
  train: { perClass: int('train'), namespace: 0 },
  val: { perClass: int('val'), namespace: 1 },
  test: { perClass: int('test'), namespace: 2 },
  'cue-conflict': { perClass: int('cue'), namespace: 3 },
  'train-stylized': { perClass: int('stylized'), namespace: 0 },
}
const wanted = args.splits.split(',').map((s) => s.trim()).filter(Boolean)
for (const s of wanted) if (!(s in SPLITS)) throw new Error(`unknown split "${s}" (have: ${Object.keys(SPLITS).join(', ')})`)

const fmt = (s) => (s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m` : s >= 60 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${s.toFixed(1)}s`)

await runInChromium(
  {
    root: join(here, 'render'),
    configFile: false,
    // our own dependency cache: sharing node_modules/.vite with other Vite configs running at the
    // same time (tests, bench) makes each re-optimise and reload the other's pages
    cacheDir: join(repo, 'node_modules/.vite/zoo'),
    resolve: { alias: sourceAliases },
    // pre-bundle up front: a mid-run dependency re-optimisation would reload the page
    optimizeDeps: { include: ['three', 'three/examples/jsm/loaders/EXRLoader.js', 'three/examples/jsm/postprocessing/EffectComposer.js', 'three/examples/jsm/postprocessing/Pass.js'] },
  },
  async ({ url: served, newPage }) => {
    const started = performance.now()
    const page = await newPage()
    const url = `${served}?size=${size}`
    const whenReady = async () => {
      await page.waitForFunction(() => window.zooReady, null, { timeout: 10 * 60_000, polling: 200 })
      const ready = await page.evaluate(() => window.zooReady)
      if ('error' in ready) throw new Error(ready.error)
    }
    /**
     * Runs `fn` in the page; if Vite reloaded the page meanwhile (it does when it discovers a
     * dependency late), waits for the fresh page and runs it again: rendering is deterministic,
     * so a repeated batch gives the same bytes.
     */
    const inPage = async (fn, arg) => {
      for (let attempt = 0; ; attempt++) {
        try {
          return await page.evaluate(fn, arg)
        } catch (e) {
          if (attempt >= 2 || !/context was destroyed|navigation|zoo is undefined|Cannot read properties of undefined/.test(String(e))) throw e
          console.warn(`\n[zoo] the page reloaded (${String(e).split('\n')[0]}); retrying`)
          await whenReady()
        }
      }
    }
    await page.goto(url)
    await whenReady()
    const classes = await inPage(() => window.zoo.classes)
    const C = classes.length
    const partner = classes.map((c) => classes.findIndex((o) => o.object === c.object && o.end !== c.end))
    const names = classes.map((c) => c.name)
    mkdirSync(join(outDir, 'examples'), { recursive: true })

    /** The sample specs of a split, in file order: classes interleaved (sample i has class i mod C). */
    const specsOf = async (split) => {
      const { perClass, namespace } = SPLITS[split]
      const seeds = await inPage(([s, n, count]) => window.zoo.sampleSeeds(s, n, count), [seed, namespace, perClass * C])
      return seeds.map((sampleSeed, i) => {
        const shape = i % C
        const texture = split === 'cue-conflict' ? partner[shape] : shape
        return { seed: sampleSeed, shape, texture, stylized: split === 'train-stylized' }
      })
    }
    const renderBatch = async (specs) => Buffer.from(await inPage((s) => window.zoo.renderBatch(s), specs), 'base64')

    const plan = []
    for (const split of wanted) plan.push({ split, specs: await specsOf(split) })
    const total = plan.reduce((n, p) => n + p.specs.length, 0)
    console.log(`zoo data: ${C} classes (${names.join(', ')}), ${size}×${size}, seed ${seed}, ${total} images → ${outDir}`)
    let done = 0
    const t0 = performance.now()
    for (const { split, specs } of plan) {
      const file = join(outDir, `${split}.u8`)
      const fd = openSync(file, 'w')
      const splitStart = performance.now()
      for (let i = 0; i < specs.length; i += batch) {
        const chunk = specs.slice(i, i + batch)
        const bytes = await renderBatch(chunk)
        if (bytes.length !== chunk.length * bytesPer) throw new Error(`page returned ${bytes.length} bytes for ${chunk.length} samples`)
        writeSync(fd, bytes)
        done += chunk.length
        const elapsed = (performance.now() - t0) / 1000
        const rate = done / elapsed
        process.stdout.write(`\r[${split}] ${Math.min(i + batch, specs.length)}/${specs.length}  total ${done}/${total}  ${rate.toFixed(1)} img/s  elapsed ${fmt(elapsed)}  ETA ${fmt((total - done) / rate)}   `)
      }
      closeSync(fd)
      process.stdout.write(`\n[${split}] ${specs.length} images in ${fmt((performance.now() - splitStart) / 1000)}\n`)
      // determinism check: re-render the first samples in a different batch context, compare bytes
      const n = Math.min(verify, specs.length)
      if (n) {
        const again = await renderBatch(specs.slice(0, n).reverse())
        const written = Buffer.alloc(n * bytesPer)
        const rfd = openSync(file, 'r')
        readSync(rfd, written, 0, written.length, 0)
        closeSync(rfd)
        for (let k = 0; k < n; k++) {
          const a = written.subarray(k * bytesPer, (k + 1) * bytesPer), b = again.subarray((n - 1 - k) * bytesPer, (n - k) * bytesPer)
          if (!a.equals(b)) throw new Error(`[${split}] sample ${k} is not reproducible: a second render differs`)
        }
      }
      const meta = { split, count: specs.length, size, seed, classes: names, labels: specs.map((s) => s.shape) }
      if (split === 'cue-conflict') Object.assign(meta, { shapeLabels: specs.map((s) => s.shape), textureLabels: specs.map((s) => s.texture) })
      writeFileSync(join(outDir, `${split}.json`), JSON.stringify(meta) + '\n')
    }

    const index = []
    for (let c = 0; c < C; c++) {
      const rgb = Buffer.from(await inPage((i) => window.zoo.renderExample(i), c), 'base64')
      writeFileSync(join(outDir, 'examples', `${classes[c].id}.png`), encodePng(rgb, size))
      index.push({ id: classes[c].id, name: classes[c].name, imagenetLikeName: classes[c].imagenetLikeName, example: `examples/${classes[c].id}.png` })
    }
    writeFileSync(join(outDir, 'classes.json'), JSON.stringify(index, null, 2) + '\n')
    console.log(`done: ${done} images${verify ? ` (first ${verify} of each split re-rendered bit-identically)` : ''} + ${C} examples in ${fmt((performance.now() - started) / 1000)}`)
  },
)

/** RGB bytes to an 8-bit RGB PNG. */
function encodePng(rgb, size) {
  const png = new PNG({ width: size, height: size, colorType: 2, inputColorType: 2, inputHasAlpha: false })
  png.data = rgb
  return PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false })
}
