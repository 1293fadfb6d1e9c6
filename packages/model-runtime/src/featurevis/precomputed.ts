import type { PerturberModel, PrecomputedFeatureVis } from '../types'

/**
 * The precomputed feature visualizations that show `model`'s channels of `layer`: its descriptor's,
 * or for an edited model (which carries Model 1's descriptor), those of Model 1 or Model 2 only
 * while it still computes exactly what that model does up to the layer (weights shared, see
 * `sharedLayers`). An edit that reaches the layer makes them someone else's features: undefined.
 */
export function featureVisualizationsFor(model: PerturberModel, layer: string): PrecomputedFeatureVis | undefined {
  const sources = editSources(model)
  if (!sources) return model.descriptor.featureVisualizations
  const request = { layers: [layer], predictions: false }
  const source = sources.find((s) => s && !s.disposed && model.sharedLayers?.(s, request).includes(layer))
  return source?.descriptor.featureVisualizations
}

/** An edited model's Model 1 and Model 2 (without importing the editing code). */
function editSources(model: PerturberModel): (PerturberModel | undefined)[] | undefined {
  const edited = model as Partial<Record<'model1' | 'model2', PerturberModel>>
  return edited.model1 ? [edited.model1, edited.model2] : undefined
}
