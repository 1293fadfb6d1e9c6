import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { launchBrowser } from './support/browser'
import { pixelDifference, pixelVariance, probability, readFigure, scenePixels, settledApp, settledFigure } from './support/figures'
import { serveStatic } from './support/serveStatic'
import { buildSite } from './support/site'

// The built static site (`npm run build`'s packages/app/dist-site, built here into a temporary
// folder): the example article with its live figures, driven in headless Chromium on the
// embedded model zoo. Real WebGL (SwiftShader), real TF.js inference, real zoo weights.
const zooIndex = 'models/perturber-zoo/index.json'
const zooMissing = existsSync(zooIndex) ? null : `${zooIndex} is missing (the model zoo, built by \`npm run zoo\`)`
if (zooMissing) console.warn(`article.e2e: skipped, ${zooMissing}`)

const STANDARD = 'ZooNet standard'
const STYLIZED = 'ZooNet stylized'
const ADVERSARIAL = 'ZooNet adversarial'

let browser: Browser
let site: { url: string; close: () => Promise<void> }
let page: Page
const requests: string[] = []
const pageErrors: string[] = []
let out = ''


const slider = (figure: string, name: string) => page.locator(`#${figure}`).getByRole('slider', { name })

describe.skipIf(!!zooMissing)('the example article, built as a static site', () => {
  beforeAll(async () => {
    out = await buildSite('perturber-site-')
    site = await serveStatic(out)
    browser = await launchBrowser()
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } })
    page.on('pageerror', (e) => pageErrors.push(e.message))
    page.on('request', (r) => requests.push(new URL(r.url()).pathname))
    await page.goto(`${site.url}/article/index.html`)
  })
  afterAll(async () => {
    await browser?.close()
    await site?.close()
    rmSync(out, { recursive: true, force: true })
  })

  test('the site holds the app, the article, the embed bundle with its wasm files, and the zoo', () => {
    for (const file of ['index.html', 'article/index.html', 'article/article.css', 'perturber-embed.js', 'perturber-zoo/index.json', 'perturber-zoo/standard/model.json']) {
      expect(existsSync(join(out, file)), file).toBe(true)
    }
    // the article is plain HTML: one module script, copied verbatim (no build step rewrote it)
    const article = readFileSync(join(out, 'article/index.html'), 'utf8')
    expect(article).toBe(readFileSync('packages/app/article/index.html', 'utf8'))
    expect(article).toContain('<script type="module" src="../perturber-embed.js"></script>')
    // both pages have an icon (inline: no request that could 404)
    for (const page of [article, readFileSync(join(out, 'index.html'), 'utf8')]) expect(page).toMatch(/<link rel="icon" href="data:image\/svg\+xml,%3Csvg /)
    // the bundle's chunks (React, three.js, TF.js) and TF.js' wasm binaries sit beside it in assets/
    expect(readFileSync(join(out, 'perturber-embed.js'), 'utf8')).toMatch(/from"\.\/assets\//)
    expect(readdirSync(join(out, 'assets')).filter((f) => f.endsWith('.wasm'))).toHaveLength(3)
  })

  test('both figures render real frames and both models predict on them; each model is downloaded once', async () => {
    const morph = await settledFigure(page, 'texture-shape', [STANDARD, STYLIZED])
    const attack = await settledFigure(page, 'attack', [STANDARD, ADVERSARIAL])
    // the dog, seen by every model as a dog, with real numbers
    for (const [snapshot, models] of [
      [morph, [STANDARD, STYLIZED]],
      [attack, [STANDARD, ADVERSARIAL]],
    ] as const) {
      for (const model of models) {
        expect(snapshot.predictions[model]).toHaveLength(5)
        expect(snapshot.predictions[model][0].label).toBe('dog')
        const total = snapshot.predictions[model].reduce((s, p) => s + p.p, 0)
        expect(total).toBeGreaterThan(0.9)
        expect(total).toBeLessThan(1.01)
      }
    }
    expect(pixelVariance(await scenePixels(page, 'texture-shape'))).toBeGreaterThan(0.002)
    // the standard model is in both figures, but fetched once; the index once for both
    const count = (path: string) => requests.filter((r) => r.endsWith(path)).length
    expect(count('/perturber-zoo/standard/model.json')).toBe(1)
    expect(count('/perturber-zoo/standard/group1-shard1of1.bin')).toBe(1)
    expect(count('/perturber-zoo/index.json')).toBe(1)
    // the figures draw into 2D canvases: the page's one shared WebGL context is not in the page
    expect(await page.evaluate(() => document.querySelectorAll('canvas').length)).toBe(0)
  })

  test('Texture Morph repaints the scene and moves the standard model to "cat" while the stylized model keeps "dog"', async () => {
    const before = await settledFigure(page, 'texture-shape', [STANDARD, STYLIZED])
    const pixelsBefore = await scenePixels(page, 'texture-shape')
    await slider('texture-shape', 'Texture Morph').fill('1')
    const after = await settledFigure(page, 'texture-shape', [STANDARD, STYLIZED], before.frame!)
    const change = pixelDifference(pixelsBefore, await scenePixels(page, 'texture-shape'))
    expect(change.mean).toBeGreaterThan(0.01)
    // texture follows: the standard model's answer goes from dog to cat
    expect(probability(before, STANDARD, 'cat')).toBeLessThan(0.1)
    expect(probability(after, STANDARD, 'cat')).toBeGreaterThan(0.5)
    expect(after.predictions[STANDARD][0].label).toBe('cat')
    // shape follows: the stylized model still sees the dog (what Figure 1's caption says)
    expect(after.predictions[STYLIZED][0].label).toBe('dog')
    expect(probability(after, STYLIZED, 'dog')).toBeGreaterThan(probability(after, STYLIZED, 'cat'))

    // the element reports its state, and "Open in Perturber" carries it to the app as a #state= link
    await expect.poll(() => page.evaluate(() => (document.getElementById('texture-shape') as HTMLElement & { state: any }).state?.scene.params.textureMorph), { timeout: 30_000 }).toBe(1)
    const link = page.locator('#texture-shape').getByRole('link', { name: /Open in Perturber/ })
    await link.focus()
    const href = new URL((await link.getAttribute('href'))!, `${site.url}/article/`)
    expect(href.pathname).toBe('/index.html')
    const linked = JSON.parse(Buffer.from(new URLSearchParams(href.hash.slice(1)).get('state')!, 'base64url').toString('utf8'))
    expect(linked.scene.params).toMatchObject({ textureMorph: 1, yaw: 0 })
    expect(linked.models).toEqual({ model1: { kind: 'config', id: 'standard' }, model2: { kind: 'config', id: 'stylized' } })
  })

  test('the attack figure runs its PGD steps; Attack Alpha fades δ in (≤ ε per pixel) and flips the standard model only', async () => {
    const start = Date.now()
    while (!(await readFigure(page, 'attack')).attackDone) {
      expect((await readFigure(page, 'attack')).errors).toEqual([])
      if (Date.now() - start > 240_000) throw new Error(`the attack did not finish: ${JSON.stringify(await readFigure(page, 'attack'))}`)
      await page.waitForTimeout(500)
    }
    const clean = await settledFigure(page, 'attack', [STANDARD, ADVERSARIAL])
    expect(clean.attackStep).toBe(10)
    // Attack Alpha is 0 in the article's state: the clean frame, the dog for both models
    expect(clean.predictions[STANDARD][0].label).toBe('dog')
    const pixelsClean = await scenePixels(page, 'attack')
    await slider('attack', 'Attack Alpha').fill('1')
    const attacked = await settledFigure(page, 'attack', [STANDARD, ADVERSARIAL], clean.frame!)
    const change = pixelDifference(pixelsClean, await scenePixels(page, 'attack'))
    expect(change.mean).toBeGreaterThan(0.002)
    // L∞ PGD with ε = 8/255: no pixel moves further (one more 8-bit step for rounding)
    expect(change.max).toBeLessThanOrEqual(9 / 255 + 1e-6)
    expect(probability(attacked, STANDARD, 'dog')).toBeLessThan(0.5)
    expect(attacked.predictions[STANDARD][0].label).not.toBe('dog')
    expect(attacked.predictions[ADVERSARIAL][0].label).toBe('dog')
  })

  test('a figure with a bad model URL or a malformed state shows the error in its place; the others keep working', async () => {
    await page.evaluate(() => {
      const main = document.querySelector('main')!
      for (const [id, attributes] of [
        ['broken-models', { models: '../no-such-zoo/index.json' }],
        ['broken-state', { models: '../perturber-zoo/index.json', state: '{"scene": {"params": ' }],
        ['broken-field', { models: '../perturber-zoo/index.json', state: '{"attack": {"norm": "l3"}}' }],
      ] as const) {
        const figure = document.createElement('perturber-figure')
        figure.id = id
        for (const [name, value] of Object.entries(attributes)) figure.setAttribute(name, value)
        main.append(figure)
      }
    })
    const errorOf = async (id: string) => (await readFigure(page, id)).errors.join(' | ')
    const poll = { timeout: 60_000, interval: 250 }
    await expect.poll(() => errorOf('broken-models'), poll).toMatch(/^This figure could not be shown\. models: \.\.\/no-such-zoo\/index\.json could not be fetched \(HTTP 404\)/)
    await expect.poll(() => errorOf('broken-state'), poll).toMatch(/^This figure could not be shown\. state: not valid JSON/)
    await expect.poll(() => errorOf('broken-field'), poll).toMatch(/^This figure could not be shown\. state: attack\.norm: expected one of linf, l2/)

    // the article's figures still run: Texture Morph back to 0 gives the dog again
    const before = await settledFigure(page, 'texture-shape', [STANDARD, STYLIZED])
    await slider('texture-shape', 'Texture Morph').fill('0')
    const after = await settledFigure(page, 'texture-shape', [STANDARD, STYLIZED], before.frame!)
    expect(after.predictions[STANDARD][0].label).toBe('dog')
    expect((await readFigure(page, 'attack')).errors).toEqual([])
    expect(pageErrors).toEqual([])

    mkdirSync('test-artifacts', { recursive: true })
    await page.screenshot({ path: 'test-artifacts/article.png', fullPage: true })
  })

  test('the built app opens on the zoo comparison and predicts; Texture Morph changes scene, maps and numbers; its link restores them in a new tab; a bad model URL is reported in its slot', { timeout: 600_000 }, async () => {
    const app = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    const errors: string[] = []
    app.on('pageerror', (e) => errors.push(e.message))
    await app.goto(`${site.url}/index.html`)
    const model1 = app.getByRole('region', { name: /^Predictions of Model 1/ })
    await expect.poll(() => model1.getByRole('listitem').count(), { timeout: 240_000, interval: 500 }).toBe(5)
    expect(await model1.getByRole('listitem').first().textContent()).toMatch(/\d+\.\d%$/)
    const model2 = app.getByRole('region', { name: /^Predictions of Model 2/ })
    await expect.poll(() => model2.getByRole('listitem').count(), { timeout: 240_000, interval: 500 }).toBe(5)
    // the link a fresh visit writes (debounced) names both zoo models
    const linkModels = async () => {
      const text = new URLSearchParams((await app.evaluate(() => location.hash)).slice(1)).get('state')
      return text ? JSON.parse(Buffer.from(text, 'base64url').toString('utf8')).models : null
    }
    await expect.poll(linkModels, { timeout: 10_000 }).toEqual({ model1: { kind: 'config', id: 'standard' }, model2: { kind: 'config', id: 'adversarial' } })
    expect(errors).toEqual([])
    await app.screenshot({ path: 'test-artifacts/site-app.png' })

    // driven as a user would: Texture Morph moved with the keyboard changes the scene, the maps and both models' numbers
    const before = await settledApp(app)
    const firstLink = await app.evaluate(() => location.href)
    const morph = app.getByRole('region', { name: 'Scene and perturbations' }).getByRole('slider', { name: 'Texture Morph' })
    await morph.focus()
    await app.keyboard.press('End')
    const after = await settledApp(app, before.frame)
    expect(pixelDifference(after.scene, before.scene).mean).toBeGreaterThan(2 / 255)
    expect(after.maps).not.toEqual(before.maps)
    expect(after.model1).not.toEqual(before.model1)
    expect(after.model2).not.toEqual(before.model2)

    // the link restores that state in a fresh tab: the same slider value, frame pixels and numbers
    await expect.poll(() => app.evaluate(() => location.href), { timeout: 10_000 }).not.toBe(firstLink) // written, debounced
    const copy = await browser.newPage({ viewport: { width: 1400, height: 1000 } })
    copy.on('pageerror', (e) => errors.push(e.message))
    await copy.goto(await app.evaluate(() => location.href))
    // a first frame may come before the background's HDRI has loaded there: the restored scene is the one it settles on
    await expect.poll(async () => pixelDifference((await settledApp(copy)).scene, after.scene).mean, { timeout: 60_000, interval: 500 }).toBeLessThan(0.5 / 255)
    const restored = await settledApp(copy)
    expect(await copy.getByRole('region', { name: 'Scene and perturbations' }).getByRole('slider', { name: 'Texture Morph' }).inputValue()).toBe(await morph.inputValue())
    expect(pixelDifference(restored.scene, after.scene).mean).toBeLessThan(0.5 / 255)
    expect(restored.model1).toEqual(after.model1)
    expect(restored.model2).toEqual(after.model2)
    await copy.close()

    // an invalid model URL: the error shows in Model 2's slot; Model 1 and the previous Model 2 keep working
    const slot2 = app.getByRole('group', { name: 'Model 2' })
    await slot2.getByLabel('Model', { exact: true }).selectOption('@load-url')
    await slot2.getByLabel('Model 2 model.json URL').fill('perturber-zoo/no-such-model/model.json')
    await slot2.getByRole('button', { name: 'Load' }).click()
    await expect.poll(() => slot2.getByRole('alert').textContent(), { timeout: 60_000 }).toMatch(/no-such-model\/model\.json/)
    await morph.focus()
    await app.keyboard.press('Home')
    const later = await settledApp(app, after.frame)
    expect(later.model1).not.toEqual(after.model1)
    expect(later.model2).toHaveLength(5)
    expect(later.model2).not.toEqual(after.model2)
    expect(await app.getByRole('group', { name: 'Model 1' }).getByRole('alert').count()).toBe(0)
    expect(errors).toEqual([])
    await app.close()
  })
})
