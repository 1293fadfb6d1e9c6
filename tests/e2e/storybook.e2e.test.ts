import { afterAll, beforeAll, expect, test } from 'vitest'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { PNG } from 'pngjs'
import { launchBrowser } from './support/browser'
import { serveStatic } from './support/serveStatic'

let browser: Browser
let site: { url: string; close: () => Promise<void> }
const out = mkdtempSync(join(tmpdir(), 'perturber-storybook-'))

beforeAll(async () => {
  // Builds offline: telemetry and update checks are off in .storybook/main.ts.
  // asynchronously: a build blocking this worker for minutes makes vitest's worker RPC time out
  const build = promisify(execFile)('npx', ['storybook', 'build', '-o', out, '--quiet'], { env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' }, maxBuffer: 64 * 1024 * 1024 })
  const { stdout, stderr } = await build
  process.stdout.write(stdout)
  process.stderr.write(stderr)
  site = await serveStatic(out)
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await site?.close()
})

test('the scene story renders a non-blank WebGL canvas', async () => {
  const page = await browser.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${site.url}/iframe.html?id=scene-perturbercanvas--dog-cat&viewMode=story`)
  const canvas = page.locator('canvas').first()
  await canvas.waitFor({ timeout: 60_000 })
  // wait until the HDRI background and object have loaded and a frame was drawn
  let stats = { variance: 0, mean: 0 }
  for (let i = 0; i < 60 && stats.variance < 0.002; i++) {
    await page.waitForTimeout(1000)
    const png = PNG.sync.read(await canvas.screenshot())
    stats = pixelStats(png)
  }
  mkdirSync('test-artifacts', { recursive: true })
  writeFileSync('test-artifacts/storybook-scene.png', await canvas.screenshot())
  expect(errors).toEqual([])
  expect(stats.variance).toBeGreaterThan(0.002)
  expect(stats.mean).toBeGreaterThan(0.05)

  // dragging orbits the camera: the picture changes
  const before = PNG.sync.read(await canvas.screenshot())
  const box = (await canvas.boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2)
  await page.mouse.down()
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2 + 20, { steps: 6 })
  await page.mouse.up()
  await page.waitForTimeout(1500)
  const after = PNG.sync.read(await canvas.screenshot())
  expect(meanAbsDiff(before, after)).toBeGreaterThan(0.02)
  await page.close()
})

test('the App story opens on the embedded model zoo: Model 1 standard, Model 2 adversarial, both predicting', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${site.url}/iframe.html?id=app-perturber--perturber&viewMode=story`)
  // models/ is the built Storybook's static folder (.storybook/main.ts): the story reads its index.json
  const slot = (name: string) => page.getByRole('group', { name, exact: true })
  await expect.poll(() => slot('Model 1').getByLabel('Model', { exact: true }).inputValue(), { timeout: 120_000 }).toBe('standard')
  await expect.poll(() => slot('Model 2').getByLabel('Model', { exact: true }).inputValue(), { timeout: 120_000 }).toBe('adversarial')
  for (const model of ['Model 1', 'Model 2'])
    await expect.poll(() => page.getByRole('region', { name: new RegExp(`^Predictions of ${model} · ZooNet`) }).getByRole('listitem').count(), { timeout: 180_000 }).toBe(5)
  await expect.poll(() => page.getByRole('img', { name: /^Activation map/ }).count(), { timeout: 60_000 }).toBe(8)
  // the zoo's shipped feature visualizations under the maps, their atlases served and decoded
  const shippedDecoded = () => page.locator('img[alt^="Precomputed feature visualization"]').evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth > 0).length)
  await expect.poll(shippedDecoded, { timeout: 60_000 }).toBe(8)
  expect(await page.getByText(/No default models/).count()).toBe(0)
  mkdirSync('test-artifacts', { recursive: true })
  writeFileSync('test-artifacts/storybook-app-zoo.png', await page.screenshot())
  expect(errors).toEqual([])
  await page.close()
})

test('the zoo atlas story cuts eight shipped feature visualizations out of one atlas', async () => {
  const page = await browser.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${site.url}/iframe.html?id=viz-featurevistile--zoo-atlas-tiles&viewMode=story`)
  const images = page.locator('img[alt^="Precomputed feature visualization"]')
  await expect.poll(() => images.evaluateAll((imgs) => imgs.filter((i) => (i as HTMLImageElement).naturalWidth === 1792).length), { timeout: 60_000 }).toBe(8)
  expect(new Set(await images.evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).src))).size).toBe(1)
  expect(errors).toEqual([])
  await page.close()
})

test('every component has a Docs page: its doc comment, a props table, and the snippets the README points to', async () => {
  const page = await browser.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  // a building block: the description is the component's doc comment, the table lists its props with theirs
  await page.goto(`${site.url}/iframe.html?id=viz-primitives-numberfield--docs&viewMode=docs`)
  await expect.poll(() => page.locator('.sbdocs-content').innerText(), { timeout: 60_000 }).toContain('A number box for exact values next to a slider.')
  const table = page.locator('.docblock-argstable')
  await table.waitFor({ timeout: 30_000 })
  for (const prop of ['label', 'min', 'max', 'step', 'scale']) expect(await table.getByText(prop, { exact: true }).count()).toBeGreaterThan(0)
  // the figure's page: its React and HTML snippets
  await page.goto(`${site.url}/iframe.html?id=app-figure--docs&viewMode=docs`)
  await expect.poll(() => page.locator('.sbdocs-content').innerText(), { timeout: 60_000 }).toContain('<perturber-figure models=')
  expect(await page.locator('.sbdocs-content').innerText()).toContain('<PerturberFigure')
  expect(errors).toEqual([])
  await page.close()
})

function meanAbsDiff(a: PNG, b: PNG): number {
  let sum = 0
  for (let i = 0; i < a.data.length; i++) if (i % 4 !== 3) sum += Math.abs(a.data[i] - b.data[i]) / 255
  return sum / (a.width * a.height * 3)
}

function pixelStats(png: PNG): { variance: number; mean: number } {
  let sum = 0
  let sumSq = 0
  const n = png.width * png.height * 3
  for (let i = 0; i < png.data.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      const v = png.data[i + c] / 255
      sum += v
      sumSq += v * v
    }
  }
  const mean = sum / n
  return { mean, variance: sumSq / n - mean * mean }
}
