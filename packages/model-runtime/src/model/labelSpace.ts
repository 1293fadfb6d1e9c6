import * as tf from '@tensorflow/tfjs'
import type { OutputSpec } from '../types'

/**
 * Head output → label space: drop the background class, reorder to the label set, and convert
 * between logits and probabilities. For a softmax head, `log p` serves as logits (softmax-invariant).
 */
export function outputToLabelSpace(output: tf.Tensor2D, spec: OutputSpec, as: 'logits' | 'probabilities'): tf.Tensor2D {
  return tf.tidy((): tf.Tensor2D => {
    let scores: tf.Tensor2D = output
    if (spec.backgroundClass) scores = tf.slice(scores, [0, 1], [-1, scores.shape[1] - 1])
    if (spec.classOrder) {
      // classOrder[i] = label of output i; gather needs, for each label, the output that holds it
      const outputOfLabel = new Int32Array(spec.classOrder.length)
      spec.classOrder.forEach((label, i) => (outputOfLabel[label] = i))
      scores = tf.gather(scores, tf.tensor1d(outputOfLabel, 'int32'), 1)
    }
    if (spec.kind === 'logits') return as === 'logits' ? scores.clone() : tf.softmax(scores)
    if (as === 'probabilities') {
      // a background class takes probability mass; renormalise over the labels
      return spec.backgroundClass ? tf.div(scores, tf.sum(scores, 1, true)) : scores.clone()
    }
    return tf.log(tf.maximum(scores, 1e-12)) as tf.Tensor2D
  })
}
