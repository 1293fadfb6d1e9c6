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
import { PgdAttack } from '../attacks/PgdAttack'
import type { PgdOptions } from '../attacks/types'
import { runFeatureVis, type RunFeatureVisOptions } from '../featurevis/runFeatureVis'
import type { FeatureVisResult } from '../featurevis/types'
import type { FramePixels, PerturberModel } from '../types'
import { RuntimeAttack } from './RuntimeAttack'

export type ModelRuntimeOptions = BackendOptions

/**
 * The entry point: owns the backend plan and the queue all TF.js work goes through. Forward work
 * (frames) runs on `plan.forward`; gradient work (attacks, feature visualization) runs on
 * `plan.gradient`, against a twin of the model whose weights live there when the two differ.
 */
export class ModelRuntime {
  private readonly queue: BackendQueue
  private readonly twins = new Map<string, Promise<TwinModel>>()
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
    return this.queue.run(this.plan.gradient, async () => {
      if (this.plan.gradient === this.plan.forward || !model.layersModel) return task(model)
      let twin = this.twins.get(model.id)
      if (!twin) {
        twin = TwinModel.create(model)
        this.twins.set(model.id, twin)
        twin.catch(() => this.twins.delete(model.id))
      }
      const ready = await twin
      await ready.sync()
      return task(ready)
    })
  }

  /** Starts a PGD attack of `model` on `frame` (see {@link PgdOptions}); its steps run on the gradient backend. */
  createAttack(model: PerturberModel, frame: FramePixels, options?: PgdOptions): Promise<RuntimeAttack> {
    return RuntimeAttack.create((task) => this.withGradients(model, task), frame, options)
  }

  /**
   * Compiles everything a PGD step of `model` on `width`×`height` frames needs (the backward pass,
   * both norms' projections) by stepping a throw-away attack on a grey frame. On WebGL the first
   * gradient compiles hundreds of shader programs — seconds on a GPU, tens of seconds on
   * SwiftShader — and TF.js caches programs by shape, so after this the user's first step costs
   * what later steps cost. Call it in idle time after a model loads. Once per model and frame size:
   * resolves to false when it was already done (or under way); a failed warm-up can be retried.
   */
  prepareAttacks(model: PerturberModel, width: number, height: number): Promise<boolean> {
    const key = `${model.id} ${width}x${height}`
    let prepared = this.preparedAttacks.get(key)
    if (prepared) return prepared.then(() => false)
    prepared = this.withGradients(model, (target) => {
      const grey = tf.fill([1, height, width, 3], 0.5) as tf.Tensor4D
      try {
        for (const norm of ['linf', 'l2'] as const) {
          const attack = new PgdAttack(target, grey, { norm })
          try {
            attack.step()
          } finally {
            attack.dispose()
          }
        }
      } finally {
        grey.dispose()
      }
      return true
    })
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

  /** Frees the gradient twin of a model (call when disposing the model). */
  release(model: PerturberModel): Promise<void> {
    const twin = this.twins.get(model.id)
    this.twins.delete(model.id)
    for (const key of this.preparedAttacks.keys()) if (key.startsWith(`${model.id} `)) this.preparedAttacks.delete(key)
    return this.queue.run(this.plan.gradient, async () => (await twin)?.dispose())
  }

  /** Resolves when all queued TF.js work has finished. */
  idle(): Promise<void> {
    return this.queue.idle()
  }
}

/** Creates a runtime, choosing backends for this machine (see {@link planBackends}). */
export const createModelRuntime = (options?: ModelRuntimeOptions) => ModelRuntime.create(options)
