/**
 * The feature-map level of AEVis (Liu et al. 2018, Sec. 5.2): the critical maps of two datapaths
 * at one layer, split by membership into the maps only the first holds, the shared ones and the
 * maps only the second holds (a compact rectangular Euler diagram laid out as a treemap), with
 * many maps clustered by k-means so that a region stays readable.
 */

export interface MapSetRegions {
  onlyA: number[]
  shared: number[]
  onlyB: number[]
}

/** The three regions of two critical sets, each sorted by channel. */
export function splitMapSets(a: readonly number[], b: readonly number[]): MapSetRegions {
  const inA = new Set(a)
  const inB = new Set(b)
  const sorted = (xs: Iterable<number>) => [...new Set(xs)].sort((p, q) => p - q)
  return { onlyA: sorted(a).filter((c) => !inB.has(c)), shared: sorted(a).filter((c) => inB.has(c)), onlyB: sorted(b).filter((c) => !inA.has(c)) }
}

/** Jaccard similarity of two sets: |A ∩ B| / |A ∪ B| (1 for two empty sets). */
export function jaccard(a: readonly number[], b: readonly number[]): number {
  const { onlyA, shared, onlyB } = splitMapSets(a, b)
  const union = onlyA.length + shared.length + onlyB.length
  return union === 0 ? 1 : shared.length / union
}

export interface MapCluster {
  channels: number[]
  /** the members' mean of the value they are coloured by */
  mean: number
}

/**
 * Groups `channels` into at most `k` clusters by k-means on one value per channel (importance or
 * activation), deterministically: the initial centres are the values' quantiles, and ties keep
 * the lower cluster. With k ≥ the channel count, every channel is its own cluster.
 */
export function clusterMaps(channels: readonly number[], valueOf: (channel: number) => number, k: number, iterations = 50): MapCluster[] {
  if (channels.length === 0) return []
  const values = channels.map(valueOf)
  if (k >= channels.length) return channels.map((c, i) => ({ channels: [c], mean: values[i] })).sort((p, q) => q.mean - p.mean)
  const sorted = [...values].sort((p, q) => p - q)
  let centres = Array.from({ length: k }, (_, i) => sorted[Math.min(sorted.length - 1, Math.floor(((i + 0.5) * sorted.length) / k))])
  let assignment = new Int32Array(values.length)
  for (let it = 0; it < iterations; it++) {
    const next = new Int32Array(values.length)
    values.forEach((v, i) => {
      let best = 0
      for (let c = 1; c < k; c++) if (Math.abs(v - centres[c]) < Math.abs(v - centres[best])) best = c
      next[i] = best
    })
    const sums = new Float64Array(k), counts = new Int32Array(k)
    next.forEach((c, i) => ((sums[c] += values[i]), counts[c]++))
    const moved = centres.map((centre, c) => (counts[c] ? sums[c] / counts[c] : centre))
    const stable = next.every((c, i) => c === assignment[i]) && it > 0
    assignment = next
    centres = moved
    if (stable) break
  }
  const clusters = Array.from({ length: k }, (): MapCluster => ({ channels: [], mean: 0 }))
  assignment.forEach((c, i) => clusters[c].channels.push(channels[i]))
  return clusters
    .filter((c) => c.channels.length > 0)
    .map((c) => ({ channels: c.channels, mean: c.channels.reduce((a, ch) => a + valueOf(ch), 0) / c.channels.length }))
    .sort((p, q) => q.mean - p.mean)
}

/** How many stacked rectangles draw a cluster of `size` maps: log10(size) + 1, rounded down (AEVis, Sec. 5.2). */
export const stackedRectangles = (size: number) => Math.floor(Math.log10(Math.max(1, size))) + 1

/** Cells of a region laid out in a grid of `width` × `height` px: as square as the count allows. */
export function gridCells(count: number, width: number, height: number): { x: number; y: number; size: number }[] {
  if (count === 0 || width <= 0 || height <= 0) return []
  let columns = 1
  let size = 0
  for (let c = 1; c <= count; c++) {
    const fits = Math.min(width / c, height / Math.ceil(count / c))
    if (fits > size) (size = fits), (columns = c)
  }
  return Array.from({ length: count }, (_, i) => ({ x: (i % columns) * size, y: Math.floor(i / columns) * size, size }))
}
