/**
 * AEVis' quadratic program for the critical feature maps of one layer (Liu et al. 2018, Sec. 4.2.2):
 * for frames k = 1..K with contributions q_k ∈ ℝⁿ (q_kj = a_j · ∂p/∂a_j on frame k) and s_k = Σ_j q_kj,
 *
 *   min over z ∈ [0, 1]ⁿ of  zᵀ(Σ_k q_k q_kᵀ + λI)z − 2 Σ_k s_k q_k·z,           (eq. (5), summed form)
 *
 * which is Σ_k (s_k − q_k·z)² + λ‖z‖² less the constant Σ_k s_k²: the linearised loss of the class
 * score when only the maps with z_j = 1 are kept, plus the size penalty. Strictly convex (λ > 0),
 * so its KKT point is the unique minimiser. One frame (K = 1) is solved exactly by a breakpoint
 * search; a set by active-set methods whose face problems see the Hessian λI + Σ q_k q_kᵀ only
 * through its rank-K part. Pure functions on plain arrays, no TF.js.
 */

import { FrameGram, faceSolve } from './faceSolve'
import { assertLambda, clip01, gradientMagnitudes, halfGradient, kktOf, objectiveOf, pack, projected, residuals, type FrameContributions, type QpSolution, type SolverOptions } from './qpProblem'

export { datapathLambda, kktResidual, qpObjective, type FrameContributions, type QpSolution, type SolverOptions } from './qpProblem'

/**
 * Eq. (5) for one frame, exactly. With Q = qqᵀ the KKT conditions read z_j = clip(q_j·t/λ, 0, 1)
 * with t = s − q·z, the linearised score lost; t is the root of
 * φ(t) = t + Σ_j q_j·clip(q_j·t/λ, 0, 1) − s, which is piecewise linear and strictly increasing
 * (slope ≥ 1) with breakpoints at 0 and λ/q_j. A binary search finds the piece holding the root,
 * where it solves one linear equation.
 */
export function solveSingleFrame(q: ArrayLike<number>, lambda: number): QpSolution {
  assertLambda(lambda)
  const { u, s: sums, n } = pack([q])
  const s = sums[0]
  const phi = (t: number) => {
    let v = t - s
    for (let j = 0; j < n; j++) v += u[j] * clip01((u[j] * t) / lambda)
    return v
  }
  const breakpoints = [0]
  for (let j = 0; j < n; j++) if (u[j] !== 0) breakpoints.push(lambda / u[j])
  breakpoints.sort((a, b) => a - b)
  // the last breakpoint where φ ≤ 0 (−1: the root lies before the first)
  let lo = -1
  let hi = breakpoints.length
  let iterations = 0
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    iterations++
    if (phi(breakpoints[mid]) <= 0) lo = mid
    else hi = mid
  }
  // a point inside the piece: which maps are at 0, at 1 or in between there
  const inside = lo < 0 ? breakpoints[0] - 1 : lo === breakpoints.length - 1 ? breakpoints[lo] + 1 : (breakpoints[lo] + breakpoints[lo + 1]) / 2
  let slope = 1
  let saturated = 0
  for (let j = 0; j < n; j++) {
    const v = (u[j] * inside) / lambda
    if (v >= 1) saturated += u[j]
    else if (v > 0) slope += (u[j] * u[j]) / lambda
  }
  const t = (s - saturated) / slope
  const z = new Float64Array(n)
  for (let j = 0; j < n; j++) z[j] = clip01((u[j] * t) / lambda)
  const kkt = kktOf(halfGradient(u, sums, n, lambda, z), z, gradientMagnitudes(u, sums, n, lambda, z))
  return { z, objective: objectiveOf(u, sums, n, lambda, z), kkt, iterations, method: 'breakpoints' }
}

/** Each map's kind on a face: at 0, at 1, or free. */
const AT_0 = 0
const AT_1 = 1
const FREE = 2

/** Each frame's score less the share of the maps held at 1. */
function scoreLeft(u: Float64Array, s: Float64Array, n: number, kind: Int8Array): Float64Array {
  const r = Float64Array.from(s)
  for (let k = 0; k < s.length; k++) for (let j = 0; j < n; j++) if (kind[j] === AT_1) r[k] -= u[k * n + j]
  return r
}

const freeMaps = (kind: Int8Array) => Int32Array.from(kind.keys()).filter((j) => kind[j] === FREE)

/**
 * Primal-dual active set steps (Hintermüller, Ito & Kunisch 2002, with c = λ), a semismooth Newton
 * method on the KKT conditions z_j = clip(Σ_k q_kj·y_k, 0, 1), y_k = (s_k − q_k·z)/λ: each map
 * goes to 0 or 1 where y puts it outside the box, the others to the minimiser of that face, which
 * gives the next y. Returns the last y and whether it reached a fixed point (then the solution);
 * full steps can cycle, so at most `steps` of them.
 */
function primalDualActiveSet(u: Float64Array, s: Float64Array, n: number, lambda: number, start: Float64Array, steps: number) {
  const K = s.length
  let y = start
  let previous = ''
  for (let step = 0; step < steps; step++) {
    const kind = Int8Array.from(combine(u, n, y), (v) => (v >= 1 ? AT_1 : v <= 0 ? AT_0 : FREE))
    const key = kind.join('')
    if (key === previous) return { y, converged: true, steps: step }
    previous = key
    y = faceSolve(u, n, K, freeMaps(kind), scoreLeft(u, s, n, kind), lambda).y
  }
  return { y, converged: false, steps }
}

