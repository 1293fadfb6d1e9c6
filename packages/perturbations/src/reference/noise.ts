/**
 * pcg3d (Jarzynski & Olano 2020) in uint32 arithmetic, bit-exact with the GLSL in
 * packages/perturbations/src/glsl/common.ts: Math.imul multiplies mod 2³², `>>> 0` wraps sums.
 */
export function pcg3d(x: number, y: number, z: number): [number, number, number] {
  x = (Math.imul(x, 1664525) + 1013904223) >>> 0
  y = (Math.imul(y, 1664525) + 1013904223) >>> 0
  z = (Math.imul(z, 1664525) + 1013904223) >>> 0
  x = (x + Math.imul(y, z)) >>> 0
  y = (y + Math.imul(z, x)) >>> 0
  z = (z + Math.imul(x, y)) >>> 0
  x = (x ^ (x >>> 16)) >>> 0
  y = (y ^ (y >>> 16)) >>> 0
  z = (z ^ (z >>> 16)) >>> 0
  x = (x + Math.imul(y, z)) >>> 0
  y = (y + Math.imul(z, x)) >>> 0
  z = (z + Math.imul(x, y)) >>> 0
  return [x, y, z]
}

/** Like the shader's hash3: the uint → float conversion rounds to float32 (fround), ×2⁻³² is exact. */
export function hash3(x: number, y: number, seed: number): [number, number, number] {
  return pcg3d(x, y, seed).map((v) => Math.fround(v) / 4294967296) as [number, number, number]
}

/** Box–Muller from hash3(pixel, seed·3 + channel), as the shader's `gaussian`; log/cos in float64. */
export function gaussian(x: number, y: number, seed: number, channel: number): number {
  const [u1, u2] = hash3(x, y, seed * 3 + channel)
  return Math.sqrt(-2 * Math.log(Math.max(u1, Math.fround(1e-7)))) * Math.cos(2 * Math.PI * u2)
}
