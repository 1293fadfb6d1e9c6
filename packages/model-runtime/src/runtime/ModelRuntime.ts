import * as tf from '@tensorflow/tfjs'
import { TwinModel } from '../backends/twin'
import { loadModel, type LoadModelOptions, type ModelSourceInput } from '../load/loadModel'
import { createEditedModel, type EditedModel, type EditedModelOptions } from '../editing/EditedModel'
import { BackendQueue } from '../backends/queue'
import { planBackends, type BackendOptions, type BackendPlan } from '../backends/plan'
import { frameToTensor } from '../inference/frameTexture'
import { isSharedWebGLBackend } from '../backends/sharedContext'
import { inferFrame } from '../inference/inferFrame'
import { InferenceScheduler, type InferenceSchedulerOptions } from '../inference/InferenceScheduler'
import type { FrameInput, FrameResult, ModelRequest } from '../inference/types'
import type { PgdOptions } from '../attacks/types'
import { runFeatureVis, type RunFeatureVisOptions } from '../featurevis/runFeatureVis'
import { channelRelevance } from '../relevance/channelRelevance'
import type { FeatureVisResult } from '../featurevis/types'
import { extractDatapath } from '../datapath/extract'
import type { Datapath, DatapathOptions } from '../datapath/types'
import type { FramePixels, PerturberModel } from '../types'
import { RuntimeAttack } from './RuntimeAttack'
import { measureAttackBackend, warmUpAttack, type AttackBackend } from './attackBackends'

export type ModelRuntimeOptions = BackendOptions

/**
 * The entry point: owns the backend plan and the queue all TF.js work goes through. Forward work
 * (frames) runs on `plan.forward`; gradient work (attacks, feature visualization) runs on
 * `plan.gradient`, against a twin of the model whose weights live there when the two differ.
 */
export class ModelRuntime {
  private readonly queue: BackendQueue
  /** `${backend} ${model.id}`: copies of layers models on backends other than the forward one */
  private readonly twins = new Map<string, Promise<TwinModel>>()
  /** `${model.id} ${width}x${height}`: where that model's attacks run (timed once) */
  private readonly attackBackends = new Map<string, Promise<AttackBackend>>()
  /** `${model.id} ${width}x${height}` of the attacks whose gradient programs are compiled. */
  private readonly preparedAttacks = new Map<string, Promise<boolean>>()

  private constructor(
    readonly plan: BackendPlan,
    private readonly sharedContext?: ModelRuntimeOptions['sharedContext'],
  ) {
    // three.js and TF.js each cache GL state: hand the shared context over at every task boundary
    const reset = (backend: string) => {
      if (isSharedWebGLBackend(backend)) sharedContext?.resetState()
    }
    this.queue = new BackendQueue(plan.forward, { before: reset, after: reset })
  }

  static async create(options: ModelRuntimeOptions = {}): Promise<ModelRuntime> {
    const plan = await planBackends(options)
    await tf.setBackend(plan.forward)
    return new ModelRuntime(plan, options.sharedContext)
  }

  /**
   * Whether {@link infer} and the scheduler take {@link FrameTexture} frames: the forward backend
   * runs on the shared context (`sharedContext`). Otherwise submit pixels (`readPixels()`).
   */
  get acceptsTextureFrames(): boolean {
    return !!this.sharedContext && isSharedWebGLBackend(this.plan.forward)
  }

  /** Runs a task with the forward backend active (models are built there). */
  forward<T>(task: () => T | Promise<T>): Promise<T> {
    return this.queue.run(this.plan.forward, task)
  }

  /**
   * Loads a model (see {@link loadModel}): downloads and checks run outside the queue, so frames
   * keep flowing through the models already loaded; only building runs on the forward backend.
   */
  load(source: ModelSourceInput, options: Omit<LoadModelOptions, 'build'> = {}): Promise<PerturberModel> {
    return loadModel(source, { ...options, build: (step) => this.forward(step) })
  }

  /**
   * An edited model (mixing / pruning) of Model 1 with Model 2, built on the forward backend. Run
   * its setters through {@link forward} too (`runtime.forward(() => edited.setMix('mixed4a', 0.5))`),
   * so edits never interleave with work on the other backend.
   */
  createEditedModel(model1: PerturberModel, model2?: PerturberModel, options?: EditedModelOptions): Promise<EditedModel> {
    return this.forward(() => createEditedModel(model1, model2, options))
  }

