// The page `npm run experiment` drives (tools/experiment.mjs): a PerturberSession with a scene
// renderer of its own, exactly as the app's frame path computes, no React but for the figure.
import { WebGLRenderer } from 'three'
import { createElement } from 'react'
import { createRoot } from 'react-dom/client'
import { SceneRenderer } from '@perturber/scene'
import { PerturberSession, loadModelIndex, zooInitialState, type AppModelConfig, type AppState, type ModelSource } from '@perturber/app'
import { SweepFigure } from '@perturber/app/components'
import { mergeSweepResults, parseSweepSpec, startSweep, sweepFromJson, sweepToCsv, sweepToJson, type SweepResult } from '@perturber/app/sweep'
import { wasmPaths } from '../../packages/app/src/site/wasmPaths'

/** What tools/experiment.mjs hands the page. */
interface ExperimentJob {
  name: 'sweep' | 'merge'
  /** sweep: the spec file's text */
  spec?: string
  /** merge: the parts' JSON texts */
  parts?: string[]
  shard?: { k: number; n: number }
  /** replaces the base state's Model 1 (and Model 2): zoo ids, shared model names or URLs */
  models?: string[]
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

async function runSweep(job: ExperimentJob): Promise<SweepResult> {
  const spec = parseSweepSpec(job.spec ?? '')
  const index = await loadModelIndex(ZOO_INDEX)
  const zoo = index?.models ?? []
  const state: AppState = structuredClone(spec.base ?? zooInitialState(zoo))
  if (job.models?.length) {
    if (job.models.length > 2) throw new Error(`--models: at most two models (Model 1 and Model 2), got ${job.models.length}.`)
    const [model1, model2] = job.models.map((name) => modelSource(name, zoo, job.sharedModels))
    state.models = { model1, model2: model2 ?? null }
    state.views = { ...state.views, model2: !!model2 }
  }
  const session = new PerturberSession({ models: zoo, state, runtimeOptions: { wasmPaths } })
  const release = session.retain()
  await session.modelsSettled()
  // the scene renders at Model 1's input size, as the zoo's models were trained
  const [height, width] = session.modelOf('model1')?.descriptor.inputSize ?? [224, 224]
  const canvas = document.createElement('canvas')
  const scene = new SceneRenderer(new WebGLRenderer({ canvas, antialias: false, alpha: false }), { width, height })
  const detach = session.attachRenderer(scene)
  try {
    await session.settled()
    const failed = (['model1', 'model2'] as const).map((slot) => session.store.getState().slots[slot].status.error).filter(Boolean)
    if (failed.length) throw new Error(failed.join('\n'))
    const run = startSweep(session, spec, { shard: job.shard })
    let said = 0
    run.store.subscribe((s) => {
      if (s.done - said < Math.max(1, Math.floor(s.total / 20)) && s.done !== s.total) return
      said = s.done
      const left = s.remainingMs === null ? '' : `, ~${Math.round(s.remainingMs / 1000)} s left`
      console.log(`[sweep] ${s.done}/${s.total} samples (${Math.round(s.elapsedMs / 1000)} s${left})`)
    })
    const result = await run.finished
    if (run.state.status !== 'done' || !result) throw new Error(run.state.error ?? `The sweep stopped (${run.state.status}).`)
    return result
  } finally {
    detach()
    release()
    scene.dispose()
  }
}

/** Draws the result's figure into #figure (tools/experiment.mjs screenshots it). */
async function showFigure(result: SweepResult) {
  const root = createRoot(document.getElementById('figure')!)
  root.render(createElement(SweepFigure, { result }))
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))
  window.__figureReady = true
}

window.__experiment = async (job) => {
  try {
    const result = job.name === 'merge' ? mergeSweepResults((job.parts ?? []).map((text) => sweepFromJson(text))) : await runSweep(job)
    await showFigure(result)
    const models = result.models.map((m) => `${m.role} ${m.name}`).join(', ')
    const summary = `${result.samples.length} of ${result.total} samples${result.shard ? ` (shard ${result.shard.k}/${result.shard.n})` : ''}; models: ${models}`
    return { json: sweepToJson(result), csv: sweepToCsv(result), summary }
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) }
  }
}
