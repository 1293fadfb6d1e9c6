// The page `npm run experiment` drives (tools/experiment.mjs): a PerturberSession with a scene
// renderer of its own, exactly as the app's frame path computes, no React but for the figure.
import { WebGLRenderer } from 'three'
import { createElement } from 'react'
import { createRoot } from 'react-dom/client'
import { SceneRenderer } from '@perturber/scene'
import { PerturberSession, loadModelIndex, zooInitialState, type AppModelConfig, type AppState, type ModelSource } from '@perturber/app'
import { BackgroundDependenceFigure, CorruptionReport, RecognitionTable, SweepFigure, YawFluctuationFigure } from '@perturber/app/components'
import { corruptionSettings, corruptionTable, corruptionToCsv, sceneViews, startBatch, type BatchResult, type CorruptionTable } from '@perturber/app/batch'
import { mergeSweepResults, parseSweepSpec, startSweep, sweepFromJson, sweepToCsv, sweepToJson, type SweepResult } from '@perturber/app/sweep'
import {
  BACKGROUND_CONDITIONS,
  BACKGROUND_CONDITION_LABELS,
  backgroundDependenceToCsv,
  backgroundDependenceToJson,
  pickObjects,
  recognitionSummaryText,
  recognitionToCsv,
  recognitionToJson,
  startBackgroundDependence,
  startRecognition,
  startYawFluctuation,
  yawFluctuationToCsv,
  yawFluctuationToJson,
  type BackgroundDependenceResult,
  type RecognitionResult,
  type RecognitionRun,
  type YawFluctuationResult,
} from '@perturber/app/experiments'
import type { JobState } from '../../packages/app/src/session/jobControl'
import { wasmPaths } from '../../packages/app/src/site/wasmPaths'

/** What tools/experiment.mjs hands the page. */
interface ExperimentJob {
  name: 'sweep' | 'merge' | 'yaw-fluctuation' | 'background-dependence' | 'recognition' | 'imagenet-c'
  /** sweep: the spec file's text */
  spec?: string
  /** merge: the parts' JSON texts */
  parts?: string[]
  shard?: { k: number; n: number }
  /** yaw-fluctuation: scene objects by name (default all) */
  objects?: string[]
  /** replaces the base state's Model 1 (and Model 2): zoo ids, shared model names or URLs */
  models?: string[]
  /** imagenet-c: corruptions (ids or the reference's names; default all), severities (default 1–5), views of each object (default 5) */
  corruptions?: string[]
  severities?: number[]
  views?: number
  /** folder names under /__shared-models/ that hold a model.json */
  sharedModels: string[]
}

type ExperimentOutput = { json: string; csv: string; summary: string } | { error: string }

declare global {
  interface Window {
    __experiment?: (job: ExperimentJob) => Promise<ExperimentOutput>
    __figureReady?: boolean
  }
}

const ZOO_INDEX = '/perturber-zoo/index.json'

