import type * as tf from '@tensorflow/tfjs'

/**
 * Multiply-adds ×2 of one forward pass of a layers model at its input size: every weight named
 * `*kernel` (Conv2D, DepthwiseConv2D, SeparableConv2D's two, Dense, Conv2DTranspose) costs
 * 2·|kernel| per output position of its layer. Everything else (batch norm, activations, pooling,
 * concatenations) is a few operations per output value and left out. Undefined for a graph model
 * or a layer whose output shape is not known.
 */
export function forwardFlops(model: tf.LayersModel | undefined): number | undefined {
  if (!model) return undefined
  let flops = 0
  for (const layer of model.layers) {
    const kernels = layer.weights.filter((w) => /kernel$/.test(w.originalName ?? w.name) && w.shape.length >= 2)
    if (kernels.length === 0) continue
    const shape = (Array.isArray(layer.outputShape[0]) ? layer.outputShape[0] : layer.outputShape) as (number | null)[]
    const spatial = shape.slice(1, -1)
    if (spatial.some((d) => d === null || !(d > 0))) return undefined
    const positions = (spatial as number[]).reduce((a, b) => a * b, 1)
    for (const kernel of kernels) flops += 2 * kernel.shape.reduce((a: number, b) => a * (b ?? 1), 1) * positions
  }
  return flops
}

/**
 * FLOPs of one PGD step relative to a forward pass: the forward pass inside the gradient, the
 * backward pass to the input (≈ one forward; no filter gradients are needed), and the forward
 * pass on clean + δ that reports the probabilities.
 */
export const PGD_STEP_FORWARD_PASSES = 3

/**
 * What TF.js' cpu backend is assumed to reach at best, in FLOPs per millisecond (≈ 3 GFLOP/s: plain
 * JavaScript, one thread; it measures nearer 1–1.5 GFLOP/s on the zoo's and MobileNet's
 * convolutions). Used only to skip measuring cpu where even this could not beat a step already
 * measured, or where measuring would block the page too long.
 */
export const CPU_FLOPS_PER_MS = 3e6

/** An optimistic estimate of one PGD step of `model` on the cpu backend, in ms (undefined: unknown). */
export function estimateCpuStepMs(model: tf.LayersModel | undefined): number | undefined {
  const flops = forwardFlops(model)
  return flops === undefined ? undefined : (PGD_STEP_FORWARD_PASSES * flops) / CPU_FLOPS_PER_MS
}
