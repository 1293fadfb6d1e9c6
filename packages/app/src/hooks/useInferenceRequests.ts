import { useMemo } from 'react'
import { neuronGroupsOf, type ModelRequest, type PerturberModel } from '@perturber/model-runtime'
import { MAX_NEURONS, TOP_ACTIVATING_GROUP, modelResultOf, resolveNeuronChannels, useFrameResultStore, type FrameResultStore, type ModelRole, type NeuronSelection } from '@perturber/viz'
import type { AppViews } from '../state/appState'

/**
 * What each shown model computes per frame: the selected layer's channels (when activations are
 * on and the model has the layer) and the predictions (when on). With the top-activating group,
 * every model shows Model 1's most active channels of the current frame, chosen by the runtime in
 * the same pass (so the maps belong to that frame, and the requests do not change with every
 * result, which could re-run the frame on screen); likewise a named group is the one the reference model's descriptor ships for the layer.
 */
export function useInferenceRequests(
  results: FrameResultStore,
  shown: readonly { role: ModelRole; model: PerturberModel }[],
  layer: string | null,
  neurons: NeuronSelection,
  views: AppViews,
): { requests: ModelRequest[]; topChannels?: readonly number[] } {
  const reference = shown[0]?.model
  const wantTop = views.activations && neurons.group === TOP_ACTIVATING_GROUP
  // a string, so a new result with the same top channels does not re-render
  const topKey = useFrameResultStore(results, (s) => {
    const maps = reference && modelResultOf(s.result, reference.id)?.activations
    return maps && maps.layer === layer ? (maps.topChannels ?? []).join(',') : ''
  })
  const topChannels = useMemo(() => (topKey ? topKey.split(',').map(Number) : undefined), [topKey])
  const groups = useMemo(() => (reference ? neuronGroupsOf(reference.descriptor, layer) : []), [reference, layer])

  const requests = useMemo(() => {
    const list: ModelRequest[] = []
    const referenceChannels = reference?.layers.find((l) => l.name === layer)?.channels
    for (const { model } of shown) {
      const info = layer ? model.layers.find((l) => l.name === layer) : undefined
      const maps = views.activations && info !== undefined
      if (!maps && !views.predictions) continue
      const request: ModelRequest = { model, predictions: views.predictions }
      if (maps) {
        request.layer = layer!
        if (wantTop && referenceChannels === info.channels) request.channels = { top: Math.min(MAX_NEURONS, Math.max(1, Math.round(neurons.count))), of: reference }
        else {
          // a model whose layer is shaped differently: the reference's top channels of the last result
          const fallback = { group: '@index', count: neurons.count, start: 0 }
          request.channels = resolveNeuronChannels(wantTop && !topChannels ? fallback : neurons, { groups, topChannels, layerChannels: info.channels })
        }
        if (wantTop && model === reference) request.topChannels = MAX_NEURONS
      }
      list.push(request)
    }
    return list
  }, [shown, layer, neurons, views.activations, views.predictions, topChannels, wantTop, reference, groups])

  return { requests, topChannels }
}
