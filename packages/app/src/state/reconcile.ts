import { CHANNEL_INDEX_GROUP } from '@perturber/viz/controls'
import { TOP_ACTIVATING_GROUP } from '@perturber/viz'
import { CHANGED_GROUP, RELEVANT_GROUP } from '../neurons/groupIds'
import { defaultLayer } from '../session/inferenceRequests'
import type { AppState } from './appState'
import { quote, type StateAdjustment } from './stateText'

/** Groups computed on the frame for any layer: a link may name them whatever the model's descriptor ships. */
const AUTOMATIC_GROUPS: readonly string[] = [TOP_ACTIVATING_GROUP, CHANGED_GROUP, RELEVANT_GROUP]

/** What {@link reconcileWithModel} needs to know of a loaded model. */
export interface ReconcileModel {
  /** its spatial layers, as `PerturberModel.layers` lists them */
  layers: readonly { name: string; channels: number }[]
  /** its name in messages (default "Model 1") */
  name?: string
  /** the ids of the neuron groups its descriptor ships for a layer, e.g. `(l) => neuronGroupsOf(model.descriptor, l).map((g) => g.id)` */
  groupsOf?: (layer: string) => readonly string[]
  /** what the edited model can change (`EditedModel.mixUnits` / `.prunableLayers` names); without it edits are kept as given */
  editable?: { mix: readonly string[]; prune: readonly string[] }
}

export interface ReconciledAppState {
  /** the state with what the model cannot show replaced (`state` itself when nothing was) */
  state: AppState
  /** what was replaced, in the user's terms */
  adjustments: StateAdjustment[]
}

/**
 * Checks the parts of a state that depend on the model (a link is decoded before any model
 * loads): the selected layer, the channels and neuron group shown, the edits. What the model does
 * not have is replaced as the app would (the layer by `defaultLayer`, channels moved into the
 * layer, an unknown group by the most active channels, edits dropped), each with a message such
 * as `The link names a layer "x" that Model 1 does not have; showing "y".` Pure: call it once
 * Model 1 has loaded, apply the state and show the messages.
 */
export function reconcileWithModel(state: AppState, model: ReconcileModel): ReconciledAppState {
  const adjustments: StateAdjustment[] = []
  const name = model.name ?? 'Model 1'
  let { layer, neurons, edits } = state

  if (layer !== null && !model.layers.some((l) => l.name === layer)) {
    const replacement = defaultLayer(model.layers, model.groupsOf)
    const showing = replacement === null ? `it has no layers to show` : `showing ${quote(replacement)}`
    adjustments.push({ field: 'layer', message: `The link names a layer ${quote(layer)} that ${name} does not have; ${showing}.` })
    layer = replacement
  }

  // a link without a layer shows the one the app picks
  const shown = layer ?? defaultLayer(model.layers, model.groupsOf)
  const info = model.layers.find((l) => l.name === shown)
  if (info && neurons.group === CHANNEL_INDEX_GROUP) {
    const start = neurons.start ?? 0
    if (start + neurons.count > info.channels) {
      const moved = Math.max(0, info.channels - neurons.count)
      const range = (from: number, count: number) => (count === 1 ? `channel ${from}` : `channels ${from}–${from + count - 1}`)
      adjustments.push({
        field: 'neurons.start',
        message: `The link shows ${range(start, neurons.count)}, but layer ${quote(info.name)} of ${name} has ${info.channels} (0–${info.channels - 1}); showing ${range(moved, Math.min(neurons.count, info.channels))}.`,
      })
      neurons = { ...neurons, start: moved }
    }
  } else if (info && !AUTOMATIC_GROUPS.includes(neurons.group) && model.groupsOf && !model.groupsOf(info.name).includes(neurons.group)) {
    adjustments.push({ field: 'neurons.group', message: `The link names a neuron group ${quote(neurons.group)} that layer ${quote(info.name)} of ${name} does not have; showing the most active channels.` })
    neurons = { group: TOP_ACTIVATING_GROUP, count: neurons.count }
  }

  if (model.editable) {
    const kept = <T>(map: Record<string, T>, allowed: readonly string[], kind: 'mix' | 'prune', message: (key: string) => string) => {
      const entries = Object.entries(map).filter(([key]) => allowed.includes(key))
      for (const key of Object.keys(map)) if (!allowed.includes(key)) adjustments.push({ field: `edits.${kind}.${key}`, message: message(key) })
      return entries.length === Object.keys(map).length ? map : Object.fromEntries(entries)
    }
    const mix = kept(edits.mix, model.editable.mix, 'mix', (unit) => `The link mixes ${quote(unit)}, which ${name} cannot mix with Model 2; that edit is dropped.`)
    const prune = kept(edits.prune, model.editable.prune, 'prune', (l) => `The link prunes ${quote(l)}, which is not a layer ${name} can prune; that edit is dropped.`)
    if (mix !== edits.mix || prune !== edits.prune) edits = { mix, prune }
  }

  return adjustments.length ? { state: { ...state, layer, neurons, edits }, adjustments } : { state, adjustments }
}
