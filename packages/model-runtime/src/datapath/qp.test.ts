import { describe, expect, it } from 'vitest'
import { datapathLambda, kktResidual, qpObjective, solveDatapathQp, solveFrameSet, solveSingleFrame } from './qp'

/** mulberry32: seeded, so every instance is reproducible. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Contributions as a layer has them: many small of either sign, a few large (mostly positive). */
function contributions(rand: () => number, n: number, scale = 1): Float64Array {
  return Float64Array.from({ length: n }, () => {
    const big = rand() < 0.1
    return scale * (big ? 2 + 4 * rand() : (rand() - 0.5) * 0.6) * (big && rand() < 0.2 ? -1 : 1)
  })
}

/** Solves a small dense system by Gaussian elimination with partial pivoting. */
function denseSolve(a: number[][], b: number[]): number[] {
  const m = b.length
  const A = a.map((row, i) => [...row, b[i]])
  for (let c = 0; c < m; c++) {
    let p = c
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r
    ;[A[c], A[p]] = [A[p], A[c]]
    for (let r = c + 1; r < m; r++) {
      const f = A[r][c] / A[c][c]
      for (let k = c; k <= m; k++) A[r][k] -= f * A[c][k]
    }
  }
  const x = new Array<number>(m).fill(0)
  for (let r = m - 1; r >= 0; r--) {
    let v = A[r][m]
    for (let k = r + 1; k < m; k++) v -= A[r][k] * x[k]
    x[r] = v / A[r][r]
  }
  return x
}

/**
 * The reference: eq. (5) written out densely, Q = Σ q_k q_kᵀ + λI and b = Σ s_k q_k, minimised by
 * trying every assignment of the maps to {0, 1, free} (3ⁿ faces), solving each face's linear
 * system and keeping the best point inside the box.
 */
function enumerate(frames: Float64Array[], lambda: number): { z: number[]; value: number } {
  const n = frames[0].length
  const Q = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => frames.reduce((v, q) => v + q[i] * q[j], i === j ? lambda : 0)))
  const b = Array.from({ length: n }, (_, j) => frames.reduce((v, q) => v + q.reduce((a, x) => a + x, 0) * q[j], 0))
  const f = (z: number[]) => z.reduce((v, zi, i) => v + zi * z.reduce((w, zj, j) => w + Q[i][j] * zj, 0) - 2 * b[i] * zi, 0)
  let best = { z: [] as number[], value: Infinity }
  for (let code = 0; code < 3 ** n; code++) {
    const kind = Array.from({ length: n }, (_, j) => Math.floor(code / 3 ** j) % 3) // 0, 1, 2 = free
    const free = kind.map((k, j) => (k === 2 ? j : -1)).filter((j) => j >= 0)
    const z: number[] = kind.map((k) => (k === 1 ? 1 : 0))
    if (free.length) {
      const rhs = free.map((i) => b[i] - kind.reduce((v, k, j) => v + (k === 1 ? Q[i][j] : 0), 0))
      denseSolve(free.map((i) => free.map((j) => Q[i][j])), rhs).forEach((v, i) => (z[free[i]] = v))
    }
    if (z.every((v) => v >= -1e-12 && v <= 1 + 1e-12) && f(z) < best.value) best = { z, value: f(z) }
  }
  return best
}

const sumsq = (frames: Float64Array[]) => frames.reduce((v, q) => v + q.reduce((a, x) => a + x, 0) ** 2, 0)

