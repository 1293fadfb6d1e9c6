import * as tf from '@tensorflow/tfjs'
import { weightRole } from '../editing/editableLayers'
import { sharedLayers } from './sharedLayers'

type FusedActivation = 'linear' | 'relu' | 'relu6' | 'elu' | 'sigmoid' | 'leakyrelu'
type Layer = tf.layers.Layer
type Symbolic = tf.SymbolicTensor

/** A convolution with the BatchNormalization and activation layers after it, run as one fused op. */
interface FusedStep {
  kind: 'fused'
  conv: Layer
  depthwise: boolean
  bn?: Layer
  /** The convolution's and normalisation's variables, whose data the folded weights come from. */
  sources: tf.LayerVariable[]
  activation: FusedActivation
  leakyreluAlpha?: number
  strides: [number, number]
  pad: 'same' | 'valid'
  dilations: [number, number]
  input: number
  output: number
}

/** Any other layer, applied as it is. */
interface LayerStep {
  kind: 'layer'
  layer: Layer
  inputs: number[]
  output: number
}

type Step = FusedStep | LayerStep

interface Plan {
  input: number
  /** Tensors given by the request's `reuse`, by layer name. */
  leaves: Map<number, string>
  steps: Step[]
  outputs: number[]
  /** How many steps read each tensor. */
  readers: Map<number, number>
}

/** Folded weights of one fused step and the tensors they were computed from. */
interface Folded {
  from: object[]
  filter: tf.Tensor4D
  bias: tf.Tensor1D
}

/**
 * A change to a layer's output inside a pass: `output · scale + add`, seen by every later layer
 * and returned as the layer's activation. Adding zeros leaves the pass as it was but gives the
 * tape a tensor per layer to differentiate by (∂p/∂add = ∂p/∂output: every layer's gradient from
 * one backward pass); a 0/1 `scale` per channel keeps only some of a layer's maps.
 */
export interface LayerTap {
  /** Broadcast against the output [n, h, w, c], e.g. [1, 1, 1, c] per channel. */
  scale?: tf.Tensor
  /** Broadcast against the output, e.g. zeros of its shape. */
  add?: tf.Tensor
}

export interface FusedRequest {
  layers: readonly string[]
  predictions: boolean
  share?: readonly string[]
  reuse?: ReadonlyMap<string, tf.Tensor>
  /** Taps on some of the requested `layers` (each must be one of them, so it is never folded away). */
  taps?: ReadonlyMap<string, LayerTap>
}

/** The output a {@link LayerTap} makes of a layer's output. */
export function applyTap(output: tf.Tensor, tap: LayerTap | undefined): tf.Tensor {
  if (!tap) return output
  const scaled = tap.scale ? tf.mul(output, tap.scale) : output
  return tap.add ? tf.add(scaled, tap.add) : scaled
}

/** tf.fused's name for an activation function (as Keras serialises it), when it has one. */
const fusable: Record<string, FusedActivation> = { linear: 'linear', relu: 'relu', relu6: 'relu6', elu: 'elu', sigmoid: 'sigmoid' }

const config = (layer: Layer) => layer.getConfig() as Record<string, unknown>
const activationOf = (layer: Layer) => fusable[String(config(layer).activation ?? 'linear')]
const isConv = (layer: Layer) => {
  const name = layer.getClassName()
  if (name !== 'Conv2D' && name !== 'DepthwiseConv2D') return false
  const c = config(layer)
  const dilation = [c.dilationRate ?? 1].flat() as number[]
  return c.dataFormat !== 'channelsFirst' && (c.padding === 'same' || c.padding === 'valid') && (name === 'Conv2D' || dilation.every((d) => d === 1))
}
const isChannelsLastBatchNorm = (layer: Layer) => {
  if (layer.getClassName() !== 'BatchNormalization') return false
  const axis = config(layer).axis as number
  return axis === -1 || axis === 3
}

