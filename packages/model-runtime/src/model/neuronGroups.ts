import { ModelLoadError } from '../load/errors'
import type { LayerInfo, ModelDescriptor, NeuronGroupSpec } from '../types'

/** A shipped neuron group with its id resolved: what a selector lists and a link names. */
export interface ResolvedNeuronGroup {
  id: string
  name: string
  channels: readonly number[]
}

/** "Fur detectors (mixed4a)" → "fur-detectors-mixed4a": the id a group without one gets. */
export function neuronGroupId(group: Pick<NeuronGroupSpec, 'id' | 'name'>): string {
  if (group.id) return group.id
  return group.name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '') || 'group'
}

/** The named neuron groups a descriptor ships for `layer` (none: an empty list), ids filled in. */
export function neuronGroupsOf(descriptor: Pick<ModelDescriptor, 'neuronGroups'>, layer: string | null | undefined): ResolvedNeuronGroup[] {
  const groups = layer ? descriptor.neuronGroups?.[layer] : undefined
  return (groups ?? []).map((g) => ({ id: neuronGroupId(g), name: g.name, channels: g.channels }))
}

/**
 * Checks a descriptor's `neuronGroups` against the model's spatial layers, so that a wrong
 * `descriptor.json` fails the load with the layer, group and channel at fault instead of showing
 * empty maps later: every layer must exist, every group needs a name and at least one channel,
 * channels must be integers below the layer's channel count, ids must be unique per layer.
 */
export function checkNeuronGroups(descriptor: Pick<ModelDescriptor, 'name' | 'neuronGroups'>, layers: readonly LayerInfo[]): void {
  const groups: unknown = descriptor.neuronGroups
  if (groups === undefined) return
  const fail = (message: string) => {
    throw new ModelLoadError('descriptor-mismatch', `neuronGroups of "${descriptor.name}": ${message}`)
  }
  if (groups === null || typeof groups !== 'object' || Array.isArray(groups)) return fail('must be an object mapping layer names to lists of groups.')
  for (const [layer, list] of Object.entries(groups as Record<string, unknown>)) {
    const info = layers.find((l) => l.name === layer)
    if (!info) return fail(`the model has no spatial layer "${layer}" (it has ${layers.map((l) => l.name).join(', ') || 'none'}).`)
    if (!Array.isArray(list)) return fail(`"${layer}" must be a list of groups.`)
    const ids = new Set<string>()
    list.forEach((group: Partial<NeuronGroupSpec> | null, i) => {
      const where = `${layer}[${i}]`
      if (!group || typeof group.name !== 'string' || !group.name.trim()) return fail(`${where} has no name.`)
      if (group.id !== undefined && (typeof group.id !== 'string' || !group.id)) return fail(`${where} ("${group.name}") has an empty or non-string id.`)
      if (!Array.isArray(group.channels) || group.channels.length === 0) return fail(`${where} ("${group.name}") lists no channels.`)
      const bad = group.channels.find((c) => !Number.isInteger(c) || c < 0 || c >= info.channels)
      if (bad !== undefined) return fail(`${where} ("${group.name}") names channel ${bad}, but ${layer} has channels 0…${info.channels - 1}.`)
      const id = neuronGroupId(group as NeuronGroupSpec)
      if (ids.has(id)) return fail(`two groups of ${layer} have the id "${id}" (give them distinct names or ids).`)
      ids.add(id)
    })
  }
}
