import type { PerturberModel, PrecomputedFeatureVis } from '../types'

/** Per edited model, the last answer and what it was for: views ask on every render, the walk is per weight change. */
const answers = new WeakMap<PerturberModel, { version: number; layer: string; result: PrecomputedFeatureVis | undefined }>()

/**
 * The precomputed feature visualizations that show `model`'s channels of `layer`: its descriptor's,
 * or for an edited model (which carries Model 1's descriptor), those of Model 1 or Model 2 only
 * while it still computes exactly what that model does up to the layer (weights shared, see
 * `sharedLayers`). An edit that reaches the layer makes them someone else's features: undefined.
 */
export function featureVisualizationsFor(model: PerturberModel, layer: string): PrecomputedFeatureVis | undefined {
  const sources = editSources(model)
  if (!sources) return model.descriptor.featureVisualizations
  const known = answers.get(model)
  if (known && known.version === model.version && known.layer === layer) return known.result
  const request = { layers: [layer], predictions: false }
  const result = sources.find((s) => s && !s.disposed && model.sharedLayers?.(s, request).includes(layer))?.descriptor.featureVisualizations
  answers.set(model, { version: model.version, layer, result })
  return result
}

/** An edited model's Model 1 and Model 2 (without importing the editing code). */
function editSources(model: PerturberModel): (PerturberModel | undefined)[] | undefined {
  const edited = model as Partial<Record<'model1' | 'model2', PerturberModel>>
  return edited.model1 ? [edited.model1, edited.model2] : undefined
}