/** The activation layer's fused form, or null when tf.fused has no such activation. */
function activationLayer(layer: Layer): { activation: FusedActivation; leakyreluAlpha?: number } | null {
  const name = layer.getClassName()
  const c = config(layer)
  if (name === 'Activation') return activationOf(layer) ? { activation: activationOf(layer) } : null
  if (name === 'ReLU') return c.maxValue == null ? { activation: 'relu' } : c.maxValue === 6 ? { activation: 'relu6' } : null
  if (name === 'LeakyReLU') return { activation: 'leakyrelu', leakyreluAlpha: c.alpha as number }
  return null
}

/**
 * Forward passes of a TF.js layers model in which each convolution runs as one fused op with the
 * BatchNormalization and activation layers that follow it (`tf.fused.conv2d` and
 * `tf.fused.depthwiseConv2d` with the normalisation folded into the filter and bias). Keras-style
 * models (MobileNet, ResNet, Darknet…) spend most passes over their activations on those
 * separate layers; folded, a forward pass runs a quarter to a third of the kernels (MobileNet v1:
 * 33 instead of 143; Darknet tiny: 21 instead of 68). Layers whose output
 * is requested are never folded away, so every listed layer can still be read.
 *
 * Folded weights are recomputed when any of their source variables was written (their data
 * changes identity), so edits (mixing, pruning, `setWeights`) take effect on the next pass.
 * Under a gradient tape `tf.fused` computes the same thing unfused, so gradients are exact.
 */
export class FusedForward {
  private readonly plans = new Map<string, Plan | null>()
  /** By convolution and normalisation layer: every plan that folds the pair shares the weights. */
  private readonly folded = new Map<string, Folded>()

  constructor(private readonly model: tf.LayersModel) {}

  /**
   * The outputs of `layers` in order, then the model's outputs when `predictions`, then those of
   * the `share` layers; null when the model's graph is not one this runner handles (the caller
   * then runs the model as it is). A pass starts from the `reuse` layers' given outputs.
   */
  run(input: tf.Tensor, request: FusedRequest): tf.Tensor[] | null {
    const { layers, predictions, share = [], reuse, taps } = request
    for (const name of taps?.keys() ?? []) {
      if (!layers.includes(name)) throw new Error(`A tap on "${name}" needs that layer among the requested layers.`)
    }
    const known = reuse ? [...reuse.keys()].sort() : []
    const key = [layers.join('\u0000'), predictions, share.join('\u0000'), known.join('\u0000')].join('|')
    let plan = this.plans.get(key)
    if (plan === undefined) {
      // edits make new reuse sets: keep the cache bounded
      if (this.plans.size >= 64) this.plans.clear()
      this.plans.set(key, (plan = this.plan(layers, predictions, share, new Set(known))))
    }
    if (!plan) return null
    const { steps, outputs, readers, leaves } = plan
    // requested layers come first among the outputs, in request order
    const tapOf = new Map<number, LayerTap>()
    layers.forEach((name, i) => {
      const tap = taps?.get(name)
      if (tap) tapOf.set(outputs[i], tap)
    })
    return tf.tidy(() => {
      const values = new Map<number, tf.Tensor>([[plan.input, input]])
      for (const [id, name] of leaves) values.set(id, applyTap(reuse!.get(name)!, tapOf.get(id)))
      const unread = new Map(readers)
      for (const step of steps) {
        const inputs = step.kind === 'layer' ? step.inputs : [step.input]
        const args = inputs.map((id) => values.get(id)!)
        const output =
          step.kind === 'layer'
            ? (step.layer.apply(args.length === 1 ? args[0] : args, { training: false }) as tf.Tensor)
            : this.runFused(step, args[0] as tf.Tensor4D)
        values.set(step.output, applyTap(output, tapOf.get(step.output)))
        // free what no later step reads, as TF.js' own executor does: a pass holds a few maps, not all
        for (const id of inputs) {
          const left = unread.get(id)! - 1
          unread.set(id, left)
          if (left > 0 || id === plan.input || leaves.has(id) || outputs.includes(id)) continue
          // a layer may hand its input back (Dropout at inference): the tensor then lives on under that id
          const tensor = values.get(id)!
          let aliased = false
          for (const [other, v] of values) aliased ||= v === tensor && other !== id && ((unread.get(other) ?? 0) > 0 || outputs.includes(other))
          if (!aliased) tensor.dispose()
        }
      }
      return outputs.map((id) => values.get(id)!)
    })
  }

