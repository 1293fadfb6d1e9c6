import type * as tf from '@tensorflow/tfjs'
import type { LayerBlock, LayerInfo } from '../types'

/**
 * The block a layer belongs to, inferred from its name: the part before the first `/`
 * (`mixed4a/conv_3x3` → `mixed4a`), else the name up to its first number and an optional
 * letter (`conv_pw_5_bn` → `conv_pw_5`, `block_3_expand` → `block_3`, `mixed3a_pool` → `mixed3a`).
 * Names without a number form their own block.
 */
export function inferBlockName(layerName: string): string {
  const slash = layerName.indexOf('/')
  if (slash > 0) return layerName.slice(0, slash)
  const match = /^([A-Za-z_]*?\d+[a-z]?)(?=$|[_\-.:])/.exec(layerName)
  return match ? match[1] : layerName
}

/** A node of a model's graph, as block inference sees it. */
export interface BlockGraphNode {
  name: string
  /** the nodes it reads */
  inputs: readonly string[]
  /** it joins branches: a concatenation or addition of two or more computed tensors */
  merge: boolean
  /** its output is a spatial map (a layer shown as activations), not the head's vector */
  spatial: boolean
}

/**
 * The block of every node of a graph given in topological order. By name ({@link inferBlockName})
 * when names group nodes (some name-block holds two or more), or when the graph has no merges;
 * otherwise from the graph: each merge point (a concatenation or addition) closes a block made of
 * itself and every node on a path to it from the point where its branches split (its immediate
 * dominator), named after the merge; nested merges belong to the outer one. A spatial node that
 * only reads one block (a pooling or activation after a merge) joins it; the others (the stem before
 * the first merge, the head) keep a block of their own, named as by name.
 */
export function inferBlocks(nodes: readonly BlockGraphNode[]): Map<string, string> {
  const byName = new Map(nodes.map((n) => [n.name, inferBlockName(n.name)]))
  const sizes = new Map<string, number>()
  for (const block of byName.values()) sizes.set(block, (sizes.get(block) ?? 0) + 1)
  const namesGroup = [...sizes.values()].some((n) => n > 1)
  if (namesGroup || !nodes.some((n) => n.merge)) return byName

  const index = new Map(nodes.map((n, i) => [n.name, i]))
  const inputsOf = nodes.map((n) => [...new Set(n.inputs.map((name) => index.get(name)).filter((i): i is number => i !== undefined && i < index.get(n.name)!))])
  // immediate dominators (−1: the virtual root before every input), in one pass: inputs come first
  const idom: number[] = []
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (a > b) a = idom[a]
      while (b > a) b = idom[b]
    }
    return a
  }
  nodes.forEach((_, i) => {
    const inputs = inputsOf[i]
    idom[i] = inputs.length === 0 ? -1 : inputs.reduce((d, p) => (d === undefined ? p : intersect(d, p)), undefined as number | undefined)!
  })
  const blockOf: (string | undefined)[] = new Array(nodes.length)
  nodes.forEach((node, m) => {
    if (!node.merge) return
    // every node on a path from the split point to the merge: walk back from the merge, stopping there
    const stop = idom[m]
    const seen = new Set([m])
    const stack = [m]
    while (stack.length > 0) {
      const at = stack.pop()!
      blockOf[at] = node.name
      for (const input of inputsOf[at]) {
        if (input === stop || seen.has(input)) continue
        seen.add(input)
        stack.push(input)
      }
    }
  })
  const result = new Map<string, string>()
  nodes.forEach((node, i) => {
    if (blockOf[i] === undefined && node.spatial && inputsOf[i].length > 0) {
      const read = new Set(inputsOf[i].map((input) => blockOf[input]))
      if (read.size === 1) blockOf[i] = [...read][0]
    }
    result.set(node.name, blockOf[i] ?? byName.get(node.name)!)
  })
  return result
}

/** Merge layers: they join branches when applied to two or more tensors. */
const MERGE_LAYER_CLASSES = new Set(['Concatenate', 'Add', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Subtract'])

/** A layers model's layers as a graph for {@link inferBlocks}, in topological order (nested models are single nodes). */
export function layersGraph(model: tf.LayersModel): BlockGraphNode[] {
  return model.layers.map((layer) => {
    const inputs = layer.inboundNodes.flatMap((node) => node.inboundLayers.map((l) => l.name))
    const shape = layer.outputShape
    const spatial = Array.isArray(shape) && shape.length === 4 && !Array.isArray(shape[0]) && ((shape[1] as number) ?? 0) * ((shape[2] as number) ?? 0) > 1
    return { name: layer.name, inputs, merge: MERGE_LAYER_CLASSES.has(layer.getClassName()) && inputs.length >= 2, spatial }
  })
}

/** Groups layers into blocks in topological order; explicit groups win over `inferred` (see {@link inferBlocks}), then over names. */
export function groupIntoBlocks(
  layers: readonly Omit<LayerInfo, 'block'>[],
  explicit?: Readonly<Record<string, readonly string[]>>,
  inferred?: ReadonlyMap<string, string>,
): { layers: LayerInfo[]; blocks: LayerBlock[] } {
  const explicitBlockOf = new Map<string, string>()
  for (const [block, names] of Object.entries(explicit ?? {})) for (const name of names) explicitBlockOf.set(name, block)
  const order: string[] = []
  const members = new Map<string, string[]>()
  const withBlocks = layers.map((layer) => {
    const block = explicitBlockOf.get(layer.name) ?? inferred?.get(layer.name) ?? inferBlockName(layer.name)
    if (!members.has(block)) {
      members.set(block, [])
      order.push(block)
    }
    members.get(block)!.push(layer.name)
    return { ...layer, block }
  })
  return { layers: withBlocks, blocks: order.map((name) => ({ name, layers: members.get(name)! })) }
}
