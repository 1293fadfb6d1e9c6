import * as tf from '@tensorflow/tfjs'
import { preprocessingKey } from '../model/preprocess'
import { isTopChannelsSpec } from './channels'
import type { ExecuteResult, PerturberModel } from '../types'
import type { ActivationMaps, FrameResult, ModelFrameResult, ModelRequest, Prediction, TopChannelsSpec } from './types'

/** Where each model's numbers sit in the single packed download. */
interface Slot {
  maps?: { layer: string; shape: [number, number, number]; channels: number[]; offset: number; length: number; channelsAt?: number }
  stats?: number
  /** the layer's channel means: the k most active are the top channels, all are returned with `channelMeans` */
  channelMeans?: { offset: number; count: number; k: number; all: boolean }
  scores?: { offset: number; count: number; k: number }
}

/** Indices of the k largest values, largest first. On the CPU: a GPU top-k is a many-pass sort. */
export function topIndices(values: ArrayLike<number>, k: number): number[] {
  const best: number[] = []
  for (let i = 0; i < values.length; i++) {
    if (best.length === k && values[i] <= values[best[k - 1]]) continue
    let at = Math.min(best.length, k - 1)
    while (at > 0 && values[best[at - 1]] < values[i]) at--
    best.splice(at, 0, i)
    if (best.length > k) best.pop()
  }
  return best
}

/** What one model computes on a frame, for all its requests. */
interface Need {
  layers: Set<string>
  predictions: boolean
  /** Layers whose outputs a later model reuses. */
  share: Set<string>
  /** An earlier model whose pass gives some of this model's layers (see {@link shareLayers}). */
  reuse?: { from: PerturberModel; layers: string[] }
}

/**
 * Lets each model take the layers it shares with an earlier model on the frame (same input
 * pipeline) from that model's pass: the edited model's unedited layers hold Model 1's (or Model
 * 2's) very weights, so with one block mixed it only computes from that block on.
 */
function shareLayers(needs: Map<PerturberModel, Need>) {
  const models = [...needs.keys()]
  models.forEach((model, i) => {
    const need = needs.get(model)!
    if (!model.sharedLayers || (!need.layers.size && !need.predictions)) return
    const key = preprocessingKey(model.descriptor)
    for (const source of models.slice(0, i)) {
      if (preprocessingKey(source.descriptor) !== key) continue
      const layers = model.sharedLayers(source, { layers: [...need.layers], predictions: need.predictions })
      if (!layers.length) continue
      need.reuse = { from: source, layers }
      for (const layer of layers) needs.get(source)!.share.add(layer)
      return
    }
  })
}

/** One pass over some requests: the packed numbers to download, where each request's are, and which requests failed. */
interface Pass {
  packed: tf.Tensor1D
  slots: Slot[]
  /** request index → what it threw */
  failures: Map<number, unknown>
}

/**
 * Computes, for several models on one frame, the requested activation maps and top-k predictions
 * in one pass: each distinct preprocessing runs once and is shared, each model runs only as deep
 * as needed and once however many requests it has, layers two models share run once, and all
 * results come back in a single GPU→CPU download.
 *
 * One model's failure is its own: a model that throws (out of memory, disposed, a layer it lacks)
 * gets a `problem` of kind `'failed'` and the others' results come back as usual; a model whose
 * output or requested layer is NaN or ±∞ on this frame gets one of kind `'non-finite'`, with those
 * numbers left out. Nothing is left allocated either way.
 */
export async function inferFrame(pixels: tf.Tensor4D, requests: readonly ModelRequest[], frameId: number): Promise<FrameResult> {
  const started = performance.now()
  let models: ModelFrameResult[]
  try {
    const pass = computePass(pixels, requests)
    const data = await download(pass.packed)
    models = requests.map((request, index) => readResult(request, pass.slots[index], data, pass.failures.get(index), pass.failures.has(index)))
  } catch (e) {
    // the pass as a whole failed (out of memory packing or downloading, a lost context): run each
    // model alone, so that one model's failure is not the others'
    models = await isolated(pixels, requests, e)
  }
  return { frameId, models, elapsedMs: performance.now() - started }
}

