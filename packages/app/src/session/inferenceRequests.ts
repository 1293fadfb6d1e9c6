import { channelsKey } from '@perturber/model-runtime/inference'
import { neuronGroupsOf, type FrameResult, type ModelRequest, type PerturberModel } from '@perturber/model-runtime'
import { MAX_NEURONS, type NeuronGroup } from '@perturber/viz/controls'
import { TOP_ACTIVATING_GROUP, modelResultOf, resolveNeuronChannels, type ModelRole, type NeuronSelection } from '@perturber/viz'
import { CHANGED_GROUP } from '../neurons/groupIds'
import type { AppViews } from '../state/appState'

/** A model on screen, in its role. */
export interface ShownModel {
  role: ModelRole
  model: PerturberModel
}

/**
 * What each shown model computes per frame: the selected layer's channels (when activations are
 * on and the model has the layer) and the predictions (when on). With the top-activating group,
 * every model shows the reference model's (the first shown) most active channels of the current
 * frame, chosen by the runtime in the same pass, so the maps belong to that frame and the
 * requests do not change with every result (which could re-run the frame on screen). A named
 * group is the one the reference model's descriptor ships for the layer, an automatic group
 * (`automatic`: `@changed`, `@relevant`, computed from earlier frames) resolves like one. `topChannels`
 * (the reference's top channels of the last result) serves only models whose layer is shaped
 * differently. With `@changed`, every model's channel means come too: the group is computed from them.
 */
export function inferenceRequests(shown: readonly ShownModel[], layer: string | null, neurons: NeuronSelection, views: AppViews, topChannels?: readonly number[], automatic: readonly NeuronGroup[] = []): ModelRequest[] {
  const reference = shown[0]?.model
  const wantTop = views.activations && neurons.group === TOP_ACTIVATING_GROUP
  const groups = [...(reference ? neuronGroupsOf(reference.descriptor, layer) : []), ...automatic]
  const referenceChannels = reference?.layers.find((l) => l.name === layer)?.channels
  const list: ModelRequest[] = []
  for (const { model } of shown) {
    const info = layer ? model.layers.find((l) => l.name === layer) : undefined
    const maps = views.activations && info !== undefined
    if (!maps && !views.predictions) continue
    const request: ModelRequest = { model, predictions: views.predictions }
    if (maps) {
      request.layer = layer!
      if (wantTop && referenceChannels === info.channels) request.channels = { top: Math.min(MAX_NEURONS, Math.max(1, Math.round(neurons.count))), of: reference }
      else {
        const fallback = { group: '@index', count: neurons.count, start: 0 }
        request.channels = resolveNeuronChannels(wantTop && !topChannels ? fallback : neurons, { groups, topChannels, layerChannels: info.channels })
      }
      if (wantTop && model === reference) request.topChannels = MAX_NEURONS
      if (neurons.group === CHANGED_GROUP) request.channelMeans = true
    }
    list.push(request)
  }
  return list
}

/** The reference model's most active channels of `layer` in `result`, when it has them. */
export function topChannelsOf(result: FrameResult | null, shown: readonly ShownModel[], layer: string | null): number[] | undefined {
  const reference = shown[0]?.model
  const maps = reference && modelResultOf(result, reference.id)?.activations
  return maps && maps.layer === layer && maps.topChannels?.length ? maps.topChannels : undefined
}

/** Requests compared by value (the same work, whatever the objects). */
export function requestsKey(requests: readonly ModelRequest[]): string {
  return JSON.stringify(requests.map(({ model, channels, ...rest }) => ({ ...rest, channels: channelsKey(channels), model: model.id })))
}

/**
 * The layer shown for a fresh Model 1 (or one a link names that it lacks): the middle one of the
 * layers its descriptor ships neuron groups for (so the groups are there to pick), else the middle
 * one preferring activations (ReLU outputs read best: zero is "off").
 */
export function defaultLayer(layers: readonly { name: string }[], groupsOf?: (layer: string) => readonly unknown[]): string | null {
  const grouped = groupsOf ? layers.filter((l) => groupsOf(l.name).length > 0) : []
  const activations = layers.filter((l) => /relu|activation/i.test(l.name))
  const pool = grouped.length > 0 ? grouped : activations.length > 0 ? activations : layers
  return pool.length ? pool[Math.floor(pool.length / 2)].name : null
}
