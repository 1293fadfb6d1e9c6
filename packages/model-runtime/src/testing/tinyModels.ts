import * as tf from '@tensorflow/tfjs'
import { weightRole } from '../editing/editableLayers'
import type { ModelDescriptor } from '../types'

/**
 * Small deterministic models for tests (not exported from the package): a branching (concat)
 * net and a residual (add) net, both image classifiers with named GoogLeNet-like layers.
 */
export function branchingModel(seed = 1, size = 16, classes = 5): tf.LayersModel {
  const init = (s: number) => tf.initializers.glorotUniform({ seed: seed * 100 + s })
  const input = tf.input({ shape: [size, size, 3], name: 'input' })
  const stem = tf.layers.conv2d({ name: 'conv2d0', filters: 6, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(1), biasInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: seed * 100 + 50 }) }).apply(input) as tf.SymbolicTensor
  const a = tf.layers.conv2d({ name: 'mixed3a_1x1', filters: 4, kernelSize: 1, activation: 'relu', kernelInitializer: init(2) }).apply(stem) as tf.SymbolicTensor
  const b = tf.layers.conv2d({ name: 'mixed3a_3x3', filters: 5, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(3) }).apply(stem) as tf.SymbolicTensor
  const mixed = tf.layers.concatenate({ name: 'mixed3a' }).apply([a, b]) as tf.SymbolicTensor
  const pooled = tf.layers.globalAveragePooling2d({ name: 'avgpool' }).apply(mixed) as tf.SymbolicTensor
  const logits = tf.layers.dense({ name: 'logits', units: classes, kernelInitializer: init(4), biasInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: seed * 100 + 50 }) }).apply(pooled) as tf.SymbolicTensor
  return tf.model({ inputs: input, outputs: logits, name: 'branching' })
}

export function residualModel(seed = 1, size = 16, classes = 5): tf.LayersModel {
  const init = (s: number) => tf.initializers.glorotUniform({ seed: seed * 100 + s })
  const input = tf.input({ shape: [size, size, 3], name: 'input' })
  const stem = tf.layers.conv2d({ name: 'block_0_conv', filters: 6, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: init(1) }).apply(input) as tf.SymbolicTensor
  const bn = tf.layers.batchNormalization({ name: 'block_1_bn', gammaInitializer: tf.initializers.randomUniform({ minval: 0.5, maxval: 1.5, seed: seed + 7 }) }).apply(stem) as tf.SymbolicTensor
  const conv = tf.layers.conv2d({ name: 'block_1_conv', filters: 6, kernelSize: 3, padding: 'same', kernelInitializer: init(2) }).apply(bn) as tf.SymbolicTensor
  const added = tf.layers.add({ name: 'block_1_add' }).apply([stem, conv]) as tf.SymbolicTensor
  const relu = tf.layers.reLU({ name: 'block_1_relu' }).apply(added) as tf.SymbolicTensor
  const pooled = tf.layers.globalAveragePooling2d({ name: 'avgpool' }).apply(relu) as tf.SymbolicTensor
  const probs = tf.layers.dense({ name: 'predictions', units: classes, activation: 'softmax', kernelInitializer: init(3) }).apply(pooled) as tf.SymbolicTensor
  return tf.model({ inputs: input, outputs: probs, name: 'residual' })
}

/**
 * A Keras-style net (as TF.js converts MobileNet, ResNet, Darknet): convolutions without
 * activation followed by BatchNormalization and activation layers (ReLU6, LeakyReLU, relu6
 * Activation), a depthwise convolution, a residual add whose branch ends in a
 * BatchNormalization, and a Dropout; two normalisations lack γ or β. Its normalisation
 * statistics are random, not the identity.
 */
