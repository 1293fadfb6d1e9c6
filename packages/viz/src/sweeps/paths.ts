import type { LinearScale } from './scale'

const point = (x: number, y: number) => `${+x.toFixed(2)},${+y.toFixed(2)}`

/** Runs of consecutive indices whose values are all finite: the pieces a missing value splits a curve into. */
export function finiteRuns(length: number, ...arrays: readonly ArrayLike<number>[]): [number, number][] {
  const runs: [number, number][] = []
  let start = -1
  for (let i = 0; i <= length; i++) {
    const ok = i < length && arrays.every((a) => Number.isFinite(a[i]))
    if (ok && start < 0) start = i
    if (!ok && start >= 0) {
      runs.push([start, i - 1])
      start = -1
    }
  }
  return runs
}

/**
 * SVG path data for a curve through (x[i], values[i]): one "M … L …" subpath per run of finite
 * values, so a NaN leaves a gap. A lone point between gaps becomes a zero-length "h0" segment,
 * which a round line cap draws as a dot instead of nothing.
 */
export function linePath(x: ArrayLike<number>, values: ArrayLike<number>, sx: LinearScale, sy: LinearScale): string {
  const n = Math.min(x.length, values.length)
  return finiteRuns(n, x, values)
    .map(([from, to]) => {
      const parts = [`M${point(sx(x[from]), sy(values[from]))}`]
      for (let i = from + 1; i <= to; i++) parts.push(`L${point(sx(x[i]), sy(values[i]))}`)
      if (from === to) parts.push('h0')
      return parts.join('')
    })
    .join('')
}

/** SVG path data for the area between `low` and `high`: one closed polygon per run where both are finite. */
export function bandPath(x: ArrayLike<number>, low: ArrayLike<number>, high: ArrayLike<number>, sx: LinearScale, sy: LinearScale): string {
  const n = Math.min(x.length, low.length, high.length)
  return finiteRuns(n, x, low, high)
    .map(([from, to]) => {
      const parts: string[] = []
      for (let i = from; i <= to; i++) parts.push(`${i === from ? 'M' : 'L'}${point(sx(x[i]), sy(high[i]))}`)
      for (let i = to; i >= from; i--) parts.push(`L${point(sx(x[i]), sy(low[i]))}`)
      return `${parts.join('')}Z`
    })
    .join('')
}