async function download(packed: tf.Tensor1D): Promise<Float32Array> {
  try {
    return (await packed.data()) as Float32Array
  } finally {
    packed.dispose()
  }
}

/** Each model's requests in a pass of their own (with the requests whose top channels they show), one model after the other. */
async function isolated(pixels: tf.Tensor4D, requests: readonly ModelRequest[], combinedError: unknown): Promise<ModelFrameResult[]> {
  const results: ModelFrameResult[] = new Array(requests.length)
  for (const model of new Set(requests.map((r) => r.model))) {
    const own = requests.flatMap((r, i) => (r.model === model ? [i] : []))
    // the requests this model's top-channel specs read (another model's layer on this frame)
    const sources = requests.flatMap((r, i) => {
      if (r.model === model) return []
      return own.some((o) => isTopChannelsSpec(requests[o].channels) && requests[o].channels.of === r.model && requests[o].layer === r.layer) ? [i] : []
    })
    const indices = [...own, ...sources]
    const subset = indices.map((i) => requests[i])
    try {
      const pass = computePass(pixels, subset)
      const data = await download(pass.packed)
      own.forEach((index, k) => (results[index] = readResult(subset[k], pass.slots[k], data, pass.failures.get(k), pass.failures.has(k))))
    } catch (e) {
      for (const index of own) results[index] = failedResult(requests[index], e ?? combinedError)
    }
  }
  return results
}