export function batchNormModel(seed = 1, options: { bareNorms?: boolean } = {}, size = 16, classes = 5): tf.LayersModel {
  // TF.js cannot differentiate a BatchNormalization without γ or β: `bareNorms: false` gives all both
  const bare = options.bareNorms ?? true
  const init = (s: number) => tf.initializers.glorotUniform({ seed: seed * 100 + s })
  const input = tf.input({ shape: [size, size, 3], name: 'input' })
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) => layer.apply(x) as tf.SymbolicTensor
  let x = apply(tf.layers.conv2d({ name: 'conv1', filters: 8, kernelSize: 3, strides: 2, padding: 'same', useBias: false, kernelInitializer: init(1) }), input)
  x = apply(tf.layers.batchNormalization({ name: 'conv1_bn' }), x)
  x = apply(tf.layers.activation({ name: 'conv1_relu', activation: 'relu6' }), x)
  const dw = apply(tf.layers.depthwiseConv2d({ name: 'conv_dw_1', kernelSize: 3, padding: 'same', useBias: false, depthMultiplier: 2, depthwiseInitializer: init(2) }), x)
  const dwBn = apply(tf.layers.batchNormalization({ name: 'conv_dw_1_bn', scale: !bare }), dw)
  const dwAct = apply(tf.layers.leakyReLU({ name: 'conv_dw_1_leaky', alpha: 0.2 }), dwBn)
  const pw = apply(tf.layers.conv2d({ name: 'conv_pw_1', filters: 12, kernelSize: 1, kernelInitializer: init(3), biasInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: seed * 100 + 50 }) }), dwAct)
  const pwBn = apply(tf.layers.batchNormalization({ name: 'conv_pw_1_bn' }), pw)
  const pwAct = apply(tf.layers.reLU({ name: 'conv_pw_1_relu', maxValue: 6 }), pwBn)
  const branch = apply(tf.layers.conv2d({ name: 'branch_conv', filters: 12, kernelSize: 1, useBias: false, kernelInitializer: init(4) }), dwAct)
  const branchBn = apply(tf.layers.batchNormalization({ name: 'branch_bn', center: !bare }), branch)
  const added = apply(tf.layers.add({ name: 'block_add' }), [pwAct, branchBn])
  const dropped = apply(tf.layers.dropout({ name: 'dropout', rate: 0.3 }), added)
  const pooled = apply(tf.layers.globalAveragePooling2d({ name: 'avgpool' }), dropped)
  const logits = apply(tf.layers.dense({ name: 'logits', units: classes, kernelInitializer: init(5) }), pooled)
  const model = tf.model({ inputs: input, outputs: logits, name: 'batchnorm' })
  // trained-looking statistics: γ, β, μ and σ² far from 1, 0, 0, 1
  for (const layer of model.layers.filter((l) => l.getClassName() === 'BatchNormalization')) {
    tf.tidy(() => layer.setWeights(
      layer.weights.map((w, i) => {
        const role = weightRole(w)
        const r = tf.randomUniform(w.shape as number[], 0, 1, 'float32', seed * 31 + i)
        return role === 'moving_variance' ? r.mul(3).add(0.2) : role === 'gamma' ? r.mul(1.5).add(0.25) : r.sub(0.5).mul(2)
      }),
    ))
  }
  return model
}

export function tinyDescriptor(overrides: Partial<ModelDescriptor> = {}, classes = 5, size = 16): ModelDescriptor {
  return {
    name: 'tiny',
    inputSize: [size, size],
    channelOrder: 'RGB',
    preprocessing: { kind: 'range', min: -1, max: 1 },
    output: { kind: 'logits' },
    labels: { id: 'tiny', names: Array.from({ length: classes }, (_, i) => `class ${i}`) },
    ...overrides,
  }
}

/** A deterministic RGBA frame with a gradient and a square, Uint8. */
export function testFrame(frameId: number, width = 16, height = 16, shift = 0) {
  const data = new Uint8Array(width * height * 4)
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      data[i] = (x * 16 + shift * 7) % 256
      data[i + 1] = (y * 16 + shift * 3) % 256
      data[i + 2] = x > 4 && x < 11 && y > 4 && y < 11 ? 240 : 20
      data[i + 3] = 255
    }
  return { frameId, width, height, data }
}
