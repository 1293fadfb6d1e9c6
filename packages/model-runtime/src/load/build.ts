import * as tf from '@tensorflow/tfjs'
import { disposeLayersModel } from '../model/LayersPerturberModel'
import { ModelLoadError } from './errors'
import { findUnconstructibleLayer } from './structure'

/** An error's message; TF.js' advice to JavaScript developers ("This may be due to …", "File an issue at …") is cut. */
const message = (e: unknown) =>
  (e instanceof Error ? e.message : String(e)).replace(/\. (This may be due to one of the following reasons:|File an issue at )[\s\S]*$/, '.')

/**
 * What TF.js threw, for a message people read: TF.js' own errors say what is wrong in the model's
 * terms; a JavaScript engine error (TypeError, RangeError, …) says nothing to them, so `instead`.
 */
export function failureDetail(e: unknown, instead: string): string {
  return isEngineError(e) ? instead : message(e)
}

/** JavaScript's own failures (TF.js tripping over a value), as opposed to TF.js saying what is wrong ("Unknown op 'X'" is a TypeError too). */
const isEngineError = (e: unknown) =>
  (e instanceof TypeError || e instanceof RangeError || e instanceof ReferenceError) &&
  /Cannot (read|set) propert|is not (a function|iterable|a constructor|defined)|Maximum call stack|Invalid (typed )?array length|allocation failed|undefined|null/i.test(e.message)

/**
 * Builds a layers model in two steps so that a failure frees everything it allocated:
 * the topology first (an unknown layer class fails here, before any weight exists), then the
 * weights, decoded by us and assigned with `loadWeights` (names/shapes that do not fit the
 * topology fail here, and both the decoded tensors and the model are disposed).
 * `tf.loadLayersModel` does the same work but leaks its partial tensors when it throws.
 */
export async function buildLayersModel(artifacts: tf.io.ModelArtifacts, file: string): Promise<tf.LayersModel> {
  let model: tf.LayersModel
  const variablesBefore = new Set(Object.keys(tf.engine().registeredVariables))
  // every weight the topology creates is counted against what the manifest declares, before it is allocated
  const declared = (artifacts.weightSpecs ?? []).filter((s) => s.group !== 'optimizer').reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0)
  const budget = { left: declared, declared }
  try {
    let built: Promise<tf.LayersModel>
    activeBudget = budget
    try {
      // deserialization (and so every initializer) runs before modelFromJSON's first await
      built = tf.models.modelFromJSON({ modelTopology: withZeroInitializers(artifacts.modelTopology) })
    } finally {
      activeBudget = undefined
    }
    model = await built
  } catch (e) {
    // a model that fails halfway holds the variables of the layers built so far
    const registered = tf.engine().registeredVariables
    for (const name of Object.keys(registered)) if (!variablesBefore.has(name)) registered[name].dispose()
    throw new ModelLoadError('unsupported', `TF.js cannot build the layers model in ${file}: ${buildFailure(e, budget, artifacts.modelTopology)}`, file, { cause: e })
  }
  let decoded: tf.NamedTensorMap = {}
  try {
    decoded = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!)
    const modelWeights: tf.NamedTensorMap = {}
    for (const spec of artifacts.weightSpecs!) if (spec.group !== 'optimizer') modelWeights[spec.name] = decoded[spec.name]
    model.loadWeights(modelWeights, true)
  } catch (e) {
    disposeLayersModel(model)
    throw new ModelLoadError('not-a-model', `The weights in ${file} do not fit its topology: ${failureDetail(e, 'a weight has a shape or type its layer cannot take.')}`, file, { cause: e })
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
/** Thrown by {@link BudgetedZeros} when the topology asks for more weight values than the manifest declares. */
class OverBudget extends Error {}

/** The weight-value budget of the build under way (builds run one at a time: deserialization is synchronous). */
let activeBudget: { left: number; declared: number } | undefined

const Zeros = tf.initializers.zeros().constructor as unknown as { new (): { apply(shape: number[], dtype?: tf.DataType): tf.Tensor; getClassName(): string } }

/**
 * Zeros, allocated only while the build's budget lasts: the weights a topology creates cannot
 * exceed what model.json's manifest declares (which `maxBytes` bounds), so a layer config asking
 * for billions of values fails before anything is allocated.
 */
class BudgetedZeros extends Zeros {
  static className = 'PerturberBudgetedZeros'
  /** Saved as TF.js' own Zeros, so a loaded model's topology stays readable without this runtime. */
  override getClassName() {
    return 'Zeros'
  }
  override apply(shape: number[], dtype?: tf.DataType): tf.Tensor {
    const size = shape.reduce((a, b) => a * b, 1)
    if (activeBudget) {
      if (!(size <= activeBudget.left)) throw new OverBudget(`its layers need more weight values than the ${activeBudget.declared} its weightsManifest declares (a size in a layer's config is wrong).`)
      activeBudget.left -= size
    }
    return super.apply(shape, dtype)
  }
}
tf.serialization.registerClass(BudgetedZeros as unknown as tf.serialization.SerializableConstructor<tf.serialization.Serializable>)

const ZEROS = { class_name: BudgetedZeros.className, config: {} }

/** A TF.js build failure in words: its own message (TF.js' errors name the layer and value), never a JavaScript engine error. */
function buildFailure(e: unknown, budget: { left: number; declared: number }, topology: unknown): string {
  if (e instanceof OverBudget) return e.message
  if (!isEngineError(e)) return message(e)
  if (e instanceof RangeError && /length|allocat|memory/i.test(e.message)) return `a layer's config asks for more memory than there is (a size in it is wrong); the weights declared come to ${budget.declared} values.`
  const culprit = findUnconstructibleLayer(topology)
  const which = culprit ? `layer "${culprit.name}" (${culprit.className}) has a config` : `a layer's config holds`
  return `${which} ${culprit ? 'with ' : ''}a value of the wrong type or an impossible size.`
}

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
    throw new ModelLoadError('unsupported', `TF.js cannot run the graph in ${file}: ${failureDetail(e, 'a node has an attribute or input of the wrong kind.')}`, file, { cause: e })
  }
  try {
    // the handler type parameter only matters for save(); the loaded model is an ordinary GraphModel
    return tf.loadGraphModelSync(artifacts) as unknown as tf.GraphModel
  } catch (e) {
    // only weight decoding is left to fail here, and checkWeightData has vetted those bytes
    throw new ModelLoadError('not-a-model', `The weights in ${file} cannot be decoded: ${failureDetail(e, 'a weight is stored in a way TF.js cannot read.')}`, file, { cause: e })
  }
}
