import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { PNG } from 'pngjs'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser } from './support/browser'
import { pixelDifference, readApp, settledApp, type AppSnapshot } from './support/figures'
import { serveStatic } from './support/serveStatic'
import { buildSite } from './support/site'

// The built app's scene panel (issue 13, items 1 and 2), driven in headless Chromium on the
// embedded model zoo: every object pair and background picked from the UI, an OBJ and a PNG
// uploaded (and an OBJ dropped on the scene), the link naming them, a fresh tab pointing to the
// upload control, and at each of the app's layouts (three columns, two, one) the scene and the
// predictions inside the window while the scene panel's last control is used.
const zooIndex = 'models/perturber-zoo/index.json'
const zooMissing = existsSync(zooIndex) ? null : `${zooIndex} is missing (the model zoo, built by \`npm run zoo\`)`
if (zooMissing) console.warn(`app-scene-content.e2e: skipped, ${zooMissing}`)

let browser: Browser
let site: { url: string; close: () => Promise<void> }
let app: Page
const pageErrors: string[] = []
let out = ''


/** A unit cube, 8 vertices and 12 triangles, no texture coordinates: the smallest honest OBJ. */
const CUBE_OBJ = ['# cube', 'v -1 -1 -1', 'v 1 -1 -1', 'v 1 1 -1', 'v -1 1 -1', 'v -1 -1 1', 'v 1 -1 1', 'v 1 1 1', 'v -1 1 1']
  .concat(['1 3 2', '1 4 3', '5 6 7', '5 7 8', '1 2 6', '1 6 5', '4 8 7', '4 7 3', '1 5 8', '1 8 4', '2 3 7', '2 7 6'].map((f) => `f ${f}`))
  .join('\n')
/** A tetrahedron, for the drop. */
const TETRA_OBJ = ['v 0 1 0', 'v -1 -1 1', 'v 1 -1 1', 'v 0 -1 -1', 'f 1 2 3', 'f 1 3 4', 'f 1 4 2', 'f 2 4 3'].join('\n')

/** A 64×64 magenta/green checkerboard: nothing like any built-in background. */
function checkerPng(): Buffer {
  const png = new PNG({ width: 64, height: 64 })
  for (let y = 0; y < 64; y++) {
    for (let x = 0; x < 64; x++) {
      const on = ((x >> 3) + (y >> 3)) % 2 === 0
      const i = (y * 64 + x) * 4
      png.data.set(on ? [230, 20, 200, 255] : [20, 220, 60, 255], i)
    }
  }
  return PNG.sync.write(png)
}

/** The scene part of the link the app keeps in `location.hash`. */
async function linkedScene(page: Page): Promise<{ object: unknown; background: unknown } | null> {
  const text = new URLSearchParams((await page.evaluate(() => location.hash)).slice(1)).get('state')
  return text ? JSON.parse(Buffer.from(text, 'base64url').toString('utf8')).scene : null
}

/**
 * Waits until the app shows a settled frame newer than `before` (both models' top-5 computed on
 * exactly that frame, nothing loading, no newer frame a second later) whose pixels differ from
 * `before`'s by more than `minChange` (mean over colour channels, 0..1). No timing assumption: it polls until the
 * deadline, then returns what it last saw for the caller's assertions to report.
 */
async function changedFrame(page: Page, before: AppSnapshot, minChange = 0.02, timeoutMs = 120_000): Promise<AppSnapshot> {
  const deadline = Date.now() + timeoutMs
  let last = before
  while (Date.now() < deadline) {
    const now = await readApp(page)
    const settled = now.frame > before.frame && now.resultFrame === now.frame && now.model1.length === 5 && now.model2.length === 5
    if (settled) {
      last = now
      const loading = await page.locator('.pa-column-scene .pa-status', { hasText: /^Loading/ }).count()
      if (loading === 0 && pixelDifference(now.scene, before.scene).mean > minChange) {
        // and the scene has come to rest: no newer frame a second later (a frame rendered while a
        // pick was still being applied can differ from the last one and be classified too)
        await page.waitForTimeout(1000)
        const later = await readApp(page)
        if (later.frame === now.frame && later.resultFrame === now.frame) return later
        continue
      }
    }
    await page.waitForTimeout(250)
  }
  return last
}