/** A `--models` entry as a slot's source; an unknown one is refused with what there is. */
function modelSource(name: string, zoo: readonly AppModelConfig[], shared: readonly string[]): ModelSource {
  if (zoo.some((m) => m.id === name)) return { kind: 'config', id: name }
  if (shared.includes(name)) return { kind: 'url', url: `/__shared-models/${name}/model.json` }
  if (/^https?:\/\//.test(name)) return { kind: 'url', url: name }
  const known = [...zoo.map((m) => m.id), ...shared].join(', ')
  throw new Error(`--models: no model named "${name}". Known: ${known || 'none'} (or an http(s) URL of a model.json).`)
}

/**
 * A session on `state` (Model 1 and 2 replaced by `--models`) with a scene renderer of its own at
 * Model 1's input size, as the zoo's models were trained; `work` runs once everything is loaded.
 */
async function withSession<R>(job: ExperimentJob, base: AppState | undefined, work: (session: PerturberSession) => Promise<R>): Promise<R> {
  const index = await loadModelIndex(ZOO_INDEX)
  const zoo = index?.models ?? []
  const state: AppState = structuredClone(base ?? zooInitialState(zoo))
  if (job.models?.length) {
    if (job.models.length > 2) throw new Error(`--models: at most two models (Model 1 and Model 2), got ${job.models.length}.`)
    const [model1, model2] = job.models.map((name) => modelSource(name, zoo, job.sharedModels))
    state.models = { model1, model2: model2 ?? null }
    state.views = { ...state.views, model2: !!model2 }
  }
  const session = new PerturberSession({ models: zoo, state, runtimeOptions: { wasmPaths } })
  const release = session.retain()
  await session.modelsSettled()
  const [height, width] = session.modelOf('model1')?.descriptor.inputSize ?? [224, 224]
  const canvas = document.createElement('canvas')
  const scene = new SceneRenderer(new WebGLRenderer({ canvas, antialias: false, alpha: false }), { width, height })
  const detach = session.attachRenderer(scene)
  try {
    await session.settled()
    const failed = (['model1', 'model2'] as const).map((slot) => session.store.getState().slots[slot].status.error).filter(Boolean)
    if (failed.length) throw new Error(failed.join('\n'))
    return await work(session)
  } finally {
    detach()
    release()
    scene.dispose()
  }
}

/** Waits for a background job, saying its progress on the console about twenty times. */
async function follow<R>(what: string, items: string, run: { store: { getState(): JobState<R>; subscribe(l: (s: JobState<R>) => void): () => void }; finished: Promise<R | null> }): Promise<R> {
  let said = 0
  run.store.subscribe((s) => {
    if (s.done - said < Math.max(1, Math.floor(s.total / 20)) && s.done !== s.total) return
    said = s.done
    const left = s.remainingMs === null ? '' : `, ~${Math.round(s.remainingMs / 1000)} s left`
    console.log(`[${what}] ${s.done}/${s.total} ${items} (${Math.round(s.elapsedMs / 1000)} s${left})`)
  })
  const result = await run.finished
  const state = run.store.getState()
  if (state.status !== 'done' || !result) throw new Error(state.error ?? `The ${what} stopped (${state.status}).`)
  return result
}

function runSweep(job: ExperimentJob): Promise<SweepResult> {
  const spec = parseSweepSpec(job.spec ?? '')
  return withSession(job, spec.base, (session) => follow('sweep', 'samples', startSweep(session, spec, { shard: job.shard })))
}

function runYawFluctuation(job: ExperimentJob): Promise<YawFluctuationResult> {
  pickObjects(job.objects) // an unknown object is refused before any model loads
  return withSession(job, undefined, (session) => follow('yaw-fluctuation', 'prototypes', startYawFluctuation(session, { objects: job.objects })))
}

function runBackgroundDependence(job: ExperimentJob): Promise<BackgroundDependenceResult> {
  pickObjects(job.objects)
  return withSession(job, undefined, (session) => follow('background-dependence', 'steps', startBackgroundDependence(session, { objects: job.objects })))
}

/** The recognition figure's thumbnails: what the models were shown, downsampled to this many pixels a side. */
const RECOGNITION_THUMBNAIL = 96

function runRecognition(job: ExperimentJob): Promise<{ result: RecognitionResult; run: RecognitionRun }> {
  pickObjects(job.objects)
  return withSession(job, undefined, async (session) => {
    const run = startRecognition(session, { objects: job.objects, thumbnailSize: RECOGNITION_THUMBNAIL })
    return { result: await follow('recognition', 'steps', run), run }
  })
}

/**
 * The corruption benchmark on rendered views of all ten objects (a zoo-like split: `views` random
 * cameras of each, labelled with the zoo's classes), each image clean and under every corruption and
 * severity asked for; CE and mCE against Model 1. The scene's own object comes back afterwards.
 */
function runImagenetC(job: ExperimentJob): Promise<BatchResult> {
  return withSession(job, undefined, async (session) => {
    // refused before any view is rendered: an unknown corruption or severity
    const settings = corruptionSettings(session.scene.getState().chain, session.registry, { corruptions: job.corruptions, severities: job.severities })
    const views = sceneViews(session, { perEnd: job.views ?? 5, objects: 'all' })
    try {
      return await follow('imagenet-c', 'images', startBatch(session, views.inputs, { settings, thumbnailSize: 0 }))
    } finally {
      views.restore()
    }
  })
}

/** The benchmark's numbers as JSON: the models, the image count and the corruption table (the per-image answers stay out). */
function corruptionJson(result: BatchResult, table: CorruptionTable): string {
  const models = result.models.map(({ role, name }) => ({ role, name }))
  return `${JSON.stringify({ format: 'perturber-corruption-benchmark', version: 1, models, images: result.items.length, settings: result.settings.map((s) => s.id), table }, null, 1)}\n`
}

/** Each model's clean error and mCE, and its worst corruption, as the console shows it. */
function corruptionSummaryText(result: BatchResult, table: CorruptionTable): string {
  const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)} %`)
  const lines = table.models.map((m) => {
    const worst = [...m.rows].sort((a, b) => (b.errors.reduce<number>((x, e) => x + (e ?? 0), 0) - a.errors.reduce<number>((x, e) => x + (e ?? 0), 0)))[0]
    return `${result.models[m.model].role} ${result.models[m.model].name}: clean error ${pct(m.clean)}, mCE ${pct(m.mce)}, relative mCE ${pct(m.relativeMce)}${worst ? `; worst: ${worst.corruption}` : ''}`
  })
  return [`ImageNet-C on ${result.items.length} rendered views (CE relative to ${result.models[table.baseline].role})`, ...lines].join('\n')
}

/** Draws a figure into #figure (tools/experiment.mjs screenshots it). */
async function showFigure(figure: ReturnType<typeof createElement>) {
  const root = createRoot(document.getElementById('figure')!)
  root.render(figure)
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
  window.__figureReady = true
}

window.__experiment = async (job) => {
  try {
    if (job.name === 'yaw-fluctuation') {
      const result = await runYawFluctuation(job)
      await showFigure(createElement(YawFluctuationFigure, { result }))
      return { json: yawFluctuationToJson(result), csv: yawFluctuationToCsv(result), summary: yawSummaryText(result) }
    }
    if (job.name === 'recognition') {
      const { result, run } = await runRecognition(job)
      await showFigure(createElement(RecognitionTable, { result, thumbnail: (object, view) => run.thumbnail(object, view), thumbnailSize: RECOGNITION_THUMBNAIL }))
      return { json: recognitionToJson(result), csv: recognitionToCsv(result), summary: recognitionSummaryText(result) }
    }
    if (job.name === 'imagenet-c') {
      const result = await runImagenetC(job)
      const table = corruptionTable(result, 0)
      await showFigure(createElement(CorruptionReport, { result }))
      return { json: corruptionJson(result, table), csv: corruptionToCsv(result, table), summary: corruptionSummaryText(result, table) }
    }
    if (job.name === 'background-dependence') {
      const result = await runBackgroundDependence(job)
      await showFigure(createElement(BackgroundDependenceFigure, { result }))
      return { json: backgroundDependenceToJson(result), csv: backgroundDependenceToCsv(result), summary: backgroundSummaryText(result) }
    }
    const result = job.name === 'merge' ? mergeSweepResults((job.parts ?? []).map((text) => sweepFromJson(text))) : await runSweep(job)
    await showFigure(createElement(SweepFigure, { result }))
    const models = result.models.map((m) => `${m.role} ${m.name}`).join(', ')
    const summary = `${result.samples.length} of ${result.total} samples${result.shard ? ` (shard ${result.shard.k}/${result.shard.n})` : ''}; models: ${models}`
    return { json: sweepToJson(result), csv: sweepToCsv(result), summary }
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) }
  }
}

/** The summary table as the console shows it: per object, each model's mean ± std and prototypes recognised. */
function yawSummaryText(result: YawFluctuationResult): string {
  const rows = result.objects.map((object) => {
    const cells = result.models.map((_, m) => {
      const row = result.summary.find((r) => r.object === object && r.model === m)
      const mine = result.prototypes.filter((p) => p.object === object && p.model === m)
      const seen = mine.filter((p) => p.recognised).length
      return row ? `${row.mean.toFixed(2)} ± ${row.std.toFixed(2)} (${seen}/${mine.length} recognised)` : '—'
    })
    return `${object.padEnd(11)} ${cells.map((c) => c.padEnd(34)).join(' ')}`
  })
  return [`yaw fluctuation (mean ± std over prototypes)`, `${''.padEnd(11)} ${result.models.map((m) => `${m.role} ${m.name}`.padEnd(34)).join(' ')}`, ...rows].join('\n')
}

/** Each model's accuracy per condition, as the console shows it. */
function backgroundSummaryText(result: BackgroundDependenceResult): string {
  const lines = result.models.map((m, i) => {
    const table = result.tables[i]
    const cells = BACKGROUND_CONDITIONS.map((c) => {
      const row = table.rows.find((r) => r.condition === c)!
      return `${BACKGROUND_CONDITION_LABELS[c]} ${(row.accuracy * 100).toFixed(1)} % (${row.correct}/${row.total})`
    })
    return `${m.role} ${m.name}: ${cells.join('; ')}; own − other ${(table.backgroundGap * 100).toFixed(1)} points`
  })
  return [`background dependence (chance ${(100 / result.objects.length).toFixed(1)} %)`, ...lines].join('\n')
}
