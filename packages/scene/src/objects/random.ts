/**
 * Deterministic randomness for the procedural objects: a seeded PRNG and value noise.
 * Nothing here touches Math.random, so every generated array is reproducible bit for bit.
 */

// The same seeded PRNG the perturbations use (one implementation for the whole toolkit).
import { mulberry32 } from '@perturber/perturbations/authoring'
export { mulberry32 }

export interface ValueNoise {
  /** 2D value noise in [-1, 1] */
  n2(x: number, y: number): number
  /** 2D value noise, periodic in x with an integer `period` (for wrap-around UV seams) */
  n2p(x: number, y: number, period: number): number
  /** 3D value noise in [-1, 1] */
  n3(x: number, y: number, z: number): number
  /** fractal sum of `octaves` octaves of n3, roughly in [-1, 1] */
  fbm3(x: number, y: number, z: number, octaves: number): number
}

const fade = (t: number) => t * t * (3 - 2 * t)

/** Lattice value noise (smoothstep-interpolated random values) from a seed. */
export function createNoise(seed: number): ValueNoise {
  const rand = mulberry32(seed)
  const p = new Uint8Array(256)
  for (let i = 0; i < 256; i++) p[i] = i
  for (let i = 255; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    const t = p[i]
    p[i] = p[j]
    p[j] = t
  }
  const perm = new Uint16Array(512)
  for (let i = 0; i < 512; i++) perm[i] = p[i & 255]
  const val = new Float32Array(256)
  for (let i = 0; i < 256; i++) val[i] = rand() * 2 - 1

  const h2 = (i: number, j: number) => val[perm[perm[i & 255] + (j & 255)]]
  const h3 = (i: number, j: number, k: number) => val[perm[perm[perm[i & 255] + (j & 255)] + (k & 255)]]

  const n2 = (x: number, y: number) => {
    const xi = Math.floor(x), yi = Math.floor(y)
    const u = fade(x - xi), v = fade(y - yi)
    const a = h2(xi, yi), b = h2(xi + 1, yi), c = h2(xi, yi + 1), d = h2(xi + 1, yi + 1)
    return a + (b - a) * u + (c - a) * v + (a - b - c + d) * u * v
  }
  const n2p = (x: number, y: number, period: number) => {
    const P = Math.max(1, Math.round(period))
    const xf = Math.floor(x), yi = Math.floor(y)
    const u = fade(x - xf), v = fade(y - yi)
    const x0 = ((xf % P) + P) % P, x1 = (x0 + 1) % P
    const a = h2(x0, yi), b = h2(x1, yi), c = h2(x0, yi + 1), d = h2(x1, yi + 1)
    return a + (b - a) * u + (c - a) * v + (a - b - c + d) * u * v
  }
  const n3 = (x: number, y: number, z: number) => {
    const xi = Math.floor(x), yi = Math.floor(y), zi = Math.floor(z)
    const u = fade(x - xi), v = fade(y - yi), w = fade(z - zi)
    const a0 = h3(xi, yi, zi), b0 = h3(xi + 1, yi, zi), c0 = h3(xi, yi + 1, zi), d0 = h3(xi + 1, yi + 1, zi)
    const a1 = h3(xi, yi, zi + 1), b1 = h3(xi + 1, yi, zi + 1), c1 = h3(xi, yi + 1, zi + 1), d1 = h3(xi + 1, yi + 1, zi + 1)
    const e0 = a0 + (b0 - a0) * u, f0 = c0 + (d0 - c0) * u
    const e1 = a1 + (b1 - a1) * u, f1 = c1 + (d1 - c1) * u
    const g0 = e0 + (f0 - e0) * v, g1 = e1 + (f1 - e1) * v
    return g0 + (g1 - g0) * w
  }
  const fbm3 = (x: number, y: number, z: number, octaves: number) => {
    let sum = 0, amp = 1, norm = 0, f = 1
    for (let o = 0; o < octaves; o++) {
      // offset each octave so lattice points do not line up
      sum += amp * n3(x * f + o * 17.3, y * f - o * 9.1, z * f + o * 5.7)
      norm += amp
      amp *= 0.5
      f *= 2.03
    }
    return sum / norm
  }
  return { n2, n2p, n3, fbm3 }
}

/** Integer hash of a pixel coordinate to [0, 1): per-texel white noise without state. */
export function hash2(x: number, y: number, seed: number): number {
  let h = Math.imul(x | 0, 0x27d4eb2d) ^ Math.imul(y | 0, 0x165667b1) ^ Math.imul(seed | 0, 0x9e3779b1)
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b)
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35)
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296
}
