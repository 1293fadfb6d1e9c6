import type { StoreApi } from 'zustand/vanilla'
import type { FramePixels, FrameResult, ModelRequest, ModelRuntime, PerturberModel } from '@perturber/model-runtime'
import { adversarialPixels } from '@perturber/model-runtime/attacks'
import { adversarialOverlay } from '@perturber/perturbations'
import type { SceneRenderer, SceneSnapshot } from '@perturber/scene'
import { modelRoleLabels, toPgdOptions, type ModelRole } from '@perturber/viz'
import type { RgbaImage } from '@perturber/viz/sweeps'
import { thumbnailOf } from '../batch/resample'
import type { AppState } from '../state/appState'
import { JobControl, type JobState, type JobStatus } from '../session/jobControl'
import { JobModels, nextTask, type JobModel } from '../session/jobModels'
import type { PerturberSession } from '../session/PerturberSession'
import { sampleAttackEpsilon, sampleScene } from './sampleState'
import { shardSamples, sweepSamples } from './samples'
import type { SweepModelInfo, SweepModelValues, SweepResult, SweepSample, SweepSpec } from './types'

export interface SweepOptions {
  /** run only this shard's samples (`k` of `n`, 1-based): merged, the shards give the unsplit result */
  shard?: { k: number; n: number }
  /**
   * keep a small copy of every sample's image, this many pixels wide (default 0: none), e.g. for
   * a thumbnail grid; at most {@link MAX_SWEEP_THUMBNAILS} are kept
   */
  thumbnailSize?: number
}

/** A thumbnail of a sample's rendered image: RGBA bytes, row 0 at the top (what `ThumbnailGrid` shows). */
export type SweepThumbnail = RgbaImage

export type SweepStatus = JobStatus

/** A running sweep as the interface shows it (`run.store`); `total` counts this run's (its shard's) samples. */
export type SweepRunState = JobState<SweepResult>

/** The most thumbnails one run keeps (48 px ones take ~9 kB each). */
export const MAX_SWEEP_THUMBNAILS = 2_500

/**
 * One sweep over a session: every sample renders beside the live frame (`SceneRenderer.renderSample`:
 * same context, object, background and resources, the live view untouched) and goes through the
 * session's runtime and shown models, one sample per task, so the page stays responsive and live
 * frames interleave. Pause, resume and cancel take effect between samples.
 */
export class SweepRun {
  readonly store: StoreApi<SweepRunState>
  /** resolves with the result (partial when cancelled or failed) */
  readonly finished: Promise<SweepResult | null>
  private readonly thumbnailList = new Map<number, SweepThumbnail>()
  private readonly control: JobControl<SweepResult>
  private readonly recorded: SweepResult['samples'] = []
  /** the result being filled in, once the run has started */
  private result: SweepResult | null = null

  constructor(
    private readonly session: PerturberSession,
    private readonly spec: SweepSpec,
    private readonly options: SweepOptions = {},
  ) {
    const samples = this.samples()
    this.control = new JobControl(samples.length, () => this.result && { ...this.result, samples: this.recorded.slice() })
    this.store = this.control.store
    this.finished = this.run(samples).catch((e: unknown) => {
      this.control.fail(e)
      return this.store.getState().result
    })
  }

  get state(): SweepRunState {
    return this.store.getState()
  }

  /** the kept thumbnails, by sample index */
  get thumbnails(): ReadonlyMap<number, SweepThumbnail> {
    return this.thumbnailList
  }

  pause(): void {
    this.control.pause()
  }

  resume(): void {
    this.control.resume()
  }

  /** Stops after the sample under way; the samples so far stay in `result`. */
  cancel(): void {
    this.control.cancel()
  }

  private samples(): SweepSample[] {
    const all = sweepSamples(this.spec.design)
    return this.options.shard ? shardSamples(all, this.options.shard) : all
  }

  private async run(samples: SweepSample[]): Promise<SweepResult | null> {
    await this.session.settled()
    // the base is the state every sample starts from; a sweep set up in it says nothing about a sample
    const base = { ...this.session.getState(), sweep: null }
    const runtime = this.session.store.getState().runtime!
    const renderer = this.session.frames.renderer()!
    const jobModels = new JobModels(this.session, this.spec.record.models, { name: 'sweep', verb: 'records', items: 'samples' })
    const models = jobModels.models
    const { registry } = this.session
    const requests = models.map(({ model }) => sweepRequest(model, this.spec.record.layer))
    // the base state's own numbers fix the classes a `'top'` record follows
    const baseResult = await infer(runtime, renderer, renderer.renderSample(sampleChange(base.scene)), requests, -1)
    const infos = models.map((m, i) => modelInfo(m, jobModels.nameOf(m), baseResult, i, this.spec))
    this.result = {
      format: 'perturber-sweep',
      version: 1,
      spec: { ...this.spec, base },
      models: infos,
      samples: [],
      total: sweepSamples(this.spec.design).length,
      ...(this.options.shard ? { shard: this.options.shard } : {}),
    }
    const recorded = this.recorded
    this.control.begin()
    for (const sample of samples) {
      if (!(await this.control.proceed())) break
      jobModels.check()
      this.checkScene(base)
      const scene = sampleScene(base.scene, this.spec.design, sample.values, registry)
      const epsilon = sampleAttackEpsilon(this.spec.design, sample.values)
      const clean = renderer.renderSample(sampleChange(scene, epsilon !== null))
      const pixels = epsilon === null ? clean : await this.attacked(runtime, base, clean, renderer, epsilon, models)
      const frame = await infer(runtime, renderer, pixels, requests, sample.index)
      const values = frame.models.map((m, i) => modelValues(m, infos[i]))
      recorded.push({ ...sample, models: values })
      this.keepThumbnail(sample.index, clean, renderer.width, renderer.height)
      this.control.progress(recorded.length)
      await nextTask()
    }
    this.control.end(recorded.length)
    return this.store.getState().result
  }