const sceneControls = () => app.getByRole('region', { name: 'Scene controls' })
const top1 = (rows: readonly string[]) => rows[0]?.replace(/\s*-?\d+(\.\d+)?%$/, '').trim()

describe.skipIf(!!zooMissing)('the app\'s scene panel, built as a static site', () => {
  beforeAll(async () => {
    out = await buildSite('perturber-scene-site-')
    site = await serveStatic(out)
    browser = await launchBrowser()
    app = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    app.on('pageerror', (e) => pageErrors.push(e.message))
    await app.goto(`${site.url}/index.html`)
  })
  afterAll(async () => {
    await browser?.close()
    await site?.close()
    rmSync(out, { recursive: true, force: true })
  })

  test('every object pair and background is picked from the scene panel: the frame changes each time, the models follow, the link names them', async () => {
    let shown = await settledApp(app)
    const object = sceneControls().getByRole('combobox', { name: 'Object' })
    const background = sceneControls().getByRole('combobox', { name: 'Background' })
    expect(await object.inputValue()).toBe('builtin:dog-cat')
    expect(await background.inputValue()).toBe('hdri:park')

    const pairs = await object.locator('option').evaluateAll((options) => options.map((o) => [(o as HTMLOptionElement).value, o.textContent ?? '']))
    expect(pairs.map(([value]) => value)).toEqual(['builtin:dog-cat', 'builtin:firetruck-racecar', 'builtin:teapot-mug', 'builtin:goldfish-macaw', 'builtin:airliner-sailboat'])
    expect(pairs.map(([, label]) => label)).toEqual(['Dog ↔ Cat', 'Fire truck ↔ Race car', 'Teapot ↔ Coffee mug', 'Goldfish ↔ Macaw', 'Airliner ↔ Sailboat'])
    // each pair after the dog: a different picture, and Model 1 (trained on these ten objects) names the pair's first object
    const firstOf: Record<string, string> = { 'builtin:firetruck-racecar': 'fire truck', 'builtin:teapot-mug': 'teapot', 'builtin:goldfish-macaw': 'goldfish', 'builtin:airliner-sailboat': 'airliner', 'builtin:dog-cat': 'dog' }
    // every pair, ending on one that is not the default (the link must then name it)
    for (const value of ['builtin:firetruck-racecar', 'builtin:teapot-mug', 'builtin:goldfish-macaw', 'builtin:dog-cat', 'builtin:airliner-sailboat']) {
      await object.selectOption(value)
      const next = await changedFrame(app, shown)
      expect(pixelDifference(next.scene, shown.scene).mean, value).toBeGreaterThan(0.02)
      expect(next.model1, value).not.toEqual(shown.model1)
      expect(top1(next.model1), value).toBe(firstOf[value])
      shown = next
    }

    const backgrounds = await background.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value))
    expect(backgrounds).toEqual(['hdri:park', 'hdri:city', 'hdri:forest', 'hdri:sunset', 'hdri:apartment', 'hdri:lab', 'hdri:venice', 'hdri:sky', 'solid:#808080'])
    for (const value of ['hdri:city', 'hdri:forest', 'hdri:park', 'solid:#808080', 'hdri:sunset']) {
      await background.selectOption(value)
      const next = await changedFrame(app, shown)
      expect(pixelDifference(next.scene, shown.scene).mean, value).toBeGreaterThan(0.02)
      shown = next
    }

    await expect.poll(() => linkedScene(app), { timeout: 10_000 }).toMatchObject({ object: { kind: 'builtin', id: 'airliner-sailboat' }, background: { kind: 'hdri', id: 'sunset' } })
    expect(pageErrors).toEqual([])
  })

  test('an uploaded OBJ and PNG background change the pixels and the predictions; the link names them; opened elsewhere, it points to the upload control', async () => {
    // the background first, while the object leaves most of it in view; then the object
    const before = await settledApp(app)
    await sceneControls().getByLabel('Background image from file…').setInputFiles({ name: 'checker.png', mimeType: 'image/png', buffer: checkerPng() })
    const checker = await changedFrame(app, before, 0.05)
    const change = pixelDifference(checker.scene, before.scene)
    expect(change.mean).toBeGreaterThan(0.05)
    expect(change.max).toBeGreaterThan(0.5)
    expect(checker.model1).not.toEqual(before.model1)
    expect(await sceneControls().getByRole('combobox', { name: 'Background' }).inputValue()).toBe('image:checker.png')

    await sceneControls().getByLabel('Object from file…').setInputFiles({ name: 'cube.obj', mimeType: 'text/plain', buffer: Buffer.from(CUBE_OBJ) })
    const cube = await changedFrame(app, checker)
    expect(pixelDifference(cube.scene, checker.scene).mean).toBeGreaterThan(0.02)
    expect(cube.model1).not.toEqual(checker.model1)
    expect(cube.model2).not.toEqual(checker.model2)
    expect(await sceneControls().getByRole('combobox', { name: 'Object' }).inputValue()).toBe('user:cube.obj')
    expect(await app.locator('.pa-column-scene [role=alert]').count()).toBe(0)

    await expect.poll(() => linkedScene(app), { timeout: 10_000 }).toMatchObject({ object: { kind: 'user', name: 'cube.obj' }, background: { kind: 'image', name: 'checker.png' } })

    // the link in a fresh tab: the files are not there; the message says which control takes them, and that control says so too
    const copy = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    copy.on('pageerror', (e) => pageErrors.push(e.message))
    await copy.goto(await app.evaluate(() => location.href))
    const alert = copy.locator('.pa-column-scene [role=alert]')
    await expect.poll(() => alert.textContent(), { timeout: 60_000 }).toMatch(/"cube\.obj" could not be loaded/)
    const message = (await alert.textContent())!
    expect(message).toMatch(/"checker\.png" could not be loaded/)
    expect(message).toContain('“Object from file…”')
    expect(message).toContain('“Background image from file…”')
    const upload = copy.getByRole('region', { name: 'Scene controls' }).getByLabel('Object from file…')
    const note = await upload.evaluate((input) => document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent)
    expect(note).toBe('“cube.obj” is not in this session: upload it again here.')
    // uploading it there clears the object's message (the background's stays until its file comes)
    await upload.setInputFiles({ name: 'cube.obj', mimeType: 'text/plain', buffer: Buffer.from(CUBE_OBJ) })
    await expect.poll(() => alert.textContent(), { timeout: 60_000 }).not.toMatch(/cube\.obj/)
    expect(await alert.textContent()).toMatch(/checker\.png/)
    await copy.close()
    expect(pageErrors).toEqual([])
  })

  test('a mesh dropped on the scene becomes the object, with a drop hint while dragging; a file the scene does not take is refused in words', async () => {
    const before = await settledApp(app)
    const target = app.getByTestId('scene-drop-target')
    const dropped = await app.evaluateHandle((text) => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([text], 'tetra.obj'))
      return transfer
    }, TETRA_OBJ)
    await target.dispatchEvent('dragenter', { dataTransfer: dropped })
    await target.dispatchEvent('dragover', { dataTransfer: dropped })
    expect(await target.locator('.pa-drop-hint').textContent()).toMatch(/^Drop an OBJ, glTF or GLB/)
    await target.dispatchEvent('drop', { dataTransfer: dropped })
    expect(await target.locator('.pa-drop-hint').count()).toBe(0)
    const tetra = await changedFrame(app, before)
    expect(pixelDifference(tetra.scene, before.scene).mean).toBeGreaterThan(0.02)
    expect(await sceneControls().getByRole('combobox', { name: 'Object' }).inputValue()).toBe('user:tetra.obj')
    await expect.poll(async () => (await linkedScene(app))?.object, { timeout: 10_000 }).toEqual({ kind: 'user', name: 'tetra.obj' })
    // the cube uploaded before is offered again in the picker
    expect(await sceneControls().getByRole('combobox', { name: 'Object' }).locator('option[value="user:cube.obj"]').count()).toBe(1)

    const text = await app.evaluateHandle(() => {
      const transfer = new DataTransfer()
      transfer.items.add(new File(['hello'], 'notes.txt', { type: 'text/plain' }))
      return transfer
    })
    await target.dispatchEvent('drop', { dataTransfer: text })
    await expect.poll(() => app.locator('.pa-column-scene [role=alert]').textContent(), { timeout: 10_000 }).toMatch(/^notes\.txt is not a file the scene takes/)
    expect(pageErrors).toEqual([])
  })

  // the app's documented layouts (appStyles.tsx): three columns above 1100 px, two down to 721 px, one below
  for (const [width, height] of [
    [1400, 900],
    [1000, 800],
    [700, 900],
  ] as const) {
    test(`at ${width}×${height}, the scene and the predictions stay in the window while the scene panel's last control is used; no label is cut off`, async () => {
      await app.setViewportSize({ width, height })
      const before = await settledApp(app)
      const last = sceneControls().getByRole('slider').last()
      expect(await last.evaluate((e) => (e as HTMLInputElement).labels?.[0]?.textContent ?? e.getAttribute('aria-label'))).toMatch(/Original Alpha/)
      // used from the keyboard: focusing scrolls it into view as the browser does (after the
      // previous window size it may still have the focus, which would not scroll)
      await last.blur()
      await last.focus()
      await app.keyboard.press('ArrowLeft')
      const after = await settledApp(app, before.frame)
      expect(after.model1).toHaveLength(5)

      const view = await app.evaluate(() => {
        const box = (el: Element | null) => {
          if (!el) return null
          const r = el.getBoundingClientRect()
          return { left: r.left, top: r.top, right: r.right, bottom: r.bottom }
        }
        const active = document.activeElement!
        const r = active.getBoundingClientRect()
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)
        return {
          width: innerWidth,
          height: innerHeight,
          scrolled: scrollY,
          scene: box(document.querySelector('[data-testid=scene-frame]') ?? document.querySelector('.pa-scene-canvas canvas')),
          predictions: box(document.querySelector('section[aria-label="Predictions"]')),
          firstPrediction: box(document.querySelector('section[aria-label^="Predictions of Model 1"] li')),
          control: box(active),
          // the control is on top where it is drawn (not under the scene or the docked predictions)
          controlReachable: !!hit && (hit === active || active.contains(hit)),
          // labels of the scene panel cut off (ellipsis or a clipped choice)
          clipped: [...document.querySelectorAll('.pa-scene-controls :is(label, .pz-row-label, .pz-segmented)')]
            .filter((e) => e.scrollWidth > e.clientWidth + 1)
            .map((e) => e.textContent),
        }
      })
      const inside = (name: string, b: { left: number; top: number; right: number; bottom: number } | null) => {
        expect(b, name).not.toBeNull()
        expect(b!.top, `${name} top`).toBeGreaterThanOrEqual(-0.5)
        expect(b!.left, `${name} left`).toBeGreaterThanOrEqual(-0.5)
        expect(b!.bottom, `${name} bottom`).toBeLessThanOrEqual(view.height + 0.5)
        expect(b!.right, `${name} right`).toBeLessThanOrEqual(view.width + 0.5)
      }
      inside('the scene canvas', view.scene)
      inside('the predictions', view.predictions)
      inside("Model 1's top prediction", view.firstPrediction)
      inside('the control in use', view.control)
      expect(view.controlReachable).toBe(true)
      expect(view.clipped).toEqual([])

      mkdirSync('test-artifacts', { recursive: true })
      await app.screenshot({ path: `test-artifacts/app-scene-panel-${width}x${height}.png` })
    })
  }

  test('no page errors', () => {
    expect(pageErrors).toEqual([])
  })
})