  /**
   * Computes the requested maps and predictions on one frame: pixels, or a texture of the shared
   * context when {@link acceptsTextureFrames} (rejected with an explanation otherwise).
   */
  infer(frame: FrameInput, requests: readonly ModelRequest[]): Promise<FrameResult> {
    return this.forward(async () => {
      const pixels = frameToTensor(frame, this.acceptsTextureFrames ? this.sharedContext!.gl : undefined)
      try {
        return await inferFrame(pixels, requests, frame.frameId)
      } finally {
        pixels.dispose()
      }
    })
  }

  /** A latest-frame-wins scheduler over {@link infer}. */
  createScheduler(options: InferenceSchedulerOptions): InferenceScheduler {
    return new InferenceScheduler((frame, requests) => this.infer(frame, requests), options)
  }

  /**
   * Runs `task` on the gradient backend with a version of `model` whose weights live there (the
   * model itself when both backends are the same; graph models are used as they are).
   */
  withGradients<T>(model: PerturberModel, task: (model: PerturberModel) => T | Promise<T>): Promise<T> {
    return this.onBackend(this.plan.gradient, model, task)
  }

  /** Runs `task` on `backend` with `model`, or its twin there (built once, re-synced after edits). */
  private readonly onBackend = <T>(backend: string, model: PerturberModel, task: (model: PerturberModel) => T | Promise<T>): Promise<T> =>
    this.queue.run(backend, async () => {
      if (backend === this.plan.forward || !model.layersModel) return task(model)
      const key = `${backend} ${model.id}`
      let twin = this.twins.get(key)
      if (!twin) {
        twin = TwinModel.create(model)
        this.twins.set(key, twin)
        twin.catch(() => this.twins.delete(key))
      }
      const ready = await twin
      await ready.sync()
      return task(ready)
    })

  /** The backends `model`'s attacks may run on: the plan's candidates; a graph model stays on the gradient backend. */
  private attackCandidates(model: PerturberModel): readonly string[] {
    return model.layersModel ? this.plan.gradientCandidates : [this.plan.gradient]
  }

  /**
   * Where `model`'s attacks on `width`×`height` frames run, and the expected time of a step there:
   * a PGD step is timed on each of `plan.gradientCandidates` worth timing (TF.js' cpu backend is far
   * faster than WebGL on a software rasteriser for small models; a cost model from the model's
   * FLOPs skips candidates that cannot win) and the fastest is kept. Measured once per model and
   * frame size, in queued tasks (live frames run in between); {@link prepareAttacks} does it in idle time.
   */
  attackBackend(model: PerturberModel, width: number, height: number): Promise<AttackBackend> {
    const key = `${model.id} ${width}x${height}`
    let choice = this.attackBackends.get(key)
    if (!choice) {
      const candidates = this.attackCandidates(model)
      choice = measureAttackBackend(this.onBackend, model, width, height, { candidates, softwareRenderer: this.plan.softwareRenderer })
      this.attackBackends.set(key, choice)
      choice.catch(() => this.attackBackends.delete(key))
    }
    return choice
  }

  /**
   * Starts a PGD attack of `model` on `frame` (see {@link PgdOptions}); its steps run on the backend
   * {@link attackBackend} picks for that model (timed now if it has not been yet and there is a choice).
   */
  async createAttack(model: PerturberModel, frame: FramePixels, options?: PgdOptions): Promise<RuntimeAttack> {
    const candidates = this.attackCandidates(model)
    const known = this.attackBackends.get(`${model.id} ${frame.width}x${frame.height}`)
    const choice: AttackBackend =
      known || candidates.length > 1
        ? await this.attackBackend(model, frame.width, frame.height)
        : { backend: candidates[0], measured: {}, skipped: {}, how: 'only', reason: `${candidates[0]} (the only candidate), not timed yet` }
    return RuntimeAttack.create((task) => this.onBackend(choice.backend, model, task), frame, options, choice)
  }

