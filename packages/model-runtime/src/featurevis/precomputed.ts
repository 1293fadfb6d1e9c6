import { ModelLoadError } from '../load/errors'
import type { LayerInfo, ModelDescriptor, PerturberModel, PrecomputedFeatureVis } from '../types'

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

/**
 * Checks a descriptor's precomputed feature visualizations against the model's spatial layers
 * where they say which they cover (`featureVisualizations.layers`): every layer must exist with
 * exactly that many channels, or the images would show other channels' features.
 */
export function checkFeatureVisualizations(descriptor: Pick<ModelDescriptor, 'name' | 'featureVisualizations'>, layers: readonly LayerInfo[]): void {
  const precomputed: unknown = descriptor.featureVisualizations
  if (precomputed === undefined) return
  const fail = (message: string) => {
    throw new ModelLoadError('descriptor-mismatch', `featureVisualizations of "${descriptor.name}": ${message}`)
  }
  // a descriptor given in code with descriptor.json's form of the field (atlases, not a method)
  if (typeof (precomputed as Partial<PrecomputedFeatureVis> | null)?.image !== 'function') {
    return fail('must be an object with an image(layer, channel) method (a descriptor.json\'s atlases are read when the file is loaded).')
  }
  const covered: unknown = (precomputed as PrecomputedFeatureVis).layers
  if (covered === undefined) return
  if (covered === null || typeof covered !== 'object') return fail('layers must map layer names to channel counts.')
  for (const [layer, channels] of Object.entries(covered)) {
    const info = layers.find((l) => l.name === layer)
    if (!info) return fail(`the model has no spatial layer "${layer}" (it has ${layers.map((l) => l.name).join(', ') || 'none'}).`)
    if (info.channels !== channels) fail(`${layer} has ${info.channels} channels, but its images are of ${typeof channels === 'number' ? channels : 'an unknown number of'} channels.`)
  }
}
