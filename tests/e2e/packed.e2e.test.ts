import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { spawn } from 'node:child_process'
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { entryPoints } from '../../tools/aliases.mjs'
import { launchBrowser } from './support/browser'
import { settledFigure } from './support/figures'
import { serveStatic } from './support/serveStatic'

// The packages as a user outside this repository gets them: every package built (`tsup`, and the
// app's embed bundle), packed with `npm pack`, installed from the tarballs into a fresh project in
// the system's temporary folder, type-checked against every entry point, built with Vite, and
// driven in Chromium: a live figure through the npm API, and <perturber-figure> from the packed
// bundle served as a CDN would serve the package.
const repo = process.cwd()
const zoo = join(repo, 'models/perturber-zoo')
const zooMissing = existsSync(join(zoo, 'index.json')) ? null : 'models/perturber-zoo is missing (the model zoo, built by `npm run zoo`)'
if (zooMissing) console.warn(`packed.e2e: skipped, ${zooMissing}`)

const work = mkdtempSync(join(tmpdir(), 'perturber-packed-'))
const consumer = join(work, 'consumer')
const packageDirs = [...new Set(entryPoints.map((e) => e.packageDir))]

function run(command: string, args: string[], cwd = repo): Promise<string> {
  return new Promise((resolve, reject) => {
    // asynchronously: the worker keeps answering vitest's RPC during builds and installs
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' } })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(Object.assign(new Error(`${command} ${args.join(' ')} (in ${cwd}) exited with ${code}:\n${out.slice(-4000)}`), { output: out }))))
  })
}

/** The version installed in the repository, so that the consumer's install hits npm's cache. */
const installed = (name: string) => JSON.parse(readFileSync(join(repo, 'node_modules', name, 'package.json'), 'utf8')).version as string

let typeErrors: string[] = []
let browser: Browser
let site: { url: string; close: () => Promise<void> }
let page: Page
const requests: string[] = []
const pageErrors: string[] = []

