import * as tf from '@tensorflow/tfjs'
import type { ModelDescriptor } from '../types'
import { BasePerturberModel, newModelId } from './BasePerturberModel'
import { inferBlocks } from './blocks'
import type { LayerTap } from './fusedForward'

/** A node of a graph model, reduced to what introspection needs. */
export interface GraphNodeInfo {
  name: string
  op: string
  /** Names of the nodes this one reads (output index and control inputs stripped). */
  inputs: string[]
}

interface ConverterNode {
  name: string
  op: string
  inputs?: { name: string }[]
  inputNames?: string[]
}

/**
 * The nodes of a GraphModel in topological order (inputs before the nodes that read them).
 *
 * TF.js has no public API for a graph model's structure, so this is the ONE place that reads
 * tfjs-converter internals: `GraphModel.executor.graph.nodes` (a name → node map whose nodes
 * carry `op` and resolved `inputs`), stable from tfjs-converter 1.x through 4.22. If a future
 * version moves it, this throws and graph models load with a clear "unsupported" error instead
 * of misbehaving.
 */
export function graphNodes(model: tf.GraphModel): GraphNodeInfo[] {
  const internals = model as unknown as { executor?: { graph?: { nodes?: Record<string, ConverterNode> } } }
  const nodes = internals.executor?.graph?.nodes
  if (!nodes || typeof nodes !== 'object') {
    throw new Error('This TF.js version does not expose GraphModel.executor.graph.nodes; graph-model introspection needs it.')
  }
  const infos = new Map<string, GraphNodeInfo>()
  for (const node of Object.values(nodes)) {
    const inputs = node.inputs
      ? node.inputs.map((n) => n.name)
      : (node.inputNames ?? []).filter((n) => !n.startsWith('^')).map((n) => n.split(':')[0])
    infos.set(node.name, { name: node.name, op: node.op, inputs })
  }
  return topologicalOrder(infos)
}

function topologicalOrder(nodes: Map<string, GraphNodeInfo>): GraphNodeInfo[] {
  const order: GraphNodeInfo[] = []
  const state = new Map<string, 'open' | 'done'>()
  // iterative depth-first post-order: deep graphs must not overflow the call stack
  for (const root of nodes.values()) {
    if (state.has(root.name)) continue
    const stack: [GraphNodeInfo, number][] = [[root, 0]]
    state.set(root.name, 'open')
    while (stack.length > 0) {
      const top = stack[stack.length - 1]
      const [node, next] = top
      if (next < node.inputs.length) {
        top[1]++
        const input = nodes.get(node.inputs[next])
        if (input && !state.has(input.name)) {
          state.set(input.name, 'open')
          stack.push([input, 0])
        }
      } else {
        stack.pop()
        state.set(node.name, 'done')
        order.push(node)
      }
    }
  }
  return order
}

const CONV_OPS = new Set(['Conv2D', '_FusedConv2D', 'FusedConv2D', 'DepthwiseConv2dNative', 'DepthwiseConv2D', 'FusedDepthwiseConv2dNative', 'Conv2DBackpropInput'])
/** Ops that finish a convolution's value (bias, batch norm): the conv alone is a partial result. */
const COMPLETION_OPS = new Set(['BiasAdd', 'FusedBatchNorm', 'FusedBatchNormV2', 'FusedBatchNormV3'])
const SPATIAL_OPS = new Set([
  ...CONV_OPS,
  ...COMPLETION_OPS,
  'Relu', 'Relu6', 'LeakyRelu', 'Elu', 'Selu', 'Prelu', 'Sigmoid', 'Tanh', 'Swish',
  'Add', 'AddV2', 'AddN', 'ConcatV2', 'Concat',
  'MaxPool', 'AvgPool',
])

/**
 * Nodes that may yield a spatial activation: convolutions (unless a bias/BN node completes them),
 * activations, residual adds, concatenations and pools. The probe keeps those that really are [1,h,w,c].
 */
export function spatialCandidates(nodes: readonly GraphNodeInfo[]): GraphNodeInfo[] {
  const byName = new Map(nodes.map((n) => [n.name, n]))
  const consumers = new Map<string, GraphNodeInfo[]>()
  for (const node of nodes) for (const input of node.inputs) consumers.set(input, [...(consumers.get(input) ?? []), node])
  const completes = (consumer: GraphNodeInfo) =>
    COMPLETION_OPS.has(consumer.op) ||
    // a bias added as a plain Add of a constant
    ((consumer.op === 'Add' || consumer.op === 'AddV2') && consumer.inputs.some((i) => byName.get(i)?.op === 'Const'))
  return nodes.filter((node) => {
    if (!SPATIAL_OPS.has(node.op)) return false
    if (!CONV_OPS.has(node.op)) return true
    const readers = consumers.get(node.name) ?? []
    return !(readers.length > 0 && readers.every(completes))
  })
}

