import * as tf from '@tensorflow/tfjs'
import type { PerturberModel } from '../types'

type Layer = tf.layers.Layer

/**
 * What a feature visualization optimises for a channel: the channel *before its ReLU* where the
 * model's graph shows one (as Lucid does for GoogLeNet, `mixed4a_pre_relu`), else the channel itself.
 *
 * Why: a ReLU channel that is 0 everywhere on the start image (a near-uniform gray) has a zero
 * gradient, so Adam never moves and the result stays flat gray. On the model zoo's standard model a
 * third to half of the mixed4a/mixed4c channels are 0 on the start image. Before the ReLU the
 * gradient always flows, and raising the pre-activation's mean raises the channel's.
 *
 * The pre-activation is computed from the layer that feeds the channel's convolution, so the
 * network runs only up to there plus one single-channel convolution: for a channel of an Inception
 * block, the block's other branches and every later layer are skipped.
 */
export interface ChannelTarget {
  /**
   * The spatial layer the network runs up to; `null`: the preprocessed input itself (a first
   * convolution's pre-activation).
   */
  readonly source: string | null
  /** The source's output [1, h, w, c] → the optimised map [1, h', w', 1]. */
  map(source: tf.Tensor4D): tf.Tensor4D
  /** True when `map` gives the channel before a ReLU (the channel is `relu(map)`). */
  readonly preActivation: boolean
  /** How the channel was reached, e.g. `mixed4a:70 → relu(conv mixed4a_3x3:6 of mixed4a_3x3_reduce)`. */
  readonly description: string
}

/** The channel itself, read from the layer's output. */
function direct(layer: string, channel: number, description = `${layer}:${channel}`): ChannelTarget {
  return { source: layer, preActivation: false, description, map: (t) => tf.slice(t, [0, 0, 0, channel], [-1, -1, -1, 1]) }
}

const config = (layer: Layer) => layer.getConfig() as Record<string, unknown>
const isRelu = (layer: Layer) => {
  const name = layer.getClassName()
  const c = config(layer)
  if (name === 'Activation') return c.activation === 'relu'
  return name === 'ReLU' && c.maxValue == null && !c.negativeSlope && !c.threshold
}
const channelsOf = (layer: Layer) => {
  const shape = layer.outputShape as (number | null)[]
  return Array.isArray(shape) && shape.length === 4 && typeof shape[3] === 'number' ? shape[3] : null
}

/**
 * Finds the channel's pre-activation in a layers model: through channel concatenations to the
 * branch that makes the channel, then through a ReLU (an `Activation`/`ReLU` layer, or a `Conv2D`
 * with `activation: 'relu'`, recomputed as that one output channel's convolution from the conv's
 * input, with the layer's current weights, so edits count). Anything else (graph models, other
 * activations, layers used twice, inputs that are not spatial layers) optimises the channel itself.
 */
export function channelTarget(model: PerturberModel, layerName: string, channel: number): ChannelTarget {
  const fallback = direct(layerName, channel)
  const layersModel = model.layersModel
  if (!layersModel) return fallback
  const spatial = new Set(model.layers.map((l) => l.name))
  const inputName = (layer: Layer): string | null | undefined => {
    if (layer.inboundNodes.length !== 1) return undefined
    const inbound = layer.inboundNodes[0].inboundLayers
    if (inbound.length !== 1) return undefined
    const name = inbound[0].name
    if (inbound[0].getClassName() === 'InputLayer') return null
    return spatial.has(name) ? name : undefined
  }
  let layer: Layer
  try {
    layer = layersModel.getLayer(layerName)
  } catch {
    return fallback
  }
  let c = channel
  const route = [`${layerName}:${channel}`]
  // through concatenations (an Inception block's output) to the branch holding the channel
  for (let depth = 0; depth < 16 && layer.getClassName() === 'Concatenate'; depth++) {
    const axis = config(layer).axis as number
    if (!(axis === -1 || axis === 3) || layer.inboundNodes.length !== 1) return fallback
    let next: Layer | undefined
    for (const branch of layer.inboundNodes[0].inboundLayers) {
      const n = channelsOf(branch)
      if (n === null) return fallback
      if (c < n) {
        next = branch
        break
      }
      c -= n
    }
    if (!next) return fallback
    layer = next
    route.push(`${layer.name}:${c}`)
  }
  const describe = (what: string) => `${route.join(' → ')} → ${what}`
  if (isRelu(layer)) {
    const input = inputName(layer)
    if (!input) return fallback
    return { ...direct(input, c), preActivation: true, description: describe(`relu(${input}:${c})`) }
  }
  if (layer.getClassName() === 'Conv2D' && config(layer).activation === 'relu') {
    const input = inputName(layer)
    const conv = convolution(layer, c)
    if (input === undefined || !conv) return spatial.has(layer.name) && layer.name !== layerName ? direct(layer.name, c, describe(`${layer.name}:${c}`)) : fallback
    return { source: input, preActivation: true, map: conv, description: describe(`relu(conv ${layer.name}:${c} of ${input ?? 'the input'})`) }
  }
  return spatial.has(layer.name) && layer.name !== layerName ? direct(layer.name, c, describe(`${layer.name}:${c}`)) : fallback
}

/** Output channel `c` of a channels-last Conv2D before its activation, reading the layer's weights at each call. */
function convolution(layer: Layer, c: number): ((input: tf.Tensor4D) => tf.Tensor4D) | null {
  const cfg = config(layer)
  if (cfg.dataFormat === 'channelsFirst' || !(cfg.padding === 'same' || cfg.padding === 'valid')) return null
  if ((cfg.groups as number | undefined) !== undefined && cfg.groups !== 1) return null
  const pair = (v: unknown): [number, number] => {
    const a = [v ?? 1].flat() as number[]
    return [a[0], a[1] ?? a[0]]
  }
  const strides = pair(cfg.strides)
  const dilations = pair(cfg.dilationRate)
  if (strides.some((s) => s > 1) && dilations.some((d) => d > 1)) return null
  const kernel = layer.weights.find((w) => /kernel/.test(w.originalName ?? w.name))
  const bias = cfg.useBias === false ? undefined : layer.weights.find((w) => /bias/.test(w.originalName ?? w.name))
  if (!kernel || (cfg.useBias !== false && !bias)) return null
  const padding = cfg.padding as 'same' | 'valid'
  return (input) =>
    tf.tidy(() => {
      const k = kernel.read()
      const filter = tf.slice(k, [0, 0, 0, c], [-1, -1, -1, 1]) as tf.Tensor4D
      const out = tf.conv2d(input, filter, strides, padding, 'NHWC', dilations)
      return bias ? (tf.add(out, tf.slice(bias.read(), [c], [1])) as tf.Tensor4D) : out
    })
}