describe.skipIf(!!zooMissing)('the packed packages in a fresh project outside the workspace', () => {
  beforeAll(async () => {
    await run('npx', ['tsup', '--silent'])
    await run('npx', ['vite', 'build', '--config', 'packages/app/vite.embed.config.ts', '--logLevel', 'warn'])
    const tarballs = join(work, 'tarballs')
    mkdirSync(tarballs)
    const packed: Record<string, string> = {}
    for (const dir of packageDirs) {
      const [info] = JSON.parse(await run('npm', ['pack', '--json', '--pack-destination', tarballs], dir)) as { name: string; filename: string }[]
      packed[info.name] = `file:${join(tarballs, info.filename)}`
    }

    mkdirSync(join(consumer, 'src'), { recursive: true })
    const peers = ['react', 'react-dom', 'three', '@react-three/fiber', '@tensorflow/tfjs']
    const tools = ['vite', '@vitejs/plugin-react', 'typescript', '@types/react', '@types/react-dom', '@types/three']
    writeFileSync(
      join(consumer, 'package.json'),
      JSON.stringify({
        name: 'perturber-consumer',
        private: true,
        type: 'module',
        dependencies: { ...packed, ...Object.fromEntries(peers.map((p) => [p, installed(p)])) },
        devDependencies: Object.fromEntries(tools.map((p) => [p, installed(p)])),
      }),
    )
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], consumer)

    // every entry point of every package, used as a user would import it
    const imports = entryPoints.map((e, i) => `import * as entry${i} from '${e.specifier}'`)
    writeFileSync(
      join(consumer, 'src/entries.ts'),
      `${imports.join('\n')}
import type { PerturberModel, ModelRequest, EditState } from '@perturber/model-runtime'
import type { PruneRange } from '@perturber/model-runtime/editing'
import type { AppState } from '@perturber/app'
export const entries = [${entryPoints.map((_, i) => `entry${i}`).join(', ')}]
export const request = (model: PerturberModel): ModelRequest => ({ model, layer: 'conv', channels: { top: 4 }, predictions: true })
export const noEdits: EditState = { granularity: 'block', mix: {}, prune: {} }
export const everything: PruneRange = [0, 1]
export const views = (state: AppState) => state.views.activations
`,
    )
    writeFileSync(
      join(consumer, 'src/main.tsx'),
      `import { createRoot } from 'react-dom/client'
import { PerturberFigure } from '@perturber/app'
import { entries } from './entries'

// the npm API: a live figure from the app package, on the zoo the page serves
createRoot(document.getElementById('figure')!).render(<PerturberFigure models="./perturber-zoo/index.json" controls="textureMorph" size={112} />)
document.body.dataset.entries = String(entries.length)
`,
    )
    writeFileSync(join(consumer, 'index.html'), `<!doctype html><html><body><div id="figure"></div><script type="module" src="/src/main.tsx"></script></body></html>`)
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', jsx: 'react-jsx', strict: true, skipLibCheck: false, noEmit: true, lib: ['ES2022', 'DOM', 'DOM.Iterable'], types: [] }, include: ['src'] }),
    )
    writeFileSync(
      join(consumer, 'vite.config.ts'),
      `import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
export default defineConfig({ plugins: [react()], base: './', build: { chunkSizeWarningLimit: 8192 } })
`,
    )
    // our declarations are checked too (skipLibCheck off); TF.js' own .d.ts files do not pass
    // strict checking, so errors count only in the project's sources and in @perturber/* files
    typeErrors = await run('npx', ['tsc', '-p', 'tsconfig.json'], consumer).then(
      () => [],
      (e: Error & { output?: string }) => (e.output ?? e.message).split('\n').filter((line) => /^(src\/|node_modules\/@perturber\/)/.test(line)),
    )
    await run('npx', ['vite', 'build', '--logLevel', 'warn'], consumer)
    const dist = join(consumer, 'dist')
    cpSync(zoo, join(dist, 'perturber-zoo'), { recursive: true })
    cpSync(join(consumer, 'node_modules/@perturber/app'), join(dist, 'cdn/@perturber/app'), { recursive: true, dereference: true })
    // no build step (a plain page beside the built one): the packed embed bundle, from where a CDN serves the package
    writeFileSync(
      join(dist, 'embed.html'),
      `<!doctype html><html><body>
<script type="module" src="./cdn/@perturber/app/dist/embed/perturber-embed.js"></script>
<perturber-figure id="embedded" models="./perturber-zoo/index.json" size="112"></perturber-figure>
</body></html>`,
    )

    site = await serveStatic(dist)
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: { width: 1000, height: 900 } })
    page.on('pageerror', (e) => pageErrors.push(e.message))
    page.on('request', (r) => requests.push(new URL(r.url()).pathname))
  }, 900_000)
  afterAll(async () => {
    await browser?.close()
    await site?.close()
    rmSync(work, { recursive: true, force: true })
  })

  test('installs from the tarballs alone: no file of the workspace is reachable from the project', () => {
    for (const dir of packageDirs) {
      const name = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name as string
      const installedDir = join(consumer, 'node_modules', name)
      // a real folder unpacked from the tarball (not a link into the workspace), with its build and no sources
      expect(lstatSync(installedDir).isSymbolicLink()).toBe(false)
      expect(existsSync(join(installedDir, 'dist/index.js'))).toBe(true)
      expect(existsSync(join(installedDir, 'src'))).toBe(false)
    }
    expect(readdirSync(join(consumer, 'node_modules/@perturber/app/dist/embed/assets')).filter((f) => f.endsWith('.wasm'))).toHaveLength(3)
  })

  test('every entry point type-checks in the project, with the packages\' own declarations checked strictly', () => {
    expect(typeErrors).toEqual([])
  })

  test('a live figure built with Vite from the npm API renders the scene and predicts', async () => {
    await page.goto(`${site.url}/index.html`)
    const shown = await settledFigure(page, 'figure', ['ZooNet standard', 'ZooNet adversarial'])
    expect(shown.predictions['ZooNet standard'].map((p) => p.label)[0]).toBe('dog')
    expect(shown.errors).toEqual([])
    expect(Number(await page.evaluate(() => document.body.dataset.entries))).toBe(entryPoints.length)
  })

  test('<perturber-figure> works from the packed bundle, its chunks and wasm files loaded beside it', async () => {
    requests.length = 0
    await page.goto(`${site.url}/embed.html`)
    const shown = await settledFigure(page, 'embedded', ['ZooNet standard', 'ZooNet adversarial'])
    expect(shown.predictions['ZooNet standard'].map((p) => p.label)[0]).toBe('dog')
    const scripts = requests.filter((path) => path.endsWith('.js'))
    expect(scripts.length).toBeGreaterThan(1)
    for (const path of scripts) expect(path.startsWith('/cdn/@perturber/app/dist/embed/')).toBe(true)
    expect(pageErrors).toEqual([])
  })
})
