import * as tf from '@tensorflow/tfjs'
import { GraphPerturberModel } from '../model/GraphPerturberModel'
import { LayersPerturberModel, disposeLayersModel } from '../model/LayersPerturberModel'
import type { LoadProgress, PerturberModel } from '../types'
import { buildGraphModel, buildLayersModel, failureDetail } from './build'
import { embeddedDescriptor, parseDescriptorText, parseLabelsText, type DescriptorOrigin, type FileDescriptor } from './descriptorJson'
import { ModelLoadError, abortError, isAbort, throwIfAborted } from './errors'
import { blamed, inferDescriptor, type DescriptorHints, type DescriptorOrigins } from './inferDescriptor'
import { assertWithinLimit, parseModelJson, type ManifestGroup, type ParsedModelJson } from './modelJson'
import { ProgressReporter } from './progress'
import { isGraphModel, isLayersModel } from './signature'
import { DEFAULT_STALL_TIMEOUT_MS, checkUrl, fetchDescriptorText, filesSource, urlSource, type DescriptorText, type FetchLike, type ModelSource } from './sources'
import { checkWeightData, type Shard } from './weightData'

/** Default for {@link LoadModelOptions.maxBytes}: 256 MB, far above ImageNet CNNs (4–100 MB). */
export const DEFAULT_MAX_MODEL_BYTES = 256 * 1024 * 1024
export { DEFAULT_STALL_TIMEOUT_MS }

/** Where a model comes from. */
export type ModelSourceInput =
  /** URL of model.json; weight files are fetched next to it (TF.js convention). */
  | string
  | URL
  /** model.json plus its weight files in any order, e.g. from `<input type="file" multiple>`. */
  | FileList
  | readonly File[]
  /** An already built model; the returned PerturberModel takes ownership (its dispose disposes it). */
  | tf.LayersModel
  | tf.GraphModel

export interface LoadModelOptions {
  /**
   * What you know about the model; it wins field by field over {@link descriptorUrl}'s and the
   * descriptor that comes with the model (`output` key by key, other fields whole: `labels`
   * replaces the file's labels and examples), and missing fields are inferred (see {@link inferDescriptor}).
   */
  descriptor?: DescriptorHints
  /**
   * A descriptor.json to use over the one that comes with the model (embedded in model.json or
   * next to it), field by field as {@link descriptor}; fetched with {@link fetch}, and any failure
   * fails the load.
   */
  descriptorUrl?: string
  /** Called with a fraction that never decreases and ends at 1, and the current stage. */
  onProgress?: (p: LoadProgress) => void
  signal?: AbortSignal
  /** Replaces `globalThis.fetch` for model.json, the weight files and descriptor.json. */
  fetch?: FetchLike
  /** Largest accepted model (model.json plus weights) in bytes; default {@link DEFAULT_MAX_MODEL_BYTES}. */
  maxBytes?: number
  /**
   * Loading by URL: a download (model.json, a weight file, descriptor.json, labels.json) that
   * receives nothing for this long fails with a `stalled` error naming the file; default
   * {@link DEFAULT_STALL_TIMEOUT_MS} (30 s). `Infinity` waits forever.
   */
  stallTimeoutMs?: number
  /** Id of the returned model (default: a fresh unique id). */
  id?: string
  /** Layers models: fold BatchNormalization and activations into fused convolutions (default true; see `LayersModelOptions`). */
  fuse?: boolean
  /**
   * Wraps the step that creates tensors (building and wrapping the model), e.g. to run it on a
   * chosen backend inside a task queue while downloads and checks run outside it.
   */
  build?: <T>(step: () => Promise<T>) => Promise<T>
}

/** Weight files downloaded at once: enough to fill a connection, few enough to abort quickly. */
const PARALLEL_DOWNLOADS = 4

/**
 * Loads a TF.js image classifier (layers model or graph model) and wraps it as a
 * {@link PerturberModel}. Files are fetched/read and checked by this function before TF.js sees
 * them, so every failure is a {@link ModelLoadError} naming the problem, and a failed load leaves
 * no tensors and no global state behind (models already loaded keep working).
 */
