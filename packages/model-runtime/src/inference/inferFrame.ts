import * as tf from '@tensorflow/tfjs'
import { preprocessingKey } from '../model/preprocess'
import { isTopChannelsSpec } from './channels'
import type { ExecuteResult, PerturberModel } from '../types'
import type { ActivationMaps, FrameResult, ModelFrameResult, ModelRequest, Prediction, TopChannelsSpec } from './types'

/** Where each model's numbers sit in the single packed download. */
interface Slot {
  maps?: { layer: string; shape: [number, number, number]; channels: number[]; offset: number; length: number; channelsAt?: number }
  stats?: number
  channelMeans?: { offset: number; count: number; k: number }
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

/**
 * Computes, for several models on one frame, the requested activation maps and top-k predictions
 * in one pass: each distinct preprocessing runs once and is shared, each model runs only as deep
 * as needed and once however many requests it has, layers two models share run once, and all
 * results come back in a single GPU→CPU download.
 */
export async function inferFrame(pixels: tf.Tensor4D, requests: readonly ModelRequest[], frameId: number): Promise<FrameResult> {
  const started = performance.now()
  const slots: Slot[] = requests.map(() => ({}))
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
    for (const { model, layer, predictions } of requests) {
      let need = needs.get(model)
      if (!need) needs.set(model, (need = { layers: new Set(), predictions: false, share: new Set() }))
      if (layer) need.layers.add(layer)
      need.predictions ||= predictions ?? false
    }
    shareLayers(needs)
    const runs = new Map<PerturberModel, ExecuteResult>()
    for (const [model, need] of needs) {
      if (!need.layers.size && !need.predictions) continue
      const key = preprocessingKey(model.descriptor)
      let input = inputs.get(key)
      if (!input) inputs.set(key, (input = model.preprocess(pixels)))
      // only this model's own layers: the source may share others with other models
      const shared = need.reuse && runs.get(need.reuse.from)?.shared
      const reuse = shared && new Map(need.reuse!.layers.map((layer) => [layer, shared.get(layer)!]))
      runs.set(model, model.execute(input, { layers: [...need.layers], predictions: need.predictions, share: [...need.share], reuse }))
    }
    const executed = requests.map((request) => (request.layer || request.predictions ? runs.get(request.model)! : null))
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
      if (at < 0) throw new Error(`Top channels of "${source.descriptor.name}" at ${request.layer} were asked for, but that model and layer are not requested on this frame.`)
      const count = executed[at]!.activations.get(request.layer!)!.shape[3]
      if (count !== channelCount) throw new Error(`"${request.model.descriptor.name}" cannot show the top channels of "${source.descriptor.name}" at ${request.layer}: ${channelCount} vs ${count} channels.`)
      const k = Math.max(1, Math.min(Math.floor(spec.top), count))
      const key = `${at}:${k}`
      let indices = topOf.get(key)
      if (!indices) topOf.set(key, (indices = tf.topk(meansOf(at), k).indices as tf.Tensor1D))
      return indices
    }
    requests.forEach((request, index) => {
      const run = executed[index]
      if (!run) return
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
        } else {
          const channels = (spec ?? []).filter((ch) => ch >= 0 && ch < c)
          if (channels.length) {
            const maps = tf.transpose(tf.gather(act, tf.tensor1d(channels, 'int32'), 3), [0, 3, 1, 2])
            slot.maps = { layer: request.layer, shape: [h, w, c], channels, offset: push(maps), length: maps.size }
          } else slot.maps = { layer: request.layer, shape: [h, w, c], channels: [], offset, length: 0 }
        }
        const { mean, variance } = tf.moments(act)
        slot.stats = push(tf.stack([mean, tf.sqrt(variance)]))
        if (request.topChannels) {
          slot.channelMeans = { offset: push(meansOf(index)), count: c, k: Math.min(request.topChannels, c) }
        }
      }
      if (output && request.predictions) {
        const logits = request.model.toLabelSpace(output, 'logits')
        const probabilities = request.model.toLabelSpace(output, 'probabilities')
        const count = logits.shape[1]
        slot.scores = { offset: push(tf.concat([logits, probabilities], 1)), count, k: Math.min(request.topK ?? 5, count) }
      }
    })
    return parts.length ? tf.concat(parts) : tf.zeros([0])
  })
  const data = (await packed.data()) as Float32Array
  packed.dispose()
  const models = requests.map((request, index): ModelFrameResult => {
    const slot = slots[index]
    const result: ModelFrameResult = { modelId: request.model.id, modelVersion: request.model.version }
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
      if (means) maps.topChannels = topIndices(data.subarray(means.offset, means.offset + means.count), means.k)
      result.activations = maps
    }
    if (slot.scores) {
      const { offset, count, k } = slot.scores
      const probabilities = data.subarray(offset + count, offset + 2 * count)
      const names = request.model.descriptor.labels.names
      result.predictions = topIndices(probabilities, k).map(
        (labelIndex): Prediction => ({ labelIndex, label: names[labelIndex] ?? `class ${labelIndex}`, probability: probabilities[labelIndex], logit: data[offset + labelIndex] }),
      )
    }
    return result
  })
  return { frameId, models, elapsedMs: performance.now() - started }
}
