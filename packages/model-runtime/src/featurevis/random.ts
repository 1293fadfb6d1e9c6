/**
 * Seeded PRNG (mulberry32), the same generator as `@perturber/perturbations`' `mulberry32`; a
 * copy because this package must not depend on the three.js-based perturbations package.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `count` normal samples N(0, sd²) by Box–Muller from a seeded uniform generator. */
export function normalSamples(random: () => number, count: number, sd: number): Float32Array {
  const out = new Float32Array(count)
  for (let i = 0; i < count; i += 2) {
    const radius = Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12)))
    const angle = 2 * Math.PI * random()
    out[i] = sd * radius * Math.cos(angle)
    if (i + 1 < count) out[i + 1] = sd * radius * Math.sin(angle)
  }
  return out
}

/** A uniformly chosen element of a non-empty list. */
export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.min(items.length - 1, Math.floor(random() * items.length))]
}

/** A uniform integer in [0, max]. */
export function randomInt(random: () => number, max: number): number {
  return Math.min(max, Math.floor(random() * (max + 1)))
}
