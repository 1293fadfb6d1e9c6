/** A linear map from a data interval onto a pixel interval, and back. */
export interface LinearScale {
  (value: number): number
  invert(pixel: number): number
  readonly domain: readonly [number, number]
  readonly range: readonly [number, number]
}

export function linearScale(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  const [d0, d1] = domain
  const [r0, r1] = range
  // a zero-width domain would divide by zero: map it onto the range's middle
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0)
  const scale = ((value: number) => (k === 0 ? (r0 + r1) / 2 : r0 + (value - d0) * k)) as LinearScale
  scale.invert = (pixel: number) => (k === 0 ? d0 : d0 + (pixel - r0) / k)
  return Object.assign(scale, { domain: [d0, d1] as const, range: [r0, r1] as const })
}

const E10 = Math.sqrt(50)
const E5 = Math.sqrt(10)
const E2 = Math.sqrt(2)

/**
 * Round tick values (1, 2 or 5 × 10ᵏ apart, as d3's `ticks`) inside [min, max], about `count` of
 * them: `niceTicks(0, 1, 5)` → 0, 0.2, …, 1; `niceTicks(-70, 70, 5)` → −60, −40, …, 60.
 */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || !(count > 0)) return []
  if (min === max) return [min]
  const reverse = max < min
  const [lo, hi] = reverse ? [max, min] : [min, max]
  const step = (hi - lo) / count
  const power = Math.floor(Math.log10(step))
  const error = step / 10 ** power
  const factor = error >= E10 ? 10 : error >= E5 ? 5 : error >= E2 ? 2 : 1
  // Below 1 the ticks are i / inverse, not i × step: 3 × 0.2 is 0.6000000000000001, 3 / 5 is 0.6.
  // The relative slack keeps a round end that arrives as 3.0000000000000004 steps.
  const inverse = power < 0 ? 10 ** -power / factor : 0
  const scaled = (v: number) => (inverse ? v * inverse : v / (factor * 10 ** power))
  const first = Math.ceil(scaled(lo) - 1e-9 * Math.abs(scaled(lo)))
  const last = Math.floor(scaled(hi) + 1e-9 * Math.abs(scaled(hi)))
  const ticks: number[] = []
  // + 0 turns the −0 of Math.ceil(−0.25) into 0
  for (let i = first; i <= last; i++) ticks.push((inverse ? i / inverse : i * factor * 10 ** power) + 0)
  return reverse ? ticks.reverse() : ticks
}

/** The smallest and largest finite value over all `arrays`, or undefined when there is none. */
export function finiteExtent(...arrays: readonly (ArrayLike<number> | undefined)[]): [number, number] | undefined {
  let lo = Infinity
  let hi = -Infinity
  for (const array of arrays) {
    if (!array) continue
    for (let i = 0; i < array.length; i++) {
      const v = array[i]
      // NaN fails the comparisons anyway; one ±Infinity would squash every other value into a dot
      if (!Number.isFinite(v)) continue
      if (v < lo) lo = v
      if (v > hi) hi = v
    }
  }
  return lo <= hi ? [lo, hi] : undefined
}

/**
 * Widens [lo, hi] by `fraction` of its span on each side. A zero span (a constant series) is
 * widened by 10% of the value, or by 1 around 0, so that there is always an axis to draw.
 */
export function padDomain([lo, hi]: readonly [number, number], fraction = 0.05): [number, number] {
  if (hi === lo) {
    const pad = Math.abs(lo) * 0.1 || 1
    return [lo - pad, hi + pad]
  }
  const pad = (hi - lo) * fraction
  return [lo - pad, hi + pad]
}

/** Index of the sample in ascending `xs` nearest to `value` (the lower one on a tie); −1 when there is none. */
export function nearestIndex(xs: ArrayLike<number>, value: number): number {
  if (xs.length === 0 || Number.isNaN(value)) return -1
  let lo = 0
  let hi = xs.length - 1
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (xs[mid] <= value) lo = mid
    else hi = mid
  }
  return Math.abs(value - xs[lo]) <= Math.abs(xs[hi] - value) ? lo : hi
}

/**
 * Where `value` falls among ascending samples, in (fractional) sample indices: 1.5 is half-way
 * between `xs[1]` and `xs[2]`. Places round ticks on a grid of cells whose values are not round
 * (10 yaws from −70 to 70), even unevenly spaced. Undefined outside [xs[0], xs[n−1]].
 */
export function fractionalIndex(xs: ArrayLike<number>, value: number): number | undefined {
  const n = xs.length
  if (n === 0 || !(value >= xs[0] && value <= xs[n - 1])) return undefined
  if (n === 1) return 0
  let i = 0
  while (i < n - 2 && xs[i + 1] < value) i++
  const span = xs[i + 1] - xs[i]
  return span > 0 ? i + (value - xs[i]) / span : i
}

/** A number for a label: integers as they are, others to 3 significant digits without trailing zeros. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? '–' : String(value)
  if (Number.isInteger(value)) return String(value)
  return String(Number(value.toPrecision(3)))
}