  /**
   * The layers whose outputs this model can take from `source`'s pass on the same input, for a
   * request of `layers` (and the predictions): see {@link sharedLayers}.
   */
  sharedLayers(source: FusedForward, layers: readonly string[], predictions: boolean): string[] {
    const wanted = this.wanted(layers, predictions)
    return wanted ? sharedLayers(this.model, source.model, wanted) : []
  }

  dispose(): void {
    for (const { filter, bias } of this.folded.values()) tf.dispose([filter, bias])
    this.folded.clear()
    this.plans.clear()
  }

  private runFused(step: FusedStep, x: tf.Tensor4D): tf.Tensor4D {
    const { filter, bias } = this.foldedWeights(step)
    const { strides, pad, activation, leakyreluAlpha } = step
    const common = { x, filter, strides, pad, bias, activation, leakyreluAlpha }
    // TF.js' DepthwiseConv2D layer ignores its dilation rate; fusion only takes those where it is 1
    return step.depthwise ? tf.fused.depthwiseConv2d(common) : tf.fused.conv2d({ ...common, dilations: step.dilations })
  }

  private foldedWeights(step: FusedStep): { filter: tf.Tensor4D; bias?: tf.Tensor1D } {
    if (!step.bn) return convWeights(step)
    const key = `${step.conv.name}\u0000${step.bn.name}`
    const cached = this.folded.get(key)
    if (cached && step.sources.every((w, i) => w.read().dataId === cached.from[i])) return cached
    if (cached) tf.dispose([cached.filter, cached.bias])
    const from = step.sources.map((w) => w.read().dataId)
    const folded = tf.tidy(() => fold(step as FusedStep & { bn: Layer }))
    tf.keep(folded.filter)
    tf.keep(folded.bias)
    const entry = { from, ...folded }
    this.folded.set(key, entry)
    return entry
  }

  /** The symbolic tensors a request reads, or null when the graph is not one this runner handles. */
  private wanted(layers: readonly string[], predictions: boolean, share: readonly string[] = []): Symbolic[] | null {
    const model = this.model
    if (model.inputs.length !== 1) return null
    const outputsOf = (names: readonly string[]) => names.map((name) => model.getLayer(name).output)
    const wanted = [...outputsOf(layers), ...(predictions ? model.outputs : []), ...outputsOf(share)]
    return wanted.every((t): t is Symbolic => !Array.isArray(t)) ? wanted : null
  }

