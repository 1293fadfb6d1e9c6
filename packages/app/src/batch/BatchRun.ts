import type { StoreApi } from 'zustand/vanilla'
import type { RgbaImage } from '@perturber/viz/sweeps'
import { DataTexture, FloatType, NearestFilter, RGBAFormat } from 'three'
import type { FrameResult, ModelRequest, ModelRuntime } from '@perturber/model-runtime'
import { PerturbationPipeline, type PerturbationRegistry, type PerturbationState } from '@perturber/perturbations'
import type { ModelRole } from '@perturber/viz'
import { JobControl, type JobState, type JobStatus } from '../session/jobControl'
import { JobModels, nextTask } from '../session/jobModels'
import type { PerturberSession } from '../session/PerturberSession'
import { inputFrame, inputName, isBatchFile, type BatchInput, type SkippedFile } from './images'
import { labelCandidates, labelMatcher, matchLabel } from './labels'
import { thumbnailOf } from './resample'
import { mistakeOf } from './table'
import type { BatchItem, BatchModelInfo, BatchPrediction, BatchResult, BatchSetting } from './types'

export interface BatchOptions {
  /** the models to evaluate, of those shown (default: every shown one) */
  models?: ModelRole[]
  /** the perturbation settings every image goes through (default: {@link defaultBatchSettings} of the session's chain) */
  settings?: BatchSetting[]
  /** labels from folder and file names (default true); without, only agreement between models is measured */
  labels?: boolean
  /** files left out before the run (`screenFiles`), listed in the result's `skipped` ahead of the run's own */
  skipped?: readonly SkippedFile[]
  /** size in px of the thumbnails kept of mistaken images (default 64; 0: none); at most {@link MAX_BATCH_THUMBNAILS} */
  thumbnailSize?: number
}

/** A mistaken image as a model saw it (perturbed, fitted): RGBA bytes, row 0 at the top. */
export type BatchThumbnail = RgbaImage

export type BatchStatus = JobStatus

/** A running batch as the interface shows it (`run.store`); `done` counts inputs dealt with (evaluated or skipped). */
export type BatchRunState = JobState<BatchResult>

/** The most thumbnails one run keeps (64 px ones take 16 kB each). */
export const MAX_BATCH_THUMBNAILS = 1_000

/**
 * The settings a batch runs by default: `clean` (every perturbation off) and, when the chain has
 * any perturbation on, `current` (the chain as it is). Perturbations that read a texture of the
 * live frame (the adversarial overlay's δ) are off in both: that texture belongs to the live
 * image, not to the batch's.
 */
export function defaultBatchSettings(chain: readonly PerturbationState[], registry: PerturbationRegistry): BatchSetting[] {
  const usable = chain.map((s) => (s.enabled && registry.get(s.id)?.externalTextures?.length ? { ...s, enabled: false } : s))
  const on = usable.filter((s) => s.enabled)
  const settings: BatchSetting[] = [{ id: 'clean', name: 'clean', chain: chain.map((s) => ({ ...s, enabled: false })) }]
  if (on.length) settings.push({ id: 'current', name: `current (${on.map((s) => registry.get(s.id)?.label ?? s.id).join(', ')})`, chain: usable })
  return settings
}

/** A setting's chain for the image at `index`: as it is, or with `reseed` each enabled perturbation's seed moved to that image's own (never 0, which some effects read as "no draw"). */
export function chainForImage(setting: BatchSetting, index: number, registry: PerturbationRegistry): readonly PerturbationState[] {
  if (!setting.reseed) return setting.chain
  return setting.chain.map((s) => (s.enabled && registry.get(s.id)?.params.some((p) => p.name === 'seed') ? { ...s, params: { ...s.params, seed: 1 + ((Math.round(s.params.seed ?? 0) + index) % 999) } } : s))
}

/**
 * One batch evaluation over a session: each input is decoded and fitted to the live frame's size
 * (one at a time, so memory stays at one image), uploaded as a texture on the live scene
 * renderer's WebGL context, perturbed by every setting with one `PerturbationPipeline` made for
 * the run (the live frame, its pipeline and frame id untouched), and inferred by every model of
 * the run through the session's runtime. One input per task, so the page stays responsive; pause,
 * resume and cancel take effect between inputs. Inputs that will not decode are skipped and listed.
 */
export class BatchRun {
  readonly store: StoreApi<BatchRunState>
  /** resolves with the result (partial when cancelled or failed) */
  readonly finished: Promise<BatchResult | null>
  private readonly thumbnailList = new Map<string, BatchThumbnail>()
  private readonly control: JobControl<BatchResult>
  /** the result being filled in (what a failed run keeps) */
  private live: BatchResult | null = null

  constructor(
    private readonly session: PerturberSession,
    inputs: readonly BatchInput[],
    private readonly options: BatchOptions = {},
  ) {
    this.control = new JobControl(inputs.length, () => this.live && { ...this.live, items: this.live.items.slice(), skipped: this.live.skipped.slice() })
    this.store = this.control.store
    this.finished = this.run(inputs.slice()).catch((e: unknown) => {
      this.control.fail(e)
      return this.store.getState().result
    })
  }

  get state(): BatchRunState {
    return this.store.getState()
  }

  /** The thumbnail of a mistaken image in a setting (see `mistakeOf`), when one was kept. */
  thumbnail(item: number, setting: number): BatchThumbnail | undefined {
    return this.thumbnailList.get(`${item}:${setting}`)
  }

