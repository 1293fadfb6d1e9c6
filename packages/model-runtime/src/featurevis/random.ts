import * as tf from '@tensorflow/tfjs'

/**
 * The seeds of a run's two random streams, for TF.js' seeded ops: one for the initial image and
 * one for the transforms, so changing the transforms does not change the initial image. The seed
 * is taken as an unsigned 32-bit integer; both stream seeds are non-zero, because
 * `tf.randomNormal` treats a seed of 0 as no seed at all (it falls back to `Math.random()`).
 */
export function streamSeeds(seed: number): { image: number; transforms: number } {
  const base = 2 * (seed >>> 0)
  return { image: base + 1, transforms: base + 2 }
}

/**
 * A seeded generator of uniform numbers in [0, 1] for draws made in JS (the per-step transforms).
 * The numbers come from TF.js' seeded `tf.randomUniform`, whose generator (seedrandom's alea)
 * runs in JS on every backend, `block` at a time: one small CPU-side tensor per block, read back
 * without touching the GPU and disposed at once. Float32 rounding can yield exactly 1, so
 * callers clamp ({@link pick}, {@link randomInt} do).
 */
export function seededRandom(seed: number, block = 1024): () => number {
  let values: ArrayLike<number> = new Float32Array(0)
  let next = 0
  let blocks = 0
  return () => {
    if (next === values.length) {
      const drawn = tf.randomUniform([block], 0, 1, 'float32', `${seed}:${blocks++}`)
      values = drawn.dataSync()
      drawn.dispose()
      next = 0
    }
    return values[next++]
  }
}

/** A uniformly chosen element of a non-empty list. */
export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))]
}

/** A uniform integer in [0, max]. */
export function randomInt(random: () => number, max: number): number {
  return Math.min(max, Math.floor(random() * (max + 1)))
}