export async function loadModel(source: ModelSourceInput, options: LoadModelOptions = {}): Promise<PerturberModel> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_MODEL_BYTES
  if (!(maxBytes > 0)) throw new RangeError(`options.maxBytes must be a positive number, got ${maxBytes}`)
  const stallMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS
  if (!(stallMs > 0)) throw new RangeError(`options.stallTimeoutMs must be a positive number of milliseconds, got ${stallMs}`)
  if (typeof source === 'string' || source instanceof URL) checkUrl(String(source), 'model')
  if (options.descriptorUrl !== undefined) checkUrl(options.descriptorUrl, 'descriptor')
  const progress = new ProgressReporter(options.onProgress)
  const { signal } = options
  const build = options.build ?? ((step) => step())
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const requested = options.descriptorUrl === undefined ? undefined : readDescriptor(fetchDescriptorText(fetchFn, options.descriptorUrl, signal, true, stallMs))
  // awaited once model.json and the weights are in; a failure must not go unhandled meanwhile
  requested?.catch(() => undefined)
  if (isLayersModel(source) || isGraphModel(source)) {
    const fromUrl = await requested
    return build(() => wrapInMemory(source, options, [fromUrl], progress))
  }

  const src = typeof source === 'string' || source instanceof URL
    ? urlSource(String(source), fetchFn, maxBytes, signal, stallMs)
    : filesSource(Array.from(source as ArrayLike<File>), maxBytes)
  throwIfAborted(signal, src.jsonName)
  progress.report('json', 0, 'fetch', `reading ${src.jsonName}`)
  const text = await src.readJson((f) => progress.report('json', f, 'fetch'))
  throwIfAborted(signal, src.jsonName)

  const parsed = parseModelJson(text, src.jsonName)
  const jsonBytes = new TextEncoder().encode(text).byteLength
  assertWithinLimit(jsonBytes + parsed.declaredWeightBytes, maxBytes, `${src.jsonName} and the weights it declares come to`, src.jsonName)
  progress.report('parse', 1, 'parse', `${parsed.format} model`)
  // the model's own descriptor: embedded in model.json, else descriptor.json next to it (fetched while the weights download)
  const embedded = embeddedDescriptor(parsed.json, src.jsonName, src.baseUrl)
  const own = embedded ? Promise.resolve(embedded) : readDescriptor(src.readDescriptor(signal))
  own.catch(() => undefined)
  // labels.json next to it: the descriptor's labels win, so there is no need for it when model.json has them
  const labels = embedded?.hints.labels ? Promise.resolve(undefined) : readLabels(src.readLabels(signal))
  labels.catch(() => undefined)

  const shards = await readShards(src, parsed, progress, signal)
  progress.report('validate', 0, 'validate', 'checking weights')
  const { weightSpecs, weightData } = checkWeightData(shards)
  progress.report('validate', 1, 'validate')
  const labelsFile = await labels
  const files = [await own, await requested]
  throwIfAborted(signal, src.jsonName)

  progress.report('build', 0, 'build', `building the ${parsed.format} model`)
  const artifacts = tf.io.getModelArtifactsForJSONSync(parsed.json, weightSpecs, weightData)
  return build(async () => {
    const model = parsed.format === 'layers' ? await buildLayersModel(artifacts, src.jsonName) : buildGraphModel(artifacts, src.jsonName)
    try {
      throwIfAborted(signal, src.jsonName)
      const wrapped = wrap(model, options, files, src.defaultName, labelsFile)
      progress.done()
      return wrapped
    } catch (e) {
      if (isLayersModel(model)) disposeLayersModel(model)
      else model.dispose()
      throw e
    }
  })
}

async function wrapInMemory(model: tf.LayersModel | tf.GraphModel, options: LoadModelOptions, files: (FileDescriptor | undefined)[], progress: ProgressReporter) {
  throwIfAborted(options.signal, 'the model')
  progress.report('validate', 0, 'validate', 'checking input and output shapes')
  // the caller keeps ownership until this succeeds: a rejected model is not disposed
  const wrapped = wrap(model, options, files)
  progress.done()
  return wrapped
}

/**
 * Fetches and checks a descriptor.json (what `loadModel` does with one; see {@link LoadModelOptions.descriptorUrl}):
 * its `examples` become `labels.example`, resolved against `url`. Rejects with a {@link ModelLoadError}.
 */
export async function fetchDescriptor(url: string, options: { fetch?: FetchLike; signal?: AbortSignal; stallTimeoutMs?: number } = {}): Promise<DescriptorHints> {
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  checkUrl(url, 'descriptor')
  return (await readDescriptor(fetchDescriptorText(fetchFn, url, options.signal, true, options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS)))!.hints
}

/** A descriptor.json's text, checked (undefined: there is none). */
async function readDescriptor(text: Promise<DescriptorText | undefined>): Promise<FileDescriptor | undefined> {
  const found = await text
  return found && parseDescriptorText(found.text, { where: found.where, file: found.where }, found.baseUrl)
}

/** A labels.json's text, checked (undefined: there is none). */
async function readLabels(text: Promise<DescriptorText | undefined>): Promise<FileDescriptor | undefined> {
  const found = await text
  return found && parseLabelsText(found.text, { where: found.where, file: found.where })
}

