import * as tf from '@tensorflow/tfjs'

/**
 * TF.js backends whose gradients are missing or wrong: TF.js 4.22's wasm backend has no
 * convolution filter gradients (`Conv2DBackpropFilter`) and drops max-pool gradients where the
 * pooled values are negative, so input gradients come out silently wrong.
 */
export const BACKENDS_WITHOUT_GRADIENTS: ReadonlySet<string> = new Set(['wasm'])

/**
 * Throws when the active TF.js backend cannot compute correct gradients, saying what to do.
 * `what` is the class refusing, `instead` the runtime method that picks a backend with gradients.
 */
export function assertGradientBackend(what: string, instead: string): void {
  const backend = tf.getBackend()
  if (!BACKENDS_WITHOUT_GRADIENTS.has(backend)) return
  throw new Error(
    `${what} cannot run on TF.js' ${backend} backend: its gradients are wrong there (max-pool gradients are lost where pooled values are negative, convolution filter gradients are missing). ` +
      `Use ${instead}, which runs on a backend with correct gradients, or tf.setBackend('webgl') (or 'cpu') first.`,
  )
}
