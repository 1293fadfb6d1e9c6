import * as tf from '@tensorflow/tfjs'
import { graphNodes } from '../model/GraphPerturberModel'
import { ModelLoadError, formatShape } from './errors'

/** What a model says about itself: its input and output shapes and how its head ends. */
export interface ModelSignature {
  format: 'layers' | 'graph'
  /** Declared input shape; null (or -1 in graph models) for free dimensions; undefined if not declared. */
  inputShape?: readonly (number | null)[]
  /** Declared output shape, when the model declares one (graph models often do not). */
  outputShape?: readonly (number | null)[]
  /** Whether the head ends in a softmax (possibly followed by reshapes), i.e. emits probabilities. */
  endsInSoftmax: boolean
  name?: string
}

export function isLayersModel(x: unknown): x is tf.LayersModel {
  if (x instanceof tf.LayersModel) return true
  // a second copy of TF.js breaks instanceof; fall back to the shape of the object
  return typeof x === 'object' && x !== null && Array.isArray((x as tf.LayersModel).layers) && typeof (x as tf.LayersModel).getLayer === 'function'
}

export function isGraphModel(x: unknown): x is tf.GraphModel {
  if (x instanceof tf.GraphModel) return true
  return typeof x === 'object' && x !== null && Array.isArray((x as tf.GraphModel).inputNodes) && typeof (x as tf.GraphModel).execute === 'function'
}

/** Layers that only reshape or pass values through: a softmax before them still defines the head. */
const PASS_THROUGH_LAYERS = new Set(['Reshape', 'Flatten', 'Dropout', 'SpatialDropout1D', 'SpatialDropout2D', 'AlphaDropout', 'GaussianDropout', 'GaussianNoise'])
const PASS_THROUGH_OPS = new Set(['Identity', 'Reshape', 'Squeeze', 'ExpandDims', 'StopGradient'])

export function readSignature(model: tf.LayersModel | tf.GraphModel): ModelSignature {
  return isLayersModel(model) ? layersSignature(model) : graphSignature(model)
}

function layersSignature(model: tf.LayersModel): ModelSignature {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new ModelLoadError(
      'unsupported',
      `Model "${model.name}" has ${model.inputs.length} inputs and ${model.outputs.length} outputs; only single-input, single-output classifiers are supported.`,
    )
  }
  return {
    format: 'layers',
    inputShape: model.inputs[0].shape,
    outputShape: model.outputs[0].shape,
    endsInSoftmax: layersEndInSoftmax(model),
    name: model.name,
  }
}

function layersEndInSoftmax(model: tf.LayersModel): boolean {
  let layer: tf.layers.Layer | undefined = model.outputs[0].sourceLayer as tf.layers.Layer
  for (let hops = 0; layer && hops < 16; hops++) {
    const config = layer.getConfig() as { activation?: unknown }
    const className = layer.getClassName()
    if (className === 'Softmax' || config.activation === 'softmax') return true
    const passes = PASS_THROUGH_LAYERS.has(className) || (className === 'Activation' && config.activation === 'linear')
    if (!passes) return false
    try {
      layer = (layer.input as tf.SymbolicTensor).sourceLayer as tf.layers.Layer
    } catch {
      return false // a layer used in several places has no single input
    }
  }
  return false
}

function graphSignature(model: tf.GraphModel): ModelSignature {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new ModelLoadError(
      'unsupported',
      `The graph model has ${model.inputs.length} inputs (${model.inputNodes.join(', ')}) and ${model.outputs.length} outputs (${model.outputNodes.join(', ')}); only single-input, single-output classifiers are supported.`,
    )
  }
  const input = model.inputs[0]
  if (input.dtype && input.dtype !== 'float32') {
    throw new ModelLoadError('unsupported', `The graph model's input "${input.name}" takes ${input.dtype}; only float32 image inputs are supported.`)
  }
  const free = (shape?: number[]) => shape?.map((d) => (d < 0 ? null : d))
  return {
    format: 'graph',
    inputShape: free(input.shape),
    outputShape: free(model.outputs[0].shape),
    endsInSoftmax: graphEndsInSoftmax(model),
  }
}

function graphEndsInSoftmax(model: tf.GraphModel): boolean {
  let nodes
  try {
    nodes = new Map(graphNodes(model).map((n) => [n.name, n]))
  } catch (e) {
    throw new ModelLoadError('unsupported', e instanceof Error ? e.message : String(e), undefined, { cause: e })
  }
  let node = nodes.get(model.outputNodes[0].split(':')[0])
  for (let hops = 0; node && hops < 16; hops++) {
    if (node.op === 'Softmax') return true
    if (!PASS_THROUGH_OPS.has(node.op)) return false
    node = nodes.get(node.inputs[0])
  }
  return false
}

/**
 * Largest input side (pixels) a model may take: ImageNet CNNs take 224–331 px, so 1024 is
 * generous; an input of 10000×10000 would exhaust the backend on the first frame (and take the other
 * models with it). Checked at load against the model's input shape and `descriptor.inputSize`.
 */
export const MAX_INPUT_SIDE = 1024

/**
 * Checks that the model classifies RGB images: input [n, h, w, 3] with n free or 1, output
 * [n, classes]. Returns the input size (from the model, else from `inputSizeHint`).
 */
export function checkImageInput(signature: ModelSignature, inputSizeHint?: readonly [number, number]): [number, number] {
  const shape = signature.inputShape
  const isImage = shape && shape.length === 4 && (shape[0] == null || shape[0] === 1) && shape[3] === 3
  if (!isImage) {
    const declared = shape ? `input shape ${formatShape(shape)}` : 'an input of unknown shape'
    throw new ModelLoadError(
      'not-an-image-model',
      `The model has ${declared}; an image classifier takes a batch of RGB images [null, height, width, 3].`,
    )
  }
  const [, h, w] = shape
  if (h && w) {
    if (inputSizeHint && (inputSizeHint[0] !== h || inputSizeHint[1] !== w)) {
      throw new ModelLoadError(
        'descriptor-mismatch',
        `descriptor.inputSize ${formatShape(inputSizeHint)} contradicts the model's input shape ${formatShape(shape)}.`,
      )
    }
    return checkInputSize([h, w], 'The model takes')
  }
  if (inputSizeHint) return checkInputSize([inputSizeHint[0], inputSizeHint[1]], 'descriptor.inputSize asks for')
  throw new ModelLoadError(
    'unsupported',
    `The model's input size is not fixed (input shape ${formatShape(shape)}); pass descriptor.inputSize to choose one.`,
  )
}

export function checkClassifierOutput(outputShape: readonly (number | null)[] | undefined): number {
  const classes = outputShape?.[1]
  if (!outputShape || outputShape.length !== 2 || !classes || classes < 1) {
    throw new ModelLoadError(
      'not-an-image-model',
      `The model's output shape ${formatShape(outputShape)} is not a classifier's [null, classes].`,
    )
  }
  return classes
}

function checkInputSize(size: [number, number], subject: string): [number, number] {
  const [h, w] = size
  if (!(h <= MAX_INPUT_SIDE && w <= MAX_INPUT_SIDE)) {
    throw new ModelLoadError(
      'too-large',
      `${subject} ${h}×${w}-pixel images; the runtime accepts at most ${MAX_INPUT_SIDE}×${MAX_INPUT_SIDE} (MAX_INPUT_SIDE): an input this large would exhaust the backend on its first frame.`,
    )
  }
  return size
}
