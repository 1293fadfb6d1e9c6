import * as tf from '@tensorflow/tfjs'
import { compareArchitectures, describeDifference } from './architecture'

/**
 * A new layers model with `source`'s topology and its own, freshly initialised variables.
 *
 * TF.js 4.22's `SeparableConv2D.getConfig()` leaves out `depthMultiplier`, so a plain
 * `toJSON` → `modelFromJSON` round trip rebuilds such layers with a multiplier of 1 and the wrong
 * kernel shapes; the serialised config is patched from the live layers first. Any other
 * serialisation loss is caught by comparing the clone's weight shapes with the source's.
 */
export async function cloneArchitecture(source: tf.LayersModel): Promise<tf.LayersModel> {
  const topology = source.toJSON(undefined, false) as Parameters<typeof tf.models.modelFromJSON>[0]
  patchSeparableDepthMultipliers(topology, layersByName(source))
  const clone = await tf.models.modelFromJSON(topology)
  const differences = compareArchitectures(source, clone)
  if (differences.length > 0) {
    clone.dispose()
    throw new Error(
      `Could not rebuild the architecture of "${source.name}" from its TF.js config:\n` +
        differences.map((d) => `  - ${describeDifference(d)}`).join('\n'),
    )
  }
  return clone
}

/** Every layer, nested models' layers included, by name. */
function layersByName(model: tf.LayersModel, into = new Map<string, tf.layers.Layer>()): Map<string, tf.layers.Layer> {
  for (const layer of model.layers) {
    into.set(layer.name, layer)
    if (layer instanceof tf.LayersModel) layersByName(layer, into)
  }
  return into
}

function patchSeparableDepthMultipliers(json: unknown, layers: ReadonlyMap<string, tf.layers.Layer>): void {
  if (Array.isArray(json)) {
    json.forEach((item) => patchSeparableDepthMultipliers(item, layers))
    return
  }
  if (json === null || typeof json !== 'object') return
  const node = json as Record<string, unknown>
  const config = node.config as Record<string, unknown> | undefined
  if (node.class_name === 'SeparableConv2D' && config && typeof config.name === 'string') {
    const multiplier = (layers.get(config.name) as unknown as { depthMultiplier?: number } | undefined)?.depthMultiplier
    if (multiplier !== undefined && config.depth_multiplier === undefined) config.depth_multiplier = multiplier
  }
  for (const value of Object.values(node)) patchSeparableDepthMultipliers(value, layers)
}
