/**
 * Small models for the editing tests (not exported from the package): a branching (concat) and a
 * residual (add) architecture with Conv2D, DepthwiseConv2D, SeparableConv2D, BatchNormalization and
 * Dense layers, filled with seeded random weights so two instances differ everywhere.
 */
import * as tf from '@tensorflow/tfjs'
import { LayersPerturberModel } from '../model/LayersPerturberModel'
import type { ModelDescriptor } from '../types'

export const TEST_INPUT_SIZE = 8

export const testDescriptor = (name: string, classes: number): ModelDescriptor => ({
  name,
  inputSize: [TEST_INPUT_SIZE, TEST_INPUT_SIZE],
  channelOrder: 'RGB',
  preprocessing: { kind: 'range', min: 0, max: 1 },
  output: { kind: 'logits' },
  labels: { id: `test-${classes}`, names: Array.from({ length: classes }, (_, i) => `class ${i}`) },
})

/** conv1 → {mixed2_a (1×1 conv), mixed2_b (depthwise ×2) + BN} → concat → separable conv → dense. */
export function buildConcatModel(options: { mixed2Filters?: number; renameSeparable?: string } = {}): tf.LayersModel {
  const input = tf.input({ shape: [TEST_INPUT_SIZE, TEST_INPUT_SIZE, 3], name: 'input' })
  let x = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'conv1' }).apply(input) as tf.SymbolicTensor
  x = tf.layers.batchNormalization({ name: 'conv1_bn' }).apply(x) as tf.SymbolicTensor
  x = tf.layers.reLU({ name: 'conv1_relu' }).apply(x) as tf.SymbolicTensor
  const a = tf.layers
    .conv2d({ filters: options.mixed2Filters ?? 3, kernelSize: 1, activation: 'relu', name: 'mixed2_a' })
    .apply(x) as tf.SymbolicTensor
  let b = tf.layers.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', name: 'mixed2_b' }).apply(x) as tf.SymbolicTensor
  b = tf.layers.batchNormalization({ name: 'mixed2_b_bn' }).apply(b) as tf.SymbolicTensor
  x = tf.layers.concatenate({ name: 'mixed2' }).apply([a, b]) as tf.SymbolicTensor
  x = tf.layers
    .separableConv2d({ filters: 5, kernelSize: 3, depthMultiplier: 2, padding: 'same', activation: 'relu', name: options.renameSeparable ?? 'mixed3_sep' })
    .apply(x) as tf.SymbolicTensor
  x = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as tf.SymbolicTensor
  const logits = tf.layers.dense({ units: 6, name: 'logits' }).apply(x) as tf.SymbolicTensor
  return tf.model({ inputs: input, outputs: logits, name: 'concat_net' })
}

/** conv1 + BN → depthwise + BN → 1×1 conv, added back to conv1's output → dense. */
export function buildResidualModel(): tf.LayersModel {
  const input = tf.input({ shape: [TEST_INPUT_SIZE, TEST_INPUT_SIZE, 3], name: 'input' })
  let x = tf.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'conv1' }).apply(input) as tf.SymbolicTensor
  x = tf.layers.batchNormalization({ name: 'conv1_bn' }).apply(x) as tf.SymbolicTensor
  const shortcut = tf.layers.reLU({ name: 'conv1_relu' }).apply(x) as tf.SymbolicTensor
  let y = tf.layers.depthwiseConv2d({ kernelSize: 3, padding: 'same', name: 'block2_dw' }).apply(shortcut) as tf.SymbolicTensor
  y = tf.layers.batchNormalization({ name: 'block2_bn' }).apply(y) as tf.SymbolicTensor
  y = tf.layers.reLU({ name: 'block2_relu' }).apply(y) as tf.SymbolicTensor
  y = tf.layers.conv2d({ filters: 4, kernelSize: 1, name: 'block2_pw' }).apply(y) as tf.SymbolicTensor
  x = tf.layers.add({ name: 'block2_add' }).apply([shortcut, y]) as tf.SymbolicTensor
  x = tf.layers.globalAveragePooling2d({ name: 'pool' }).apply(x) as tf.SymbolicTensor
  const logits = tf.layers.dense({ units: 5, name: 'logits' }).apply(x) as tf.SymbolicTensor
  return tf.model({ inputs: input, outputs: logits, name: 'residual_net' })
}


/**
 * Overwrites every weight with seeded random values: kernels, biases, beta and moving means in
 * [−1, 1); gamma and moving variances in [0.5, 1.5), so batch norm stays well defined.
 */
export function randomizeWeights(model: tf.LayersModel, seed: number): void {
  const values = model.weights.map((w, i) => {
    const positive = /(gamma|moving_variance)$/.test(w.originalName)
    return tf.randomUniform(w.shape as number[], positive ? 0.5 : -1, positive ? 1.5 : 1, 'float32', `${seed}:${i}`)
  })
  model.setWeights(values)
  tf.dispose(values)
}

/** A model wrapped for the runtime, with random weights from `seed`. */
export function testModel(build: () => tf.LayersModel, seed: number, name = `test-${seed}`): LayersPerturberModel {
  const model = build()
  randomizeWeights(model, seed)
  const classes = (model.outputs[0].shape[1] as number) ?? 0
  return new LayersPerturberModel(model, testDescriptor(name, classes))
}

/** A layer's weights as plain arrays, in the layer's order. */
export function layerWeights(model: tf.LayersModel, layer: string): Float32Array[] {
  return model.getLayer(layer).weights.map((w) => w.read().dataSync() as Float32Array)
}

/** Every layer's weights, keyed by layer name. */
export function allWeights(model: tf.LayersModel): Map<string, Float32Array[]> {
  return new Map(model.layers.filter((l) => l.weights.length > 0).map((l) => [l.name, layerWeights(model, l.name)]))
}

/** A fixed input in [0, 1]. */
export function testInput(seed = 7): tf.Tensor4D {
  return tf.randomUniform([2, TEST_INPUT_SIZE, TEST_INPUT_SIZE, 3], 0, 1, 'float32', seed)
}

/** Replaces one weight of a layer (by role, e.g. `kernel`) with the given values. */
export function setWeight(model: tf.LayersModel, layer: string, role: string, values: number[]): void {
  const weight = model.getLayer(layer).weights.find((w) => w.originalName.endsWith(`/${role}`))
  if (!weight) throw new Error(`no ${role} in ${layer}`)
  const value = tf.tensor(values, weight.shape as number[])
  ;(weight.read() as tf.Variable).assign(value)
  value.dispose()
}
