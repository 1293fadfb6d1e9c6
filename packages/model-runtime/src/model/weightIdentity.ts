import type * as tf from '@tensorflow/tfjs'

/** Copy → the data it was copied from (its root: copies of copies map to the first original). */
const originals = new WeakMap<object, object>()

/**
 * Records that `copy` holds exactly `original`'s values: `tf.clone` shares the data on webgl and
 * cpu but copies it on wasm, and an edited model's unedited weights are such clones.
 */
export function markCopy(copy: tf.Tensor, original: tf.Tensor): void {
  if (copy.dataId !== original.dataId) originals.set(copy.dataId, originals.get(original.dataId) ?? original.dataId)
}

/**
 * Whether two tensors hold the very same data: the same tensor data, or copies of it recorded by
 * {@link markCopy}. Writing a variable gives it new data, so a written weight stops matching.
 */
export function sameData(a: tf.Tensor, b: tf.Tensor): boolean {
  return (originals.get(a.dataId) ?? a.dataId) === (originals.get(b.dataId) ?? b.dataId)
}
