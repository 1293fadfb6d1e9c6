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

/** Groups layers into blocks in topological order; explicit groups win over inferred names. */
export function groupIntoBlocks(
  layers: readonly Omit<LayerInfo, 'block'>[],
  explicit?: Readonly<Record<string, readonly string[]>>,
): { layers: LayerInfo[]; blocks: LayerBlock[] } {
  const explicitBlockOf = new Map<string, string>()
  for (const [block, names] of Object.entries(explicit ?? {})) for (const name of names) explicitBlockOf.set(name, block)
  const order: string[] = []
  const members = new Map<string, string[]>()
  const withBlocks = layers.map((layer) => {
    const block = explicitBlockOf.get(layer.name) ?? inferBlockName(layer.name)
    if (!members.has(block)) {
      members.set(block, [])
      order.push(block)
    }
    members.get(block)!.push(layer.name)
    return { ...layer, block }
  })
  return { layers: withBlocks, blocks: order.map((name) => ({ name, layers: members.get(name)! })) }
}