  pause(): void {
    this.control.pause()
  }

  resume(): void {
    this.control.resume()
  }

  /** Stops after the image under way; the images so far stay in `result`. */
  cancel(): void {
    this.control.cancel()
  }

  private async run(inputs: BatchInput[]): Promise<BatchResult | null> {
    await this.session.settled()
    const runtime = this.session.store.getState().runtime!
    const scene = this.session.frames.renderer()!
    const { width, height } = scene
    const jobModels = new JobModels(this.session, this.options.models, { name: 'batch', verb: 'evaluates', items: 'images' })
    const models = jobModels.models
    const infos: BatchModelInfo[] = models.map((m) => ({ role: m.role, name: jobModels.nameOf(m), classes: m.model.descriptor.labels.names }))
    const settings = this.options.settings ?? defaultBatchSettings(this.session.scene.getState().chain, this.session.registry)
    const matchers = models.map(({ model }) => labelMatcher(model.descriptor.labels.names))
    const requests: ModelRequest[] = models.map(({ model }) => ({ model, predictions: true, topK: 5 }))
    const result: BatchResult = { format: 'perturber-batch', version: 1, models: infos, settings, items: [], skipped: [...(this.options.skipped ?? [])], total: inputs.length, width, height }
    this.live = result
    let done = 0

    // the run's own pipeline and texture on the live context: nothing of the live frame is touched
    const pipeline = new PerturbationPipeline(scene.renderer, { width, height, registry: this.session.registry, inputColorSpace: 'srgb' })
    const texture = new DataTexture(new Float32Array(width * height * 4), width, height, RGBAFormat, FloatType)
    texture.minFilter = texture.magFilter = NearestFilter
    try {
      for (const setting of settings) {
        const [error] = pipeline.setChain(setting.chain)
        if (error) throw new Error(`The ${setting.name} setting cannot run: ${error.perturbationId}: ${error.message}. Fix the perturbation first.`)
      }
      this.control.begin()
      for (const [index, input] of inputs.entries()) {
        if (!(await this.control.proceed())) break
        jobModels.check()
        const name = inputName(input)
        let pixels: Float32Array
        try {
          pixels = await inputFrame(input, width, height)
        } catch (e) {
          result.skipped.push({ name, reason: e instanceof Error ? e.message : String(e) })
          done++
          continue
        }
        uploadRows(texture, pixels, width, height)
        const frames: Float32Array[] = []
        const predictions: BatchPrediction[][] = []
        for (const setting of settings) {
          pipeline.setChain(chainForImage(setting, index, this.session.registry))
          pipeline.render(texture)
          const frame = pipeline.readPixels()
          frames.push(frame)
          predictions.push((await infer(runtime, frame, width, height, requests, index)).models.map(predictionOf))
        }
        const candidates = this.options.labels === false ? [] : isBatchFile(input) ? labelCandidates(input.path) : input.label ? [input.label] : []
        const matches = matchers.map((m) => matchLabel(candidates, m))
        const item: BatchItem = { index, name, truth: matches.map((m) => m?.index ?? null), labelText: matches.find((m) => m)?.text ?? null, predictions }
        result.items.push(item)
        this.keepThumbnails(result, frames, width, height)
        done++
        this.control.progress(done)
        await nextTask()
      }
    } finally {
      pipeline.dispose()
      texture.dispose()
    }
    this.control.end(done)
    return this.store.getState().result
  }

  /** Keeps what the models saw of the newest item in each setting where it is a mistake. */
  private keepThumbnails(result: BatchResult, frames: readonly Float32Array[], width: number, height: number) {
    const size = Math.floor(this.options.thumbnailSize ?? 64)
    const at = result.items.length - 1
    frames.forEach((data, setting) => {
      if (size <= 0 || this.thumbnailList.size >= MAX_BATCH_THUMBNAILS || !mistakeOf(result, at, setting)) return
      this.thumbnailList.set(`${at}:${setting}`, thumbnailOf({ width, height, data }, size))
    })
  }
}

/** Starts a batch evaluation of `inputs` on a session (see {@link BatchRun}). */
export function startBatch(session: PerturberSession, inputs: readonly BatchInput[], options?: BatchOptions): BatchRun {
  return new BatchRun(session, inputs, options)
}

/** Copies a top-down frame into the texture's bottom-up rows (GL's texel row 0 is the image's bottom row). */
function uploadRows(texture: DataTexture, pixels: Float32Array, width: number, height: number) {
  const data = texture.image.data as Float32Array
  const row = width * 4
  for (let y = 0; y < height; y++) data.set(pixels.subarray(y * row, (y + 1) * row), (height - 1 - y) * row)
  texture.needsUpdate = true
}

function infer(runtime: ModelRuntime, data: Float32Array, width: number, height: number, requests: readonly ModelRequest[], index: number): Promise<FrameResult> {
  return runtime.infer({ frameId: index, width, height, data }, requests)
}

function predictionOf(result: FrameResult['models'][number]): BatchPrediction {
  const predictions = result.predictions ?? []
  const prediction: BatchPrediction = { top: predictions.map((p) => p.labelIndex), probabilities: predictions.map((p) => p.probability) }
  if (predictions.length === 0) prediction.problem = result.problem?.message ?? 'The model gave no prediction on this image.'
  return prediction
}