/**
 * Descriptors merged field by field, later ones winning (`output` key by key, other fields whole),
 * with the file each remaining field comes from.
 */
function mergeDescriptors(layers: readonly { hints: DescriptorHints; origin?: DescriptorOrigin }[]): { hints: DescriptorHints; origins: DescriptorOrigins } {
  const hints: Record<string, unknown> = {}
  const origins: DescriptorOrigins = {}
  for (const { hints: layer, origin } of layers) {
    for (const [key, value] of Object.entries(layer)) {
      if (value === undefined) continue
      const field = key as keyof DescriptorOrigins
      if (field === 'output') {
        const given = Object.fromEntries(Object.entries(value as object).filter(([, v]) => v !== undefined))
        hints.output = { ...(hints.output as object | undefined), ...given }
        // the output is only checked against the model through classOrder: blame whoever gave that
        if ('classOrder' in given) origins.output = origin
      } else {
        hints[key] = value
        origins[field] = origin
      }
    }
  }
  for (const key of Object.keys(origins) as (keyof DescriptorOrigins)[]) if (!origins[key]) delete origins[key]
  return { hints: hints as DescriptorHints, origins }
}

/**
 * `files`: the model's own descriptor and options.descriptorUrl's, either possibly missing, the later
 * winning; options.descriptor wins over both, and `labelsFile` (labels.json) comes below them all.
 */
function wrap(model: tf.LayersModel | tf.GraphModel, options: LoadModelOptions, files: readonly (FileDescriptor | undefined)[], defaultName?: string, labelsFile?: FileDescriptor): PerturberModel {
  const layers = [...files.filter((f): f is FileDescriptor => f !== undefined), { hints: options.descriptor ?? {} }]
  // labels.json lists names in output order: no use when the descriptors give labels or reorder the outputs
  const described = mergeDescriptors(layers).hints
  if (labelsFile && !described.labels && !described.output?.classOrder) layers.unshift(labelsFile)
  const { hints, origins } = mergeDescriptors(layers)
  const descriptor = inferDescriptor(model, hints, defaultName, origins)
  try {
    if (isLayersModel(model)) return new LayersPerturberModel(model, descriptor, { id: options.id, fuse: options.fuse })
    return new GraphPerturberModel(model, descriptor, { id: options.id })
  } catch (e) {
    if (!(e instanceof ModelLoadError)) {
      if (isLayersModel(model)) throw e
      throw new ModelLoadError('unsupported', `TF.js could not run the graph model: ${failureDetail(e, 'a node has an attribute or input of the wrong kind.')}`, undefined, { cause: e })
    }
    // the models check the neuron groups and feature visualizations against their layers; the
    // message starts with the field, which names the file to blame
    const field = LAYER_CHECKED_FIELDS.find((f) => e.message.startsWith(`${f} of `))
    if (!field) throw e
    return blamed(origins[field], field, () => {
      throw e
    })
  }
}

const LAYER_CHECKED_FIELDS = ['neuronGroups', 'featureVisualizations'] as const

/** Every weight file, grouped as in the manifest; downloads run a few at a time and stop together. */
async function readShards(src: ModelSource, parsed: ParsedModelJson, progress: ProgressReporter, signal: AbortSignal | undefined) {
  const paths = parsed.groups.flatMap((g) => g.paths)
  src.checkShards(paths)
  const total = Math.max(1, parsed.declaredWeightBytes)
  let received = 0
  progress.report('weights', 0, 'fetch', `${paths.length} weight files`)
  const onBytes = (n: number) => {
    received += n
    progress.report('weights', received / total, 'fetch')
  }
  // one failing download cancels the others, and the caller's abort cancels all
  const controller = new AbortController()
  const relay = () => controller.abort(signal?.reason)
  signal?.addEventListener('abort', relay)
  const data = new Map<string, ArrayBuffer>()
  try {
    let next = 0
    const worker = async () => {
      while (next < paths.length) {
        const path = paths[next++]
        data.set(path, await src.readShard(path, onBytes, controller.signal))
      }
    }
    await Promise.all(Array.from({ length: Math.min(PARALLEL_DOWNLOADS, paths.length) }, worker)).catch((e) => {
      controller.abort()
      throw e
    })
  } catch (e) {
    if (signal?.aborted) throw abortError(signal, src.jsonName)
    if (e instanceof ModelLoadError) throw e
    if (isAbort(e)) throw abortError(signal, src.jsonName)
    throw e
  } finally {
    signal?.removeEventListener('abort', relay)
  }
  return parsed.groups.map((group: ManifestGroup) => ({
    group,
    shards: group.paths.map((path): Shard => ({ path, data: data.get(path)! })),
  }))
}
