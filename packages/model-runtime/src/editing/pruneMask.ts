/** A user's pruning range [r_l, r_u] ⊆ [0, 1], in magnitude percentiles; [0, 1] keeps everything. */
export type PruneRange = readonly [lower: number, upper: number]

export const FULL_PRUNE_RANGE: PruneRange = [0, 1]

/**
 * How the range bounds compare with a channel's rank n (0-based position in ascending magnitude order).
 * - `half-open` (default): keep iff r_l·O ≤ n < r_u·O. [0, 1] keeps every channel, [a, a] none, and
 *   [0, a] and [a, 1] split the channels without overlap or gap.
 * - `thesis-strict`: keep iff r_l·O < n < r_u·O, the thesis' Eq. 5.5 to the letter. It always drops
 *   the weakest channel (n = 0), even at [0, 1], so it is offered only for comparison.
 */
export type PruneBoundaries = 'half-open' | 'thesis-strict'

/** Throws a RangeError unless 0 ≤ r_l ≤ r_u ≤ 1. */
export function assertPruneRange(range: PruneRange, where = 'prune range'): void {
  const [lower, upper] = range
  if (!(Number.isFinite(lower) && Number.isFinite(upper) && lower >= 0 && upper <= 1 && lower <= upper)) {
    throw new RangeError(`${where}: expected [r_l, r_u] with 0 ≤ r_l ≤ r_u ≤ 1, got [${lower}, ${upper}].`)
  }
}

export const isFullPruneRange = (range: PruneRange) => range[0] <= 0 && range[1] >= 1

/**
 * s = argsort(m), ascending (thesis Eq. 5.4). Equal magnitudes keep their channel order, so the
 * ranking (and therefore the mask) is deterministic.
 */
export function argsortAscending(magnitudes: ArrayLike<number>): number[] {
  const order = Array.from({ length: magnitudes.length }, (_, i) => i)
  return order.sort((a, b) => magnitudes[a] - magnitudes[b] || a - b)
}

/**
 * The pruning mask p of thesis Eq. 5.5: `p[s_n] = 1` iff the rank n of output channel s_n lies in
 * the range (see {@link PruneBoundaries} for the comparison at the bounds), else 0.
 *
 * @param magnitudes m_o per output channel (any positive scaling of it gives the same mask).
 */
export function pruneMask(
  magnitudes: ArrayLike<number>,
  range: PruneRange,
  boundaries: PruneBoundaries = 'half-open',
): boolean[] {
  assertPruneRange(range)
  const count = magnitudes.length
  // r·O in binary floating point misses integers by an ulp (0.07 · 100 = 7.000000000000001); snap it
  const lower = snap(range[0] * count)
  const upper = snap(range[1] * count)
  const mask = new Array<boolean>(count).fill(false)
  argsortAscending(magnitudes).forEach((channel, n) => {
    const aboveLower = boundaries === 'half-open' ? n >= lower : n > lower
    mask[channel] = aboveLower && n < upper
  })
  return mask
}

const snap = (x: number) => Math.round(x * 1e9) / 1e9