  /**
   * Samples render the live object and background: another one picked mid-sweep would put two
   * scenes in one table, so the sweep stops (the user may change anything else meanwhile).
   */
  private checkScene(base: AppState) {
    const { object, background } = this.session.scene.getState()
    if (JSON.stringify(object) !== JSON.stringify(base.scene.object)) throw new Error('The object changed during the sweep: the samples so far are kept; run the sweep again for the new object.')
    if (JSON.stringify(background) !== JSON.stringify(base.scene.background)) throw new Error('The background changed during the sweep: the samples so far are kept; run the sweep again for the new background.')
  }

  /** The sample's frame with a fresh PGD of the attacked model at ε added (pixels stay in [0, 1]). */
  private async attacked(runtime: ModelRuntime, base: AppState, clean: Float32Array, renderer: SceneRenderer, epsilon: number, models: readonly { role: ModelRole; model: PerturberModel }[]): Promise<Float32Array> {
    const attackedRole = base.attack.model
    const model = models.find((m) => m.role === attackedRole)?.model ?? this.session.modelOf(attackedRole)
    if (!model) throw new Error(`The attack's model (${modelRoleLabels[attackedRole]}) is not loaded: an ε sweep needs it.`)
    const frame: FramePixels = { frameId: 0, width: renderer.width, height: renderer.height, data: clean }
    const attack = await runtime.createAttack(model, frame, { ...toPgdOptions(base.attack), epsilon })
    try {
      const { perturbation } = await attack.step(Math.max(1, this.spec.record.attackSteps ?? 5))
      return adversarialPixels(frame, perturbation)
    } finally {
      await attack.dispose()
    }
  }

  private keepThumbnail(index: number, pixels: Float32Array, width: number, height: number) {
    const size = Math.floor(this.options.thumbnailSize ?? 0)
    if (size <= 0 || this.thumbnailList.size >= MAX_SWEEP_THUMBNAILS) return
    this.thumbnailList.set(index, thumbnailOf({ width, height, data: pixels }, size))
  }
}

/** Starts a sweep on a session (see {@link SweepRun}); `spec.base`, when given, must already be the session's state. */
export function startSweep(session: PerturberSession, spec: SweepSpec, options?: SweepOptions): SweepRun {
  return new SweepRun(session, spec, options)
}

/** The sample's scene as `renderSample` takes it; an ε sweep renders the clean frame (its own δ is added later). */
function sampleChange(scene: SceneSnapshot, clean = false) {
  const chain = clean ? scene.chain.map((s) => (s.id === adversarialOverlay.id ? { ...s, enabled: false } : s)) : scene.chain
  return { params: scene.params, chain }
}

/** Every class's numbers (the record picks later) and, with a layer, every channel's mean: a few kB a sample. */
function sweepRequest(model: PerturberModel, layer: string | undefined): ModelRequest {
  const request: ModelRequest = { model, predictions: true, topK: 5, probabilities: 'all', logits: 'all' }
  if (layer && model.layers.some((l) => l.name === layer)) Object.assign(request, { layer, channels: [], channelMeans: true })
  return request
}

function infer(runtime: ModelRuntime, renderer: SceneRenderer, data: Float32Array, requests: readonly ModelRequest[], index: number): Promise<FrameResult> {
  return runtime.infer({ frameId: index, width: renderer.width, height: renderer.height, data }, requests)
}

function modelInfo({ role, model }: JobModel, name: string, base: FrameResult, at: number, spec: SweepSpec): SweepModelInfo {
  const names = model.descriptor.labels.names
  const wanted = spec.record.classes ?? 'top'
  const classes = wanted === 'top' ? (base.models[at].predictions?.map((p) => p.labelIndex) ?? []) : wanted.filter((c) => c < names.length)
  const info: SweepModelInfo = { role, name, classes, labels: classes.map((c) => names[c] ?? `class ${c}`) }
  const layer = spec.record.layer
  const channelCount = layer ? model.layers.find((l) => l.name === layer)?.channels : undefined
  if (layer && channelCount !== undefined) {
    const wantedChannels = spec.record.channels ?? 'all'
    info.layer = layer
    info.channels = wantedChannels === 'all' ? Array.from({ length: channelCount }, (_, c) => c) : wantedChannels.filter((c) => c < channelCount)
  }
  return info
}

function modelValues(result: FrameResult['models'][number], info: SweepModelInfo): SweepModelValues {
  const { probabilities, logits, predictions, activations, problem } = result
  const means = activations?.channelMeans
  if (problem || !probabilities || !logits || (info.channels && !means)) {
    return { probabilities: [], logits: [], top: [], ...(info.channels ? { channels: [] } : {}), problem: problem?.message ?? `${info.name} returned no numbers on this sample.` }
  }
  const values: SweepModelValues = {
    probabilities: info.classes.map((c) => probabilities[c]),
    logits: info.classes.map((c) => logits[c]),
    top: predictions?.map((p) => p.labelIndex) ?? [],
  }
  if (info.channels) values.channels = info.channels.map((c) => means![c])
  return values
}
