import type { PerturberModel } from '../types'
import { defaultFeatureVisCache, type FeatureVisCache } from './cache'
import { FeatureVisRun, resolveFeatureVisOptions } from './FeatureVisRun'
import type { FeatureVisOptions, FeatureVisResult } from './types'

export interface FeatureVisProgress {
  step: number
  total: number
  /**
   * Objective of the latest step (on its randomly transformed view): what is optimised, the
   * channel before its ReLU where the model has one (`run.target`), so it may be negative.
   */
  objective: number
  /** Wall-clock milliseconds since the run started (building it and waiting for the queue included). */
  elapsedMs: number
  /**
   * Estimated wall-clock milliseconds left: the mean time per step so far times the steps left.
   * The first batch (which compiles the kernels) is left out of the mean once later ones are timed.
   */
  remainingMs: number
  /** The live run, e.g. `run.imageAsync()` for a preview; valid only during the callback. */
  run: FeatureVisRun
}

export interface RunFeatureVisOptions extends FeatureVisOptions {
  /** Optimisation steps (default 256). */
  steps?: number
  /** Steps between yields to the event loop (default 2). */
  stepsPerFrame?: number
  onProgress?: (progress: FeatureVisProgress) => void
  /** Aborting stops the run before its next batch; the promise rejects with an `AbortError`. */
  signal?: AbortSignal
  /** Where finished results are kept; `null` disables caching. Default: a shared cache. */
  cache?: FeatureVisCache | null
  /** How to wait between batches; default the next animation frame, else a macrotask. */
  yieldToEventLoop?: () => Promise<void>
  /**
   * Runs each piece of TF.js work (building the run, each batch, reading the image); default runs
   * it at once on `model`. The runtime passes one that queues it on the gradient backend with the
   * model's twin there.
   */
  execute?: <T>(task: (model: PerturberModel) => T | Promise<T>) => Promise<T>
}

/**
 * Runs a feature visualization incrementally: `stepsPerFrame` synchronous steps, then back to the
 * event loop (the next animation frame where there is one), so the page stays responsive. A
 * repeated request for the same model version, layer, channel and settings resolves at once with
 * the cached result object.
 */
export async function runFeatureVis(
  model: PerturberModel,
  layer: string,
  channel: number,
  options: RunFeatureVisOptions = {},
): Promise<FeatureVisResult> {
  const { steps: total = 256, stepsPerFrame = 2, onProgress, signal, yieldToEventLoop = nextFrame } = options
  const execute = options.execute ?? (async (task) => task(model))
  if (!(Number.isInteger(total) && total >= 0)) throw new Error(`Feature visualization: steps must be a non-negative integer (got ${total}).`)
  if (!(Number.isInteger(stepsPerFrame) && stepsPerFrame >= 1)) throw new Error(`Feature visualization: stepsPerFrame must be a positive integer (got ${stepsPerFrame}).`)
  const cache = options.cache === undefined ? defaultFeatureVisCache : options.cache
  const request = { layer, channel, steps: total, options: resolveFeatureVisOptions(options, model.descriptor.inputSize) }
  const cached = cache?.get(model, request)
  if (cached) return cached
  throwIfAborted(signal)

  const started = now()
  const run = await execute((m) => new FeatureVisRun(m, layer, channel, options))
  try {
    let firstBatch: { at: number; steps: number } | null = null
    while (run.stepsDone < total) {
      await yieldToEventLoop()
      throwIfAborted(signal)
      const { step, objective } = await execute(() => run.stepAsync(Math.min(stepsPerFrame, total - run.stepsDone)))
      throwIfAborted(signal)
      const at = now()
      firstBatch ??= { at, steps: step }
      const msPerStep = step > firstBatch.steps ? (at - firstBatch.at) / (step - firstBatch.steps) : (at - started) / step
      onProgress?.({ step, total, objective, elapsedMs: at - started, remainingMs: msPerStep * (total - step), run })
    }
    const [image, evaluation] = await execute(async () => [await run.imageAsync(), run.evaluateLayer()] as const)
    const result: FeatureVisResult = {
      modelId: model.id,
      modelVersion: run.modelVersion,
      layer,
      channel,
      options: run.options,
      steps: run.stepsDone,
      image,
      ...evaluation,
    }
    cache?.set(model, request, result)
    return result
  } finally {
    await execute(() => run.dispose())
  }
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now())

function throwIfAborted(signal: AbortSignal | undefined) {
  if (signal?.aborted) throw new DOMException('Feature visualization cancelled.', 'AbortError')
}

/** The next animation frame where there is one (browsers), else a macrotask (workers, Node). */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState !== 'hidden') {
      requestAnimationFrame(() => resolve())
    } else {
      setTimeout(resolve, 0)
    }
  })
}