describe('the datapath QP (AEVis eq. (5))', () => {
  it('λ is 0.1/n²', () => {
    expect(datapathLambda(10)).toBeCloseTo(0.001, 15)
    expect(datapathLambda(512)).toBe(0.1 / 262144)
  })

  it('two frames by hand: Q = q₁q₁ᵀ + q₂q₂ᵀ, linear term s₁q₁ + s₂q₂, interior and at a bound', () => {
    const lambda = datapathLambda(2) // 0.025
    // q₁ = (2, 1), q₂ = (1, −1): Q + λI = [[5.025, 1], [1, 2.025]], b = 3·q₁ + 0·q₂ = (6, 3)
    const interior = solveFrameSet([[2, 1], [1, -1]], lambda)
    const det = 5.025 * 2.025 - 1
    expect(interior.z[0]).toBeCloseTo((6 * 2.025 - 3) / det, 12)
    expect(interior.z[1]).toBeCloseTo((5.025 * 3 - 6) / det, 12)
    // q₁ = (3, 1), q₂ = (1, 1): the unconstrained z₁ = 4.35/4.300625 > 1, so z₁ = 1 and 2.025·z₂ = 6 − 4·1
    const bound = solveFrameSet([[3, 1], [1, 1]], lambda)
    expect(bound.z[0]).toBe(1)
    expect(bound.z[1]).toBeCloseTo(2 / 2.025, 12)
    // … where the gradient 2((Q + λI)z − b) still pushes z₁ up, out of the box: a KKT point
    expect(10.025 * 1 + 4 * bound.z[1] - 14).toBeLessThan(0)
    for (const s of [interior, bound]) expect(s.kkt).toBeLessThan(1e-12)
  })

  it('matches the enumeration of every face on small random instances, one frame or several', () => {
    const rand = random(11)
    for (let t = 0; t < 60; t++) {
      const n = 1 + (t % 5)
      const K = 1 + (t % 3)
      const frames = Array.from({ length: K }, () => contributions(rand, n))
      const lambda = t % 2 ? datapathLambda(n) : 0.5 * rand() + 0.01
      const reference = enumerate(frames, lambda)
      const solved = K === 1 ? solveSingleFrame(frames[0], lambda) : solveFrameSet(frames, lambda)
      // eq. (5)'s value is the objective less the constant Σ s_k²
      expect(solved.objective - sumsq(frames)).toBeCloseTo(reference.value, 9)
      solved.z.forEach((v, j) => expect(v).toBeCloseTo(reference.z[j], 6))
    }
  })

  it('one frame: the breakpoint search and the active-set methods give the same minimiser', () => {
    const rand = random(5)
    for (const n of [1, 7, 64, 300, 1024]) {
      for (const scale of [0.01, 1, 30]) {
        const q = contributions(rand, n, scale)
        const lambda = datapathLambda(n)
        const exact = solveSingleFrame(q, lambda)
        const newton = solveFrameSet([q], lambda)
        expect(exact.method).toBe('breakpoints')
        expect(newton.method).toBe('active-set')
        for (let j = 0; j < n; j++) expect(Math.abs(exact.z[j] - newton.z[j])).toBeLessThan(1e-7)
        expect(Math.abs(exact.objective - newton.objective)).toBeLessThanOrEqual(1e-10 * Math.max(1, exact.objective))
        expect(kktResidual([q], lambda, exact.z)).toBeLessThan(1e-12)
        expect(kktResidual([q], lambda, newton.z)).toBeLessThan(1e-12)
      }
    }
  })

  it('on random frame sets the solution is in the box and satisfies the KKT conditions; no nearby point in the box does better', () => {
    const rand = random(23)
    for (const [K, n] of [[2, 16], [3, 64], [8, 200], [40, 30], [20, 512], [64, 128]]) {
      const frames = Array.from({ length: K }, () => contributions(rand, n, 0.1 + 5 * rand()))
      const lambda = datapathLambda(n)
      const solution = solveDatapathQp(frames, lambda)
      expect(solution.z.every((v) => v >= 0 && v <= 1)).toBe(true)
      // checked from scratch, not from the solver's own report
      expect(kktResidual(frames, lambda, solution.z)).toBeLessThan(1e-12)
      expect(solution.objective).toBeCloseTo(qpObjective(frames, lambda, solution.z), 8)
      for (let trial = 0; trial < 20; trial++) {
        const moved = solution.z.map((v) => Math.min(1, Math.max(0, v + (rand() - 0.5) * 0.02)))
        expect(qpObjective(frames, lambda, moved)).toBeGreaterThanOrEqual(solution.objective - 1e-9 * Math.max(1, solution.objective))
      }
    }
  })

  it('maps that carry the score get large z (in proportion to their share, at most 1), maps that push against it 0', () => {
    // s = 3.65: map 0 at 1 keeps 3; the rest of the score is spread ∝ q_j over the other positive maps
    const q = [3, 0.1, -0.5, 0.05, 1]
    const { z } = solveSingleFrame(q, datapathLambda(q.length))
    expect(z[0]).toBe(1)
    expect(z[2]).toBe(0)
    const c = 0.65 / (0.01 + 0.0025 + 1)
    expect(z[4]).toBeCloseTo(c, 2)
    expect(z[1]).toBeCloseTo(0.1 * c, 2)
    // a map whose contribution exceeds the score only needs z = s/q_j to keep it
    expect(solveSingleFrame([5, 0.1, -2], datapathLambda(3)).z[0]).toBeCloseTo(3.1 / 5, 2)
  })

  it('zero contributions give z = 0; bad input is refused, saying why', () => {
    expect(Array.from(solveSingleFrame([0, 0, 0], 0.1).z)).toEqual([0, 0, 0])
    expect(Array.from(solveFrameSet([[0, 0], [0, 0]], 0.1).z)).toEqual([0, 0])
    expect(() => solveFrameSet([[1, 2], [1]], 0.1)).toThrow('frame 1 has 1 contributions, frame 0 has 2')
    expect(() => solveSingleFrame([1, Number.NaN], 0.1)).toThrow('not a finite number')
    expect(() => solveSingleFrame([1], 0)).toThrow('λ must be a positive number')
    expect(() => solveDatapathQp([], 0.1)).toThrow('no frames')
  })
})
