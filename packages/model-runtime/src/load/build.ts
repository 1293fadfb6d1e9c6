import * as tf from '@tensorflow/tfjs'
import { ModelLoadError } from './errors'

const message = (e: unknown) => (e instanceof Error ? e.message : String(e))

/**
 * Builds a layers model in two steps so that a failure frees everything it allocated:
 * the topology first (an unknown layer class fails here, before any weight exists), then the
 * weights, decoded by us and assigned with `loadWeights` (names/shapes that do not fit the
 * topology fail here, and both the decoded tensors and the model are disposed).
 * `tf.loadLayersModel` does the same work but leaks its partial tensors when it throws.
 */
export async function buildLayersModel(artifacts: tf.io.ModelArtifacts, file: string): Promise<tf.LayersModel> {
  let model: tf.LayersModel
  try {
    model = await tf.models.modelFromJSON({ modelTopology: withZeroInitializers(artifacts.modelTopology) })
  } catch (e) {
    throw new ModelLoadError('unsupported', `TF.js cannot build the layers model in ${file}: ${message(e)}`, file, { cause: e })
  }
  let decoded: tf.NamedTensorMap = {}
  try {
    decoded = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!)
    const modelWeights: tf.NamedTensorMap = {}
    for (const spec of artifacts.weightSpecs!) if (spec.group !== 'optimizer') modelWeights[spec.name] = decoded[spec.name]
    model.loadWeights(modelWeights, true)
  } catch (e) {
    model.dispose()
    throw new ModelLoadError('not-a-model', `The weights in ${file} do not fit its topology: ${message(e)}`, file, { cause: e })
  } finally {
    tf.dispose(Object.values(decoded))
  }
  return model
}

/** Keras config keys of weight initializers (layers ignore the ones they do not use). */
const INITIALIZER_KEYS = [
  'kernel_initializer', 'bias_initializer', 'depthwise_initializer', 'pointwise_initializer',
  'gamma_initializer', 'beta_initializer', 'moving_mean_initializer', 'moving_variance_initializer',
  'alpha_initializer', 'embeddings_initializer', 'recurrent_initializer',
]
const ZEROS = { class_name: 'Zeros', config: {} }

/**
 * A copy of a Keras topology in which every layer initialises its weights with zeros.
 * `loadWeights` (strict) then overwrites every weight, so random initialisation (the default
 * when a config names no initializer, as converted models often do) would only cost time: half
 * the load for MobileNet v2. `tf.loadLayersModel` skips it the same way ("fastWeightInit").
 */
function withZeroInitializers(topology: unknown): tf.io.ModelJSON['modelTopology'] {
  const copy = JSON.parse(JSON.stringify(topology)) as unknown
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (typeof node !== 'object' || node === null) return
    const { class_name: className, config } = node as { class_name?: unknown; config?: unknown }
    const isLayer = typeof className === 'string' && typeof config === 'object' && config !== null && 'name' in config
    if (isLayer) for (const key of INITIALIZER_KEYS) (config as Record<string, unknown>)[key] = ZEROS
    Object.values(node).forEach(visit)
  }
  visit(copy)
  return copy as tf.io.ModelJSON['modelTopology']
}

/**
 * Builds a graph model. A dry run without weights goes first: a malformed graph (a node reading
 * a missing node, bad attributes) fails there, before `loadGraphModelSync` would have decoded
 * (and then leaked) every weight tensor. Unknown ops only surface when the graph runs; the
 * caller's zero-input probe catches those and disposes the model.
 */
export function buildGraphModel(artifacts: tf.io.ModelArtifacts, file: string): tf.GraphModel {
  try {
    tf.loadGraphModelSync({ ...artifacts, weightSpecs: [], weightData: new ArrayBuffer(0) })
  } catch (e) {
    throw new ModelLoadError('unsupported', `TF.js cannot run the graph in ${file}: ${message(e)}`, file, { cause: e })
  }
  try {
    // the handler type parameter only matters for save(); the loaded model is an ordinary GraphModel
    return tf.loadGraphModelSync(artifacts) as unknown as tf.GraphModel
  } catch (e) {
    // only weight decoding is left to fail here, and checkWeightData has vetted those bytes
    throw new ModelLoadError('not-a-model', `The weights in ${file} cannot be decoded: ${message(e)}`, file, { cause: e })
  }
}
