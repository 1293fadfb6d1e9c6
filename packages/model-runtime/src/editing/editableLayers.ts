import type * as tf from '@tensorflow/tfjs'
import { inferBlocks, layersGraph } from '../model/blocks'

/** Layer classes whose output channels can be pruned, and how their kernels are laid out. */
export type PrunableKind = 'conv2d' | 'depthwiseConv2d' | 'separableConv2d' | 'dense'

const PRUNABLE_KINDS: Readonly<Record<string, PrunableKind>> = {
  Conv2D: 'conv2d',
  DepthwiseConv2D: 'depthwiseConv2d',
  SeparableConv2D: 'separableConv2d',
  Dense: 'dense',
}

/**
 * A weight's role inside its layer: the last segment of its original name (`kernel`, `bias`,
 * `depthwise_kernel`, `pointwise_kernel`, `gamma`, `moving_mean`, …).
 */
export function weightRole(weight: tf.LayerVariable): string {
  const name = weight.originalName
  return name.slice(name.lastIndexOf('/') + 1)
}

/** A variable's shape; layer variables always have concrete dimensions (the type allows null). */
export const weightShape = (weight: tf.LayerVariable): number[] => weight.shape.map((d) => d ?? -1)

/** A layer with weights: everything mixing touches. */
export interface MixableLayer {
  name: string
  className: string
  /** Mixing block (see {@link MixUnit}). */
  block: string
  weights: readonly { role: string; shape: readonly number[] }[]
}

/** A layer whose output channels can be pruned by magnitude. */
export interface PrunableLayer {
  name: string
  className: string
  kind: PrunableKind
  block: string
  /** O: output channels (for a depthwise conv, input channels × depth multiplier). */
  outputChannels: number
}

/** What one mixing slider controls: a block of layers sharing one α, or a single layer. */
export interface MixUnit {
  name: string
  layers: readonly string[]
}

export interface EditableLayers {
  mixable: MixableLayer[]
  prunable: PrunableLayer[]
  /** Mixable layers grouped into blocks, in topological order. */
  blocks: MixUnit[]
}

/**
 * The layers of a model that editing can change. Blocks follow the same rule as the model's
 * spatial-layer blocks (explicit `layerGroups` first, else `inferBlocks`: names, or the graph's
 * merge points when names do not group), but cover every layer with weights, so a dense head or a
 * batch norm gets a block too.
 */
export function describeEditableLayers(
  model: tf.LayersModel,
  layerGroups?: Readonly<Record<string, readonly string[]>>,
): EditableLayers {
  const explicitBlockOf = new Map<string, string>()
  for (const [block, names] of Object.entries(layerGroups ?? {})) for (const name of names) explicitBlockOf.set(name, block)

  const mixable: MixableLayer[] = []
  const prunable: PrunableLayer[] = []
  const members = new Map<string, string[]>()
  const inferred = inferBlocks(layersGraph(model))
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue
    const block = explicitBlockOf.get(layer.name) ?? inferred.get(layer.name)!
    const className = layer.getClassName()
    mixable.push({
      name: layer.name,
      className,
      block,
      weights: layer.weights.map((w) => ({ role: weightRole(w), shape: weightShape(w) })),
    })
    if (!members.has(block)) members.set(block, [])
    members.get(block)!.push(layer.name)

    const kind = PRUNABLE_KINDS[className]
    const outputChannels = kind && prunableOutputChannels(kind, layer)
    if (kind && outputChannels) prunable.push({ name: layer.name, className, kind, block, outputChannels })
  }
  const blocks = [...members].map(([name, layers]) => ({ name, layers }))
  return { mixable, prunable, blocks }
}

/** O for a prunable layer, or undefined when its kernel is not where the kind says it is. */
function prunableOutputChannels(kind: PrunableKind, layer: tf.layers.Layer): number | undefined {
  const shape = (role: string) => {
    const weight = layer.weights.find((w) => weightRole(w) === role)
    return weight && weightShape(weight)
  }
  switch (kind) {
    case 'conv2d':
    case 'dense':
      return shape('kernel')?.at(-1)
    case 'depthwiseConv2d': {
      const kernel = shape('depthwise_kernel')
      return kernel && kernel[2] * kernel[3]
    }
    case 'separableConv2d':
      return shape('pointwise_kernel')?.at(-1)
  }
}
