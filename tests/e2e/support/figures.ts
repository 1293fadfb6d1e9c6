import type { Page } from 'playwright-core'

/** One model's top predictions as a figure shows them: label and probability (0..1), most probable first. */
export interface ShownPrediction {
  label: string
  p: number
}

export interface FigureSnapshot {
  /** the frame on screen and the frame its predictions belong to */
  frame: number | null
  resultFrame: number | null
  /** by model name ("ZooNet standard"), the top-5 shown */
  predictions: Record<string, ShownPrediction[]>
  /** messages of the figure's alerts */
  errors: string[]
  attackStep: number | null
  attackDone: boolean
}

/** Reads what a figure shows: a `<perturber-figure>` from its (open) shadow root, a React `PerturberFigure` from its container. */
export function readFigure(page: Page, id: string): Promise<FigureSnapshot> {
  return page.evaluate((id) => {
    const element = document.getElementById(id)
    const root = element?.tagName.includes('-') ? element.shadowRoot : element
    if (!root) throw new Error(`#${id} has no shadow root (is <perturber-figure> defined?)`)
    const status = root.querySelector<HTMLElement>('[data-testid=frame-status]')
    const num = (v: string | undefined) => (v ? Number(v) : null)
    const predictions: Record<string, { label: string; p: number }[]> = {}
    for (const section of root.querySelectorAll('section[aria-label^="Predictions of "]')) {
      const name = section.getAttribute('aria-label')!.replace(/^Predictions of /, '')
      predictions[name] = [...section.querySelectorAll('li')].map((li) => {
        const label = li.querySelector('div')?.textContent ?? ''
        const value = li.querySelector('span')?.textContent ?? ''
        return { label, p: Number(value.replace('%', '')) / 100 }
      })
    }
    const attack = root.querySelector<HTMLElement>('[data-testid=figure-attack]')
    return {
      frame: num(status?.dataset.frameId),
      resultFrame: num(status?.dataset.resultFrameId),
      predictions,
      errors: [...root.querySelectorAll('[role=alert]')].map((e) => e.textContent ?? ''),
      attackStep: num(attack?.dataset.attackStep),
      attackDone: attack?.dataset.attackDone === 'true',
    }
  }, id)
}

/** The probability a figure shows for `label` in the named model's top-5 (0 when not among them). */
export function probability(snapshot: FigureSnapshot, model: string, label: string): number {
  const list = snapshot.predictions[model]
  if (!list) throw new Error(`No predictions of "${model}" (have: ${Object.keys(snapshot.predictions).join(', ') || 'none'}).`)
  return list.find((p) => p.label === label)?.p ?? 0
}

/**
 * Waits until the figure shows a frame newer than `after` with every listed model's predictions
 * computed on exactly that frame (no timing assumptions: polls until `timeoutMs`).
 */
export async function settledFigure(page: Page, id: string, models: readonly string[], after = 0, timeoutMs = 240_000): Promise<FigureSnapshot> {
  const start = Date.now()
  let last: FigureSnapshot | null = null
  while (Date.now() - start < timeoutMs) {
    last = await readFigure(page, id)
    const ready = last.frame !== null && last.frame > after && last.resultFrame === last.frame && models.every((m) => (last!.predictions[m]?.length ?? 0) > 0)
    if (ready) return last
    if (last.errors.length) throw new Error(`#${id} shows an error: ${last.errors.join(' | ')}`)
    await page.waitForTimeout(250)
  }
  throw new Error(`#${id} did not settle after frame ${after} within ${timeoutMs / 1000} s; last: ${JSON.stringify(last)}`)
}

/** The figure's scene canvas pixels (RGBA bytes), read from its 2D canvas. */
export function scenePixels(page: Page, id: string): Promise<number[]> {
  return page.evaluate((id) => {
    const canvas = document.getElementById(id)!.shadowRoot!.querySelector('canvas')!
    const context = canvas.getContext('2d')
    if (!context) throw new Error('the figure canvas is not a 2D canvas')
    return Array.from(context.getImageData(0, 0, canvas.width, canvas.height).data)
  }, id)
}

/** Mean and maximum absolute difference of two RGBA images over the colour channels, in [0, 1]. */
export function pixelDifference(a: readonly number[], b: readonly number[]): { mean: number; max: number } {
  if (a.length !== b.length) throw new Error(`images differ in size: ${a.length} vs ${b.length} bytes`)
  let sum = 0
  let max = 0
  for (let i = 0; i < a.length; i++) {
    if (i % 4 === 3) continue
    const d = Math.abs(a[i] - b[i]) / 255
    sum += d
    if (d > max) max = d
  }
  return { mean: sum / ((a.length / 4) * 3), max }
}

/** Variance of the colour values: a blank (one-colour) canvas has none. */
export function pixelVariance(a: readonly number[]): number {
  let sum = 0
  let sumSq = 0
  let n = 0
  for (let i = 0; i < a.length; i++) {
    if (i % 4 === 3) continue
    const v = a[i] / 255
    sum += v
    sumSq += v * v
    n++
  }
  const mean = sum / n
  return sumSq / n - mean * mean
}

/** What the built app shows: frame ids, scene pixels, activation map pixels and both models' rows. */
export interface AppSnapshot {
  frame: number
  resultFrame: number
  scene: number[]
  maps: string
  model1: string[]
  model2: string[]
}

/** `frame` and `resultFrame` are 0 before the first frame / result. */
export function readApp(page: Page): Promise<AppSnapshot> {
  return page.evaluate(() => {
    const status = document.querySelector<HTMLElement>('[data-testid=frame-status]')
    const num = (v: string | undefined) => (v ? Number(v) : 0)
    const rows = (role: string) =>
      [...(document.querySelector(`section[aria-label^="Predictions of ${role} ·"]`)?.querySelectorAll('li') ?? [])].map((li) => (li.textContent ?? '').trim())
    // the frame read back for the models where the app shows it (paced to inference), else the WebGL canvas
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid=scene-frame]') ?? document.querySelector<HTMLCanvasElement>('.pa-scene-canvas canvas')
    let scene: number[] = []
    if (canvas) {
      const copy = document.createElement('canvas')
      copy.width = canvas.width
      copy.height = canvas.height
      const context = copy.getContext('2d')!
      context.drawImage(canvas, 0, 0)
      scene = Array.from(context.getImageData(0, 0, copy.width, copy.height).data)
    }
    const maps = [...document.querySelectorAll<HTMLCanvasElement>('canvas[aria-label^="Activation map"]')]
      .map((c) => Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data).join(','))
      .join('|')
    return { frame: num(status?.dataset.frameId), resultFrame: num(status?.dataset.resultFrameId), scene, maps, model1: rows('Model 1'), model2: rows('Model 2') }
  })
}

/** Waits until the app shows a frame newer than `after` whose results (both models' top-5) are on screen. */
export async function settledApp(page: Page, after = 0, timeoutMs = 240_000): Promise<AppSnapshot> {
  const start = Date.now()
  let last: AppSnapshot | null = null
  while (Date.now() - start < timeoutMs) {
    last = await readApp(page)
    if (last.frame > after && last.resultFrame === last.frame && last.model1.length === 5 && last.model2.length === 5) return last
    await page.waitForTimeout(250)
  }
  throw new Error(`the app did not settle after frame ${after} within ${timeoutMs / 1000} s; last frame ${last?.frame}, results of ${last?.resultFrame}`)
}
