import type * as tf from '@tensorflow/tfjs'
import { imagenetLabels, preprocessingPresets } from '../descriptors/imagenet'
import { probeGraphModel } from '../model/GraphPerturberModel'
import type { LabelSet, ModelDescriptor, OutputSpec } from '../types'
import type { DescriptorOrigin } from './descriptorJson'
import { failureDetail } from './build'
import { ModelLoadError } from './errors'
import { checkClassifierOutput, checkImageInput, readSignature, type ModelSignature } from './signature'

/** What the caller knows about a model; every field is optional and the rest is inferred. */
export type DescriptorHints = Partial<Omit<ModelDescriptor, 'output'>> & { output?: Partial<OutputSpec> }

/** Which hints came from a file (descriptor.json, model.json's metadata), so that a contradiction names it. */
export type DescriptorOrigins = Partial<Record<keyof ModelDescriptor, DescriptorOrigin>>

/**
 * Completes a partial descriptor from the model itself. Defaults, field by field:
 * - `name`: `defaultName` (the model's folder or file name when loading), else the model's name, else "model".
 * - `inputSize`: the input shape's [height, width] (required in `hints` when the model leaves it free).
 * - `channelOrder`: 'RGB'. `preprocessing`: [-1, 1] (TF.js MobileNets, Keras applications).
 * - `output.kind`: 'probabilities' when the head ends in a softmax (through reshapes/dropout), else 'logits'.
 * - `output.backgroundClass`: true when there is exactly one more output than labels (1001 for ImageNet).
 * - `labels`: ImageNet-1k for 1000 classes, else "class 0" … "class n-1".
 * Throws a {@link ModelLoadError} when the model is not an image classifier or contradicts the hints;
 * a contradiction in a hint listed in `origins` names the file it came from and the field.
 */
export function inferDescriptor(model: tf.LayersModel | tf.GraphModel, hints: DescriptorHints = {}, defaultName?: string, origins: DescriptorOrigins = {}): ModelDescriptor {
  const signature = readSignature(model)
  const inputSize = blamed(origins.inputSize, 'inputSize', () => checkImageInput(signature, hints.inputSize))
  const outputs = checkClassifierOutput(outputShape(model, signature, inputSize))
  return completeDescriptor(hints, {
    name: hints.name ?? defaultName ?? signature.name ?? 'model',
    inputSize,
    outputs,
    endsInSoftmax: signature.endsInSoftmax,
  }, origins)
}

/** Runs a check; a `descriptor-mismatch` it throws names the file the checked hint came from, and the field. */
export function blamed<T>(origin: DescriptorOrigin | undefined, field: string, check: () => T): T {
  if (!origin) return check()
  try {
    return check()
  } catch (e) {
    if (!(e instanceof ModelLoadError) || e.code !== 'descriptor-mismatch') throw e
    throw new ModelLoadError(e.code, `${origin.where}, ${field}: ${e.message}`, origin.file, { cause: e })
  }
}

function outputShape(model: tf.LayersModel | tf.GraphModel, signature: ModelSignature, inputSize: readonly [number, number]) {
  if (signature.format === 'layers' || (signature.outputShape && signature.outputShape.length === 2 && signature.outputShape[1])) {
    return signature.outputShape
  }
  // graph models rarely declare their output shape: run the graph once to see it
  try {
    return probeGraphModel(model as tf.GraphModel, inputSize).outputShape
  } catch (e) {
    if (e instanceof ModelLoadError) throw e
    const detail = failureDetail(e, 'a node has an attribute or input of the wrong kind.')
    throw new ModelLoadError('unsupported', `TF.js could not run the graph model on a ${inputSize.join('×')} image: ${detail}`, undefined, { cause: e })
  }
}

function completeDescriptor(
  hints: DescriptorHints,
  facts: { name: string; inputSize: [number, number]; outputs: number; endsInSoftmax: boolean },
  origins: DescriptorOrigins,
): ModelDescriptor {
  const { outputs } = facts
  const given = hints.output ?? {}
  const backgroundClass = given.backgroundClass ?? (hints.labels ? outputs === hints.labels.names.length + 1 : outputs === 1001)
  const classes = outputs - (backgroundClass ? 1 : 0)
  const labels = hints.labels ?? (classes === 1000 ? imagenetLabels : numberedLabels(classes))
  if (labels.names.length !== classes) {
    const head = backgroundClass ? `${outputs} outputs (1 background + ${classes} classes)` : `${outputs} outputs`
    blamed(origins.labels, 'labels.names', () => {
      throw new ModelLoadError('descriptor-mismatch', `The label set "${labels.id}" has ${labels.names.length} names but the model has ${head}.`)
    })
  }
  if (given.classOrder) blamed(origins.output, 'output.classOrder', () => checkClassOrder(given.classOrder!, classes))
  const output: OutputSpec = {
    kind: given.kind ?? (facts.endsInSoftmax ? 'probabilities' : 'logits'),
    backgroundClass,
    ...(given.classOrder ? { classOrder: given.classOrder } : {}),
  }
  return {
    ...hints,
    name: facts.name,
    inputSize: facts.inputSize,
    channelOrder: hints.channelOrder ?? 'RGB',
    preprocessing: hints.preprocessing ?? preprocessingPresets.minusOneToOne,
    output,
    labels,
  }
}

/** outputToLabelSpace inverts classOrder, so it must be a permutation of the label indices. */
function checkClassOrder(order: readonly number[], classes: number) {
  if (order.length !== classes) {
    throw new ModelLoadError('descriptor-mismatch', `output.classOrder has ${order.length} entries but the model has ${classes} classes.`)
  }
  const seen = new Uint8Array(classes)
  for (const [i, label] of order.entries()) {
    if (!Number.isInteger(label) || label < 0 || label >= classes || seen[label]) {
      throw new ModelLoadError('descriptor-mismatch', `output.classOrder is not a permutation of 0…${classes - 1}: entry ${i} is ${label}${seen[label] ? ', a repeat' : ''}.`)
    }
    seen[label] = 1
  }
}

function numberedLabels(classes: number): LabelSet {
  return { id: `classes-${classes}`, names: Array.from({ length: classes }, (_, i) => `class ${i}`) }
}
