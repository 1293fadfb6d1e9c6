/**
 * The datapath QP of one layer (AEVis, Liu et al. 2018, Sec. 4.2.2, eq. (5)) as a problem: its
 * data, objective, gradient and KKT residual, shared by the solvers in `qp.ts`. For frames k with
 * contributions q_k ∈ ℝⁿ and sums s_k, the objective is Σ_k (s_k − q_k·z)² + λ‖z‖², eq. (5) plus
 * the constant Σ_k s_k².
 */

/** Contributions of one layer: one vector of n values per frame. */
export type FrameContributions = readonly ArrayLike<number>[]

export interface QpSolution {
  /** The minimiser, z_j ∈ [0, 1] per map. */
  z: Float64Array
  /** Σ_k (s_k − q_k·z)² + λ‖z‖²: eq. (5)'s value plus Σ_k s_k², so never negative. */
  objective: number
  /** The KKT residual of `z` ({@link kktResidual}): 0 at the exact minimiser. */
  kkt: number
  iterations: number
  method: 'breakpoints' | 'active-set'
}

export interface SolverOptions {
  /** Free no bound map whose outward gradient is below this times its rounding scale (default 64ε; see {@link kktResidual}). */
  tolerance?: number
  /** Active-set steps per stage (default 50 + 4n); a few are typical. */
  maxIterations?: number
}

/** AEVis' λ for a layer of n maps: 0.1/n², which keeps the two terms of eq. (5) on one scale. */
export const datapathLambda = (n: number): number => 0.1 / (n * n)

export const clip01 = (v: number) => (v <= 0 ? 0 : v >= 1 ? 1 : v)

/** The frames as one row-major K×n array, and each frame's sum s_k. */
export function pack(frames: FrameContributions): { u: Float64Array; s: Float64Array; K: number; n: number } {
  const K = frames.length
  const n = K ? frames[0].length : 0
  const u = new Float64Array(K * n)
  const s = new Float64Array(K)
  frames.forEach((q, k) => {
    if (q.length !== n) throw new Error(`Datapath QP: frame ${k} has ${q.length} contributions, frame 0 has ${n}.`)
    for (let j = 0; j < n; j++) {
      if (!Number.isFinite(q[j])) throw new Error(`Datapath QP: contribution ${j} of frame ${k} is ${q[j]}, not a finite number.`)
      u[k * n + j] = q[j]
      s[k] += q[j]
    }
  })
  return { u, s, K, n }
}

/** Each frame's residual s_k − q_k·z. */
export function residuals(u: Float64Array, s: Float64Array, n: number, z: ArrayLike<number>): Float64Array {
  const r = Float64Array.from(s)
  for (let k = 0; k < s.length; k++) for (let j = 0; j < n; j++) r[k] -= u[k * n + j] * z[j]
  return r
}

/** Half of the objective's gradient: λz − Σ_k q_k (s_k − q_k·z). */
export function halfGradient(u: Float64Array, s: Float64Array, n: number, lambda: number, z: ArrayLike<number>): Float64Array {
  const r = residuals(u, s, n, z)
  const g = new Float64Array(n)
  for (let j = 0; j < n; j++) g[j] = lambda * z[j]
  for (let k = 0; k < s.length; k++) for (let j = 0; j < n; j++) g[j] -= u[k * n + j] * r[k]
  return g
}

export function objectiveOf(u: Float64Array, s: Float64Array, n: number, lambda: number, z: ArrayLike<number>): number {
  let value = 0
  for (const r of residuals(u, s, n, z)) value += r * r
  for (let j = 0; j < n; j++) value += lambda * z[j] * z[j]
  return value
}

/** Σ_k (s_k − q_k·z)² + λ‖z‖² (eq. (5) plus the constant Σ_k s_k²). */
export function qpObjective(frames: FrameContributions, lambda: number, z: ArrayLike<number>): number {
  const { u, s, n } = pack(frames)
  return objectiveOf(u, s, n, lambda, z)
}

/**
 * The size of the terms each map's gradient λz_j − Σ_k q_kj·r_k is summed from: its rounding
 * error is a few ε times this, so a gradient is measured against it.
 */
export function gradientMagnitudes(u: Float64Array, s: Float64Array, n: number, lambda: number, z: ArrayLike<number>): Float64Array {
  const K = s.length
  const terms = Float64Array.from(s, Math.abs)
  for (let k = 0; k < K; k++) for (let j = 0; j < n; j++) terms[k] += Math.abs(u[k * n + j] * z[j])
  const m = Float64Array.from({ length: n }, (_, j) => lambda * Math.abs(z[j]) || Number.MIN_VALUE)
  for (let k = 0; k < K; k++) for (let j = 0; j < n; j++) m[j] += Math.abs(u[k * n + j]) * terms[k]
  return m
}

/** The part of a map's gradient the box does not excuse: all of it inside, the outward part at a bound. */
export const projected = (g: number, z: number) => (z <= 0 ? Math.min(g, 0) : z >= 1 ? Math.max(g, 0) : g)

export function kktOf(g: Float64Array, z: ArrayLike<number>, magnitudes: Float64Array): number {
  let worst = 0
  for (let j = 0; j < g.length; j++) worst = Math.max(worst, Math.abs(projected(g[j], z[j])) / magnitudes[j], -z[j], z[j] - 1)
  return worst
}

/**
 * How far `z` is from the KKT conditions of the QP (gradient 0 inside the box, pointing out of it
 * at a bound, z in the box): the largest violating gradient entry relative to the terms it is
 * summed from (so rounding alone gives ~1e-16·n, whatever the scale of the contributions), or the
 * most z leaves [0, 1]. 0 at the exact minimiser.
 */
export function kktResidual(frames: FrameContributions, lambda: number, z: ArrayLike<number>): number {
  const { u, s, n } = pack(frames)
  return kktOf(halfGradient(u, s, n, lambda, z), z, gradientMagnitudes(u, s, n, lambda, z))
}

export function assertLambda(lambda: number) {
  if (!(lambda > 0 && Number.isFinite(lambda))) throw new Error(`Datapath QP: λ must be a positive number (got ${lambda}).`)
}
