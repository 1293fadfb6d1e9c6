import { afterAll, beforeAll, expect, test } from 'vitest'
import { execFileSync } from 'node:child_process'
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
  execFileSync('npx', ['storybook', 'build', '-o', out, '--quiet'], { stdio: 'inherit', env: { ...process.env, STORYBOOK_DISABLE_TELEMETRY: '1' } })
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
