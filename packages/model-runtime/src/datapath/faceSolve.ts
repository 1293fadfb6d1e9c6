/**
 * The linear algebra of the datapath QP (see `qp.ts`): the minimiser of eq. (5) over one face of
 * the box, where the Hessian λI + Σ_k q_k q_kᵀ only ever enters through its rank-K part.
 */

/**
 * Solves A x = b for a symmetric positive definite m×m A (row-major, overwritten by its Cholesky
 * factor); returns b, overwritten by x.
 */
export function choleskySolve(a: Float64Array, b: Float64Array, m: number): Float64Array {
  let largest = 0
  for (let i = 0; i < m; i++) largest = Math.max(largest, a[i * m + i])
  const floor = largest * 1e-15 || 1e-300
  for (let j = 0; j < m; j++) {
    let d = a[j * m + j]
    for (let k = 0; k < j; k++) d -= a[j * m + k] * a[j * m + k]
    // rounding can eat a tiny λ off a nearly singular Gram matrix: keep the factor finite
    const l = Math.sqrt(Math.max(d, floor))
    a[j * m + j] = l
    for (let i = j + 1; i < m; i++) {
      let v = a[i * m + j]
      for (let k = 0; k < j; k++) v -= a[i * m + k] * a[j * m + k]
      a[i * m + j] = v / l
    }
  }
  for (let i = 0; i < m; i++) {
    let v = b[i]
    for (let k = 0; k < i; k++) v -= a[i * m + k] * b[k]
    b[i] = v / a[i * m + i]
  }
  for (let i = m - 1; i >= 0; i--) {
    let v = b[i]
    for (let k = i + 1; k < m; k++) v -= a[k * m + i] * b[k]
    b[i] = v / a[i * m + i]
  }
  return b
}

/**
 * The minimiser over the maps `free` with the others fixed: argmin ‖r − V z_F‖² + λ‖z_F‖², V the
 * K×|F| block of the contributions `u` (row-major K×n) and r each frame's score less the fixed
 * maps' share; and y = (r − V z_F)/λ, each frame's score still lost there over λ, which gives
 * z_F = Vᵀy. As y = (VVᵀ + λI)⁻¹r when K ≤ |F| (Woodbury's push-through: a K×K system), else
 * through z_F = (VᵀV + λI)⁻¹Vᵀr.
 */
export function faceSolve(u: Float64Array, n: number, K: number, free: Int32Array, r: Float64Array, lambda: number, frameGram?: FrameGram): { zF: Float64Array; y: Float64Array } {
  const m = free.length
  if (m === 0) return { zF: new Float64Array(0), y: r.map((v) => v / lambda) }
  const at = (k: number, i: number) => u[k * n + free[i]]
  if (K <= m) {
    const gram = frameGram ? frameGram.copy() : new FrameGram(u, n, K, lambda, free).copy()
    const y = choleskySolve(gram, Float64Array.from(r), K)
    const zF = new Float64Array(m)
    for (let k = 0; k < K; k++) for (let i = 0; i < m; i++) zF[i] += at(k, i) * y[k]
    return { zF, y }
  }
  const gram = new Float64Array(m * m)
  const rhs = new Float64Array(m)
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < K; k++) rhs[i] += at(k, i) * r[k]
    for (let l = i; l < m; l++) {
      let v = 0
      for (let k = 0; k < K; k++) v += at(k, i) * at(k, l)
      gram[i * m + l] = gram[l * m + i] = v + (i === l ? lambda : 0)
    }
  }
  const zF = choleskySolve(gram, rhs, m)
  const y = Float64Array.from(r)
  for (let k = 0; k < K; k++) {
    for (let i = 0; i < m; i++) y[k] -= at(k, i) * zF[i]
    y[k] /= lambda
  }
  return { zF, y }
}

/**
 * VVᵀ + λI (K×K) for a set of free maps, kept up to date as maps join and leave the set (O(K²)
 * each instead of O(|F|K²) per solve), and rebuilt now and then so that rounding cannot pile up.
 */
export class FrameGram {
  private readonly gram: Float64Array
  private updates = 0

  constructor(
    private readonly u: Float64Array,
    private readonly n: number,
    private readonly K: number,
    private readonly lambda: number,
    free: Iterable<number>,
  ) {
    this.gram = new Float64Array(K * K)
    this.rebuild(free)
  }

  rebuild(free: Iterable<number>) {
    const { u, n, K, gram } = this
    gram.fill(0)
    for (let k = 0; k < K; k++) gram[k * K + k] = this.lambda
    for (const j of free) this.addMap(j, 1)
    this.updates = 0
  }

  /** Map j joins (+1) or leaves (−1) the free set; `free` is the set after the change, for the rebuilds. */
  change(j: number, sign: 1 | -1, free: () => Iterable<number>) {
    if (++this.updates >= 64) this.rebuild(free())
    else this.addMap(j, sign)
  }

  copy(): Float64Array {
    return Float64Array.from(this.gram)
  }

  private addMap(j: number, sign: number) {
    const { u, n, K, gram } = this
    for (let a = 0; a < K; a++) {
      const ua = sign * u[a * n + j]
      if (ua === 0) continue
      for (let b = 0; b < K; b++) gram[a * K + b] += ua * u[b * n + j]
    }
  }
}