  private plan(layers: readonly string[], predictions: boolean, share: readonly string[], known: ReadonlySet<string>): Plan | null {
    const model = this.model
    const wanted = this.wanted(layers, predictions, share)
    if (!wanted) return null

    // the subgraph the outputs need, in topological order, and who consumes each tensor
    const order: Symbolic[] = []
    const seen = new Set<number>()
    const consumers = new Map<number, Symbolic[]>()
    const leaves = new Map<number, string>()
    const input = model.inputs[0]
    const visit = (t: Symbolic): boolean => {
      if (seen.has(t.id)) return true
      seen.add(t.id)
      if (t.id === input.id) return true
      const layer = t.sourceLayer as Layer
      if (known.has(layer.name)) {
        leaves.set(t.id, layer.name)
        return true
      }
      // shared layers and layers with several outputs: leave such graphs to TF.js
      if (layer.getClassName() === 'InputLayer' || layer.inboundNodes.length !== 1 || Array.isArray(layer.output)) return false
      for (const source of t.inputs) {
        if (!visit(source)) return false
        consumers.set(source.id, [...(consumers.get(source.id) ?? []), t])
      }
      order.push(t)
      return true
    }
    for (const t of wanted) if (!visit(t)) return null

    const requested = new Set(wanted.map((t) => t.id))
    // the tensor's only consumer, when nothing else (a request, another layer) reads the tensor
    const soleConsumer = (t: Symbolic) => {
      const next = consumers.get(t.id)
      return next?.length === 1 && !requested.has(t.id) ? next[0] : undefined
    }
    const absorbed = new Set<number>()
    const steps: Step[] = []
    for (const t of order) {
      if (absorbed.has(t.id)) continue
      const layer = t.sourceLayer as Layer
      if (isConv(layer) && t.inputs.length === 1) {
        let activation = activationOf(layer)
        let leakyreluAlpha: number | undefined
        let bn: Layer | undefined
        let end = t
        let next = soleConsumer(end)
        if (activation === 'linear' && next && isChannelsLastBatchNorm(next.sourceLayer as Layer)) {
          bn = next.sourceLayer as Layer
          absorbed.add((end = next).id)
          next = soleConsumer(end)
        }
        const after = next && activation === 'linear' ? activationLayer(next.sourceLayer as Layer) : null
        if (next && after) {
          ;({ activation, leakyreluAlpha } = after)
          absorbed.add((end = next).id)
        }
        // TF.js' Conv2D layer already fuses its own bias and relu: only absorbed layers gain here
        const depthwise = layer.getClassName() === 'DepthwiseConv2D'
        if (activation && (end !== t || depthwise)) {
          const c = config(layer)
          const pair = (v: unknown): [number, number] => {
            const [a, b] = [v ?? 1].flat() as number[]
            return [a, b ?? a]
          }
          const [strides, pad, dilations] = [pair(c.strides), c.padding as 'same' | 'valid', pair(c.dilationRate)]
          const sources = [...layer.weights, ...(bn?.weights ?? [])]
          steps.push({ kind: 'fused', conv: layer, depthwise, bn, sources, activation, leakyreluAlpha, strides, pad, dilations, input: t.inputs[0].id, output: end.id })
          continue
        }
      }
      steps.push({ kind: 'layer', layer, inputs: t.inputs.map((s) => s.id), output: t.id })
    }
    const readers = new Map<number, number>()
    for (const step of steps) for (const id of step.kind === 'layer' ? step.inputs : [step.input]) readers.set(id, (readers.get(id) ?? 0) + 1)
    return { input: input.id, leaves, steps, outputs: wanted.map((t) => t.id), readers }
  }
}

const weight = (layer: Layer, role: string) => layer.weights.find((w) => weightRole(w) === role)?.read()

/** The convolution's own filter and bias (the layer's variables, not copies). */
function convWeights(step: FusedStep): { filter: tf.Tensor4D; bias?: tf.Tensor1D } {
  const filter = weight(step.conv, step.depthwise ? 'depthwise_kernel' : 'kernel') as tf.Tensor4D
  return { filter, bias: weight(step.conv, 'bias') as tf.Tensor1D | undefined }
}

/** The convolution's filter and bias with the batch normalisation after it folded in. */
function fold(step: FusedStep & { bn: Layer }): { filter: tf.Tensor4D; bias: tf.Tensor1D } {
  const { filter, bias } = convWeights(step)
  // y = γ·(conv(x) + b − μ)/√(σ² + ε) + β = conv(x)·s + (b − μ)·s + β with s = γ/√(σ² + ε)
  const bn = step.bn
  const epsilon = config(bn).epsilon as number
  const mean = weight(bn, 'moving_mean')!
  const gamma = weight(bn, 'gamma')
  const beta = weight(bn, 'beta')
  const inverseStd = tf.rsqrt(tf.add(weight(bn, 'moving_variance')!, epsilon))
  const scale = (gamma ? tf.mul(gamma, inverseStd) : inverseStd) as tf.Tensor1D
  // the filter's last axis is its output channel (depthwise: in·multiplier + m, hence the reshape)
  const [, , inChannels, multiplier] = filter.shape
  const perOutput = step.depthwise ? tf.reshape(scale, [inChannels, multiplier]) : scale
  const shifted = tf.mul(bias ? tf.sub(bias, mean) : tf.neg(mean), scale)
  return { filter: tf.mul(filter, perOutput), bias: (beta ? tf.add(shifted, beta) : shifted) as tf.Tensor1D }
}