/** Σ_k q_kj·y_k for every map j. */
function combine(u: Float64Array, n: number, y: ArrayLike<number>): Float64Array {
  const out = new Float64Array(n)
  for (let k = 0; k < y.length; k++) for (let j = 0; j < n; j++) out[j] += u[k * n + j] * y[k]
  return out
}

/**
 * A primal active-set method for bounded least squares (Stark & Parker's BVLS) from a point in the
 * box: the free maps move to the minimiser of their face, or as far towards it as the box allows
 * (maps reaching a bound join it); once there, the bound map whose gradient points out of the box
 * most (beyond `tolerance` times its rounding scale) is freed, and so on until none is left. The
 * objective falls with every change of face, so no face comes back and the method ends, at the
 * face minimiser of the solution's face: exact up to rounding.
 */
function activeSet(u: Float64Array, s: Float64Array, n: number, lambda: number, start: Float64Array, maxIterations: number, tolerance: number) {
  const K = s.length
  const z = Float64Array.from(start)
  const kind = Int8Array.from(z, (v) => (v <= 0 ? AT_0 : v >= 1 ? AT_1 : FREE))
  const gram = new FrameGram(u, n, K, lambda, freeMaps(kind))
  const setKind = (j: number, to: number) => {
    if ((kind[j] === FREE) !== (to === FREE)) {
      kind[j] = to
      gram.change(j, to === FREE ? 1 : -1, () => freeMaps(kind))
    } else kind[j] = to
  }
  let iterations = 0
  let freed = -1
  while (iterations < maxIterations) {
    iterations++
    const before = Float64Array.from(z)
    for (;;) {
      const free = freeMaps(kind)
      if (!free.length) break
      const target = faceSolve(u, n, K, free, scoreLeft(u, s, n, kind), lambda, gram).zF
      // the face is convex with its minimiser at step 1: every shorter step descends too
      const reach = Float64Array.from(free, (j, i) => (target[i] < 0 ? z[j] / (z[j] - target[i]) : target[i] > 1 ? (1 - z[j]) / (target[i] - z[j]) : Infinity))
      const step = Math.min(1, ...reach)
      free.forEach((j, i) => {
        if (reach[i] <= step) {
          setKind(j, target[i] < 0 ? AT_0 : AT_1)
          z[j] = kind[j]
        } else z[j] = step === 1 ? target[i] : clip01(z[j] + step * (target[i] - z[j]))
      })
      if (step === 1) break
    }
    // the map freed last went straight back: no progress left at working precision
    if (freed >= 0 && kind[freed] !== FREE && z.every((v, j) => v === before[j])) break
    const g = halfGradient(u, s, n, lambda, z)
    const magnitudes = gradientMagnitudes(u, s, n, lambda, z)
    let worst = 0
    freed = -1
    for (let j = 0; j < n; j++) {
      const out = kind[j] === FREE ? 0 : Math.abs(projected(g[j], z[j]))
      if (out > tolerance * magnitudes[j] && out > worst) [worst, freed] = [out, j]
    }
    if (freed < 0) break
    setKind(freed, FREE)
  }
  return { z, iterations }
}

/**
 * Eq. (5) in its summed form for a set of frames (the paragraph after eq. (5)): Q = Σ_k q_k q_kᵀ,
 * linear term Σ_k s_k q_k. Primal-dual active set steps find the solution's face in a few steps
 * from a good start, so they follow the solution from a λ large enough that maps barely leave 0
 * down to the target λ, 16× smaller at a time: z depends on y alone, and each stage's y starts the
 * next. Where the steps cycle, and always at the target λ, the primal active-set method (finite)
 * finishes: it ends at the exact minimiser of the solution's face, checking every bound map.
 * Face problems are K×K systems (|F|×|F| when fewer maps are free).
 */
export function solveFrameSet(frames: FrameContributions, lambda: number, options: SolverOptions = {}): QpSolution {
  assertLambda(lambda)
  const { u, s, K, n } = pack(frames)
  const tolerance = options.tolerance ?? 64 * Number.EPSILON
  const maxIterations = options.maxIterations ?? 50 + 4 * n
  let largest = 0
  for (const v of combine(u, n, s)) largest = Math.max(largest, v)
  let y: Float64Array = new Float64Array(K)
  let z: Float64Array = new Float64Array(n)
  let iterations = 0
  for (let stage = Math.max(lambda, largest); ; stage = Math.max(lambda, stage / 16)) {
    const newton = primalDualActiveSet(u, s, n, stage, y, 50)
    iterations += newton.steps
    z = combine(u, n, newton.y).map(clip01)
    y = newton.y
    if (!newton.converged || stage === lambda) {
      const finished = activeSet(u, s, n, stage, z, maxIterations, tolerance)
      iterations += finished.iterations
      z = finished.z
      y = residuals(u, s, n, z).map((v) => v / stage)
    }
    if (stage === lambda) break
  }
  const kkt = kktOf(halfGradient(u, s, n, lambda, z), z, gradientMagnitudes(u, s, n, lambda, z))
  return { z, objective: objectiveOf(u, s, n, lambda, z), kkt, iterations, method: 'active-set' }
}

/** Eq. (5) for one frame ({@link solveSingleFrame}) or its summed form for several ({@link solveFrameSet}). */
export function solveDatapathQp(frames: FrameContributions, lambda: number): QpSolution {
  if (frames.length === 0) throw new Error('Datapath QP: no frames.')
  return frames.length === 1 ? solveSingleFrame(frames[0], lambda) : solveFrameSet(frames, lambda)
}