function computePass(pixels: tf.Tensor4D, requests: readonly ModelRequest[]): Pass {
  const slots: Slot[] = requests.map(() => ({}))
  const failures = new Map<number, unknown>()
  const packed = tf.tidy(() => {
    const inputs = new Map<string, tf.Tensor4D>()
    const parts: tf.Tensor1D[] = []
    let offset = 0
    const push = (t: tf.Tensor) => {
      const flat = tf.reshape(t, [-1]) as tf.Tensor1D
      parts.push(flat)
      const at = offset
      offset += flat.size
      return at
    }
    // every model first: a request may take its channels from another model's layer on this frame.
    // A model asked for several layers (or for maps in one request and predictions in another)
    // runs once, as deep as its deepest need.
    const needs = new Map<PerturberModel, Need>()
    for (const request of requests) {
      let need = needs.get(request.model)
      if (!need) needs.set(request.model, (need = { layers: new Set(), predictions: false, share: new Set() }))
      if (request.layer) need.layers.add(request.layer)
      need.predictions ||= needsOutput(request)
    }
    try {
      shareLayers(needs)
    } catch {
      // sharing is an optimisation: without it every model runs its own pass
      for (const need of needs.values()) {
        need.reuse = undefined
        need.share.clear()
      }
    }
    const runs = new Map<PerturberModel, ExecuteResult>()
    const failed = new Map<PerturberModel, unknown>()
    for (const [model, need] of needs) {
      if (!need.layers.size && !need.predictions) continue
      try {
        const key = preprocessingKey(model.descriptor)
        let input = inputs.get(key)
        if (!input) inputs.set(key, (input = model.preprocess(pixels)))
        // only this model's own layers: the source may share others with other models
        const shared = need.reuse && runs.get(need.reuse.from)?.shared
        const reuse = shared && new Map(need.reuse!.layers.map((layer) => [layer, shared.get(layer)!]))
        runs.set(model, model.execute(input, { layers: [...need.layers], predictions: need.predictions, share: [...need.share], reuse }))
      } catch (e) {
        failed.set(model, e)
      }
    }
    const executed = requests.map((request) => (request.layer || needsOutput(request) ? (runs.get(request.model) ?? null) : null))
    const channelMeans = new Map<number, tf.Tensor1D>()
    const meansOf = (index: number) => {
      let means = channelMeans.get(index)
      if (!means) channelMeans.set(index, (means = tf.mean(executed[index]!.activations.get(requests[index].layer!)!, [0, 1, 2]) as tf.Tensor1D))
      return means
    }
    const topOf = new Map<string, tf.Tensor1D>()
    const topChannelsOf = (request: ModelRequest, spec: TopChannelsSpec, channelCount: number): tf.Tensor1D => {
      const source = spec.of ?? request.model
      const at = requests.findIndex((r, i) => r.model === source && r.layer === request.layer && executed[i])
      if (at < 0) {
        const why = failed.has(source) ? 'failed on this frame' : 'are not requested on this frame'
        throw new Error(`Top channels of "${source.descriptor.name}" at ${request.layer} were asked for, but that model and layer ${why}.`)
      }
      const count = executed[at]!.activations.get(request.layer!)!.shape[3]
      if (count !== channelCount) throw new Error(`"${request.model.descriptor.name}" cannot show the top channels of "${source.descriptor.name}" at ${request.layer}: ${channelCount} vs ${count} channels.`)
      const k = Math.max(1, Math.min(Math.floor(spec.top), count) || 1)
      const key = `${at}:${k}`
      let indices = topOf.get(key)
      if (!indices) topOf.set(key, (indices = tf.topk(meansOf(at), k).indices as tf.Tensor1D))
      return indices
    }
    requests.forEach((request, index) => {
      if (failed.has(request.model)) {
        failures.set(index, failed.get(request.model))
        return
      }
      const run = executed[index]
      if (!run) return
      try {
        packRequest(request, index, run)
      } catch (e) {
        failures.set(index, e)
        slots[index] = {}
      }
    })
    function packRequest(request: ModelRequest, index: number, run: ExecuteResult) {
      const { activations, output } = run
      const slot = slots[index]
      if (request.layer) {
        const act = activations.get(request.layer)!
        const [, h, w, c] = act.shape
        const spec = request.channels
        if (isTopChannelsSpec(spec)) {
          const indices = topChannelsOf(request, spec, c)
          const maps = tf.transpose(tf.gather(act, indices, 3), [0, 3, 1, 2])
          slot.maps = { layer: request.layer, shape: [h, w, c], channels: [], offset: push(maps), length: maps.size, channelsAt: push(tf.cast(indices, 'float32')) }
        } else if (spec === 'all') {
          const maps = tf.transpose(act, [0, 3, 1, 2])
          slot.maps = { layer: request.layer, shape: [h, w, c], channels: Array.from({ length: c }, (_, i) => i), offset: push(maps), length: maps.size }
        } else {
          const channels = (Array.isArray(spec) ? spec : []).filter((ch) => Number.isInteger(ch) && ch >= 0 && ch < c)
          if (channels.length) {
            const maps = tf.transpose(tf.gather(act, tf.tensor1d(channels, 'int32'), 3), [0, 3, 1, 2])
            slot.maps = { layer: request.layer, shape: [h, w, c], channels, offset: push(maps), length: maps.size }
          } else slot.maps = { layer: request.layer, shape: [h, w, c], channels: [], offset, length: 0 }
        }
        const { mean, variance } = tf.moments(act)
        slot.stats = push(tf.stack([mean, tf.sqrt(variance)]))
        if (request.topChannels || request.channelMeans) {
          slot.channelMeans = { offset: push(meansOf(index)), count: c, k: clampCount(request.topChannels, c, 0), all: !!request.channelMeans }
        }
      }
      if (output && needsOutput(request)) {
        const logits = request.model.toLabelSpace(output, 'logits')
        const probabilities = request.model.toLabelSpace(output, 'probabilities')
        const count = logits.shape[1]
        slot.scores = { offset: push(tf.concat([logits, probabilities], 1)), count, k: request.predictions ? clampCount(request.topK, count, 5) : 0 }
      }
    }
    return (parts.length ? tf.concat(parts) : tf.zeros([0])) as tf.Tensor1D
  })
  return { packed, slots, failures }
}

/** whether a request needs the model's output (not just a layer) */
const needsOutput = (request: ModelRequest) => !!request.predictions || request.probabilities === 'all' || request.logits === 'all'

/** A count asked for (k, top channels) as a whole number in [0, max]; `fallback` when not a number. */
function clampCount(value: number | undefined, max: number, fallback: number): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? Math.floor(value) : fallback
  return Math.max(0, Math.min(n, max))
}

/** Whether every value is finite (NaN and ±∞ are not). */
function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false
  return true
}