export interface GraphProbe {
  /** Shapes [h, w, c] of the candidate nodes that yield [1, h, w, c], in topological order. */
  spatial: { name: string; shape: [number, number, number]; depth: number }[]
  outputShape: number[]
}

const probes = new WeakMap<tf.GraphModel, Map<string, GraphProbe>>()

/**
 * Runs the graph once on a zero image of `inputSize` and records the shape of every candidate
 * node and of the output. Cached per model and size (descriptor inference and the model share it).
 */
export function probeGraphModel(model: tf.GraphModel, inputSize: readonly [number, number]): GraphProbe {
  const key = inputSize.join('x')
  const cached = probes.get(model)?.get(key)
  if (cached) return cached
  const nodes = graphNodes(model)
  const depthOf = new Map(nodes.map((n, i) => [n.name, i]))
  const candidates = spatialCandidates(nodes).map((n) => n.name)
  const outputNode = model.outputNodes[0]
  const probe = tf.tidy(() => {
    const zeros = tf.zeros([1, inputSize[0], inputSize[1], 3])
    const raw = model.execute({ [model.inputNodes[0]]: zeros }, [...candidates, outputNode])
    const outputs = Array.isArray(raw) ? raw : [raw]
    const spatial: GraphProbe['spatial'] = []
    candidates.forEach((name, i) => {
      const [n, h, w, c] = outputs[i].shape
      // 1×1 outputs (pooled features) are not maps, as for layers models
      if (outputs[i].rank === 4 && n === 1 && h > 0 && w > 0 && h * w > 1 && c > 0) spatial.push({ name, shape: [h, w, c], depth: depthOf.get(name)! })
    })
    return { spatial, outputShape: outputs[outputs.length - 1].shape }
  })
  if (!probes.has(model)) probes.set(model, new Map())
  probes.get(model)!.set(key, probe)
  return probe
}

/** Ops that join branches when they read two or more computed (non-constant) tensors. */
const MERGE_OPS = new Set(['ConcatV2', 'Concat', 'AddN', 'Add', 'AddV2'])

/** Each node's block (see {@link inferBlocks}): converted graphs' slash-separated names group, else the merges do. */
function graphBlocks(model: tf.GraphModel, spatial: ReadonlySet<string>): Map<string, string> {
  const nodes = graphNodes(model)
  const byName = new Map(nodes.map((n) => [n.name, n]))
  return inferBlocks(
    nodes.map((n) => ({ name: n.name, inputs: n.inputs, spatial: spatial.has(n.name), merge: MERGE_OPS.has(n.op) && n.inputs.filter((i) => byName.get(i)?.op !== 'Const').length >= 2 })),
  )
}

/**
 * A TF.js graph model (converted SavedModel / frozen graph) behind the {@link PerturberModel} API.
 * Activations come from `GraphModel.execute` with intermediate node names, so TF.js runs only the
 * part of the graph the requested nodes need. Graph models have constant weights: no `layersModel`,
 * so they cannot be mixed or pruned.
 */
export class GraphPerturberModel extends BasePerturberModel {
  readonly format = 'graph' as const
  readonly layersModel = undefined
  /** Name of the graph's image input and classifier output nodes. */
  readonly inputNode: string
  readonly outputNode: string

  constructor(
    readonly graphModel: tf.GraphModel,
    descriptor: ModelDescriptor,
    options: { id?: string } = {},
  ) {
    const probe = probeGraphModel(graphModel, descriptor.inputSize)
    super(
      descriptor,
      probe.spatial.map(({ name, shape, depth }) => ({ name, shape, channels: shape[2], depth })),
      options.id ?? newModelId('graph'),
      graphBlocks(graphModel, new Set(probe.spatial.map((l) => l.name))),
    )
    this.inputNode = graphModel.inputNodes[0]
    this.outputNode = graphModel.outputNodes[0]
  }

  protected run(input: tf.Tensor4D, layers: readonly string[], predictions: boolean, share: readonly string[], _reuse?: unknown, taps?: ReadonlyMap<string, LayerTap>): tf.Tensor[] {
    if (taps) {
      throw new Error(
        `Graph model "${this.descriptor.name}" cannot change a node's output inside a pass (TF.js runs the graph whole), so taps (datapaths, keeping only some maps) are not available for it; load the model as a TF.js layers model instead.`,
      )
    }
    const wanted = [...layers, ...(predictions ? [this.outputNode] : []), ...share]
    const raw = this.graphModel.execute({ [this.inputNode]: input }, wanted)
    return Array.isArray(raw) ? raw : [raw]
  }

  protected release() {
    probes.delete(this.graphModel)
    this.graphModel.dispose()
  }
}