  /**
   * Readies `model`'s attacks on `width`×`height` frames in idle time: picks their backend
   * ({@link attackBackend}: timing a throw-away attack's steps on a grey frame) and compiles
   * everything a step needs there (the backward pass, both norms' projections). On WebGL the first
   * gradient compiles hundreds of shader programs — seconds on a GPU, tens of seconds on
   * SwiftShader — and TF.js caches programs by shape, so after this the user's first step costs
   * what later steps cost; on cpu nothing compiles and the timing is all there is to do. Once per
   * model and frame size: resolves to false when it was already done (or under way); a failed
   * warm-up can be retried.
   */
  prepareAttacks(model: PerturberModel, width: number, height: number): Promise<boolean> {
    const key = `${model.id} ${width}x${height}`
    let prepared = this.preparedAttacks.get(key)
    if (prepared) return prepared.then(() => false)
    prepared = (async () => {
      const { backend } = await this.attackBackend(model, width, height) // compiled L∞ while timing it
      if (backend !== 'cpu') await warmUpAttack(this.onBackend, backend, model, width, height, 'l2') // nothing compiles on cpu
      return true
    })()
    prepared.catch(() => this.preparedAttacks.delete(key))
    this.preparedAttacks.set(key, prepared)
    return prepared
  }

  /**
   * Generates (or returns from the cache) a feature visualization of `channel` in `layer`, a few
   * steps at a time on the gradient backend, with progress and cancel (see {@link runFeatureVis}).
   */
  featureVis(model: PerturberModel, layer: string, channel: number, options: Omit<RunFeatureVisOptions, 'execute'> = {}): Promise<FeatureVisResult> {
    return runFeatureVis(model, layer, channel, { ...options, execute: (task) => this.withGradients(model, task) })
  }

  /**
   * Gradient × activation of each channel of `layer` for class `classIndex` on `frame`, summed over
   * positions (see {@link channelRelevance}), on a backend with gradients: the one `model`'s attacks
   * run on when it was chosen for this frame size, else the most likely of the candidates (cpu for a
   * small model on a software rasteriser, where WebGL would first compile for tens of seconds).
   */
  async channelRelevance(model: PerturberModel, frame: FramePixels, layer: string, classIndex: number): Promise<Float32Array> {
    const chosen = this.attackBackends.get(`${model.id} ${frame.width}x${frame.height}`)
    const backend = (chosen && (await chosen.catch(() => null))?.backend) || this.attackCandidates(model)[0]
    return this.onBackend(backend, model, (m) => channelRelevance(m, frame, layer, classIndex))
  }

  /**
   * The datapath of `model` for one frame or a set of frames (AEVis; see {@link extractDatapath}):
   * each layer's critical maps for a class, from one backward pass per batch of frames on the
   * gradient backend, then each layer's QP, in steps with progress and cancel.
   */
  datapath(model: PerturberModel, frames: readonly FramePixels[], options: DatapathOptions = {}): Promise<Datapath> {
    return extractDatapath(model, frames, { ...options, execute: (task) => this.withGradients(model, task) })
  }

  /** Frees the twins of a model on other backends and forgets its attack backend and warm-ups (call when disposing the model). */
  release(model: PerturberModel): Promise<void> {
    for (const cache of [this.preparedAttacks, this.attackBackends]) {
      for (const key of cache.keys()) if (key.startsWith(`${model.id} `)) cache.delete(key)
    }
    const disposed: Promise<void>[] = []
    for (const [key, twin] of this.twins) {
      const backend = key.slice(0, key.indexOf(' '))
      if (key.slice(backend.length + 1) !== model.id) continue
      this.twins.delete(key)
      disposed.push(this.queue.run(backend, async () => (await twin.catch(() => undefined))?.dispose()))
    }
    // also waits for the gradient work queued before
    return Promise.all([...disposed, this.queue.run(this.plan.gradient, () => undefined)]).then(() => undefined)
  }

  /** Resolves when all queued TF.js work has finished. */
  idle(): Promise<void> {
    return this.queue.idle()
  }
}

/** Creates a runtime, choosing backends for this machine (see {@link planBackends}). */
export const createModelRuntime = (options?: ModelRuntimeOptions) => ModelRuntime.create(options)
