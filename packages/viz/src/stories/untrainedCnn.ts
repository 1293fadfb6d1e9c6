import * as tf from '@tensorflow/tfjs'
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'
import threaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url'

/** Where Vite serves TF.js' wasm binaries, for `createModelRuntime({ wasmPaths })`. */
export const wasmPaths: Record<string, string> = {
  'tfjs-backend-wasm.wasm': plain,
  'tfjs-backend-wasm-simd.wasm': simd,
  'tfjs-backend-wasm-threaded-simd.wasm': threaded,
}

/** Spatial layers of {@link untrainedCnn}, shallow to deep. */
export const untrainedCnnLayers = ['conv1', 'conv2', 'conv3'] as const

/**
 * A small CNN with random (Glorot-uniform, seeded) weights and an ImageNet-sized head: 224×224 →
 * conv1 (16 @ 112²) → conv2 (32 @ 56²) → conv3 (64 @ 28²) → global average pool → 1000 logits.
 * Untrained: its maps are real responses of random filters (edge- and colour-like), its class
 * names meaningless (the trained default models are the model zoo's, see zooModels.ts).
 */
export function untrainedCnn(seed: number): tf.LayersModel {
  const init = (k: number) => tf.initializers.glorotUniform({ seed: seed * 1000 + k })
  const input = tf.input({ shape: [224, 224, 3], name: 'input' })
  let x = input
  const widths = [16, 32, 64]
  untrainedCnnLayers.forEach((name, i) => {
    x = tf.layers.conv2d({ name, filters: widths[i], kernelSize: i === 0 ? 5 : 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(i), biasInitializer: 'zeros' }).apply(x) as tf.SymbolicTensor
  })
  const pooled = tf.layers.globalAveragePooling2d({ name: 'avgpool' }).apply(x) as tf.SymbolicTensor
  const logits = tf.layers.dense({ name: 'logits', units: 1000, kernelInitializer: init(9) }).apply(pooled) as tf.SymbolicTensor
  return tf.model({ inputs: input, outputs: logits, name: `untrained_cnn_${seed}` })
}