const isOutOfMemory = (e: unknown) => /out of memory|allocation failed|failed to allocate|invalid typed array length|array buffer allocation|\bOOM\b/i.test(e instanceof Error ? e.message : String(e))

function failedResult(request: ModelRequest, cause: unknown): ModelFrameResult {
  const name = request.model.descriptor.name
  const outOfMemory = isOutOfMemory(cause)
  // JavaScript's own errors say nothing to people; the runtime's and TF.js' name the problem
  const engineError = cause instanceof TypeError || cause instanceof RangeError || cause instanceof ReferenceError
  const detail = engineError ? 'an internal error' : (cause instanceof Error ? cause.message : String(cause)).replace(/\.$/, '')
  const message = outOfMemory
    ? `${name} ran out of memory on this frame: its maps and predictions are not shown.`
    : `${name} could not compute this frame (${detail}): its maps and predictions are not shown.`
  return { modelId: request.model.id, modelVersion: request.model.version, problem: { kind: 'failed', outOfMemory, message, cause } }
}

function readResult(request: ModelRequest, slot: Slot, data: Float32Array, failure: unknown, failed: boolean): ModelFrameResult {
  if (failed) return failedResult(request, failure)
  const result: ModelFrameResult = { modelId: request.model.id, modelVersion: request.model.version }
  const nonFinite: ('activations' | 'predictions')[] = []
  if (slot.maps) {
    const { channelsAt } = slot.maps
    const maps: ActivationMaps = {
      layer: slot.maps.layer,
      shape: slot.maps.shape,
      channels: channelsAt === undefined ? slot.maps.channels : Array.from(data.subarray(channelsAt, channelsAt + slot.maps.length / (slot.maps.shape[0] * slot.maps.shape[1])), Math.round),
      data: data.slice(slot.maps.offset, slot.maps.offset + slot.maps.length),
      layerMean: data[slot.stats!],
      layerStd: data[slot.stats! + 1],
    }
    const means = slot.channelMeans
    const meanValues = means && data.subarray(means.offset, means.offset + means.count)
    // the layer's mean and deviation cover all of it: NaN or ∞ anywhere in the layer shows there
    if (!allFinite(maps.data) || !Number.isFinite(maps.layerMean) || !Number.isFinite(maps.layerStd) || (meanValues && !allFinite(meanValues))) nonFinite.push('activations')
    else {
      if (means?.k) maps.topChannels = topIndices(meanValues!, means.k)
      if (means?.all) maps.channelMeans = meanValues!.slice()
      result.activations = maps
    }
  }
  if (slot.scores) {
    const { offset, count, k } = slot.scores
    const logits = data.subarray(offset, offset + count)
    const probabilities = data.subarray(offset + count, offset + 2 * count)
    if (!allFinite(logits) || !allFinite(probabilities)) nonFinite.push('predictions')
    else {
      const names = request.model.descriptor.labels.names
      if (request.predictions) {
        result.predictions = topIndices(probabilities, k).map(
          (labelIndex): Prediction => ({ labelIndex, label: names[labelIndex] ?? `class ${labelIndex}`, probability: probabilities[labelIndex], logit: logits[labelIndex] }),
        )
      }
      if (request.probabilities === 'all') result.probabilities = probabilities.slice()
      if (request.logits === 'all') result.logits = logits.slice()
    }
  }
  if (nonFinite.length) result.problem = { kind: 'non-finite', parts: nonFinite, message: nonFiniteMessage(request, nonFinite) }
  return result
}

function nonFiniteMessage(request: ModelRequest, parts: readonly ('activations' | 'predictions')[]): string {
  const name = request.model.descriptor.name
  const maps = parts.includes('activations')
  const predictions = parts.includes('predictions')
  if (maps && predictions) return `${name} produced non-finite activations at ${request.layer} and outputs (NaN or ∞) on this frame: its maps and predictions are not shown.`
  if (maps) return `${name} produced non-finite activations (NaN or ∞) at ${request.layer} on this frame: its maps are not shown.`
  return `${name} produced non-finite outputs (NaN or ∞) on this frame: its predictions are not shown.`
}
