/**
 * Wrapping a long network's layers into rows without cutting its building blocks apart: AEVis'
 * segmented DAG (Liu et al. 2018, eq. (6)), a "printing neatly" problem solved by dynamic
 * programming. The cost of a segmentation is the empty space at the end of every row but the
 * last, plus λ for every row break that falls inside a building block.
 */

/** One layer (or layer group) in topological order. */
export interface SegmentNode {
  /** width in the row, in the same unit as the row width */
  width: number
  /** nodes of one building block (a residual block, an Inception module) share an id; undefined: none */
  block?: string
}

export interface Segmentation {
  /** per row, the nodes [start, end) */
  rows: [number, number][]
  /** Σ empty space of all rows but the last, + λ · breaks inside a block */
  cost: number
  /** how many row breaks fall inside a block */
  blockCuts: number
}

/**
 * The cheapest rows for `nodes` in rows of `rowWidth` with `gap` between nodes. A node wider than
 * a row gets a row of its own (its overflow is not counted as negative space). O(n²).
 */
export function segmentLayers(nodes: readonly SegmentNode[], rowWidth: number, lambda: number, gap = 0): Segmentation {
  const n = nodes.length
  if (n === 0) return { rows: [], cost: 0, blockCuts: 0 }
  // best[i]: the cheapest cost of laying out nodes [i, n); next[i]: the end of the row starting at i
  const best = new Float64Array(n + 1)
  const next = new Int32Array(n + 1)
  for (let i = n - 1; i >= 0; i--) {
    best[i] = Infinity
    let used = -gap
    for (let j = i + 1; j <= n; j++) {
      used += gap + nodes[j - 1].width
      if (used > rowWidth && j > i + 1) break
      const last = j === n
      const cut = !last && cutsBlock(nodes, j) ? 1 : 0
      const cost = (last ? 0 : Math.max(0, rowWidth - used)) + lambda * cut + best[j]
      if (cost < best[i]) {
        best[i] = cost
        next[i] = j
      }
    }
  }
  const rows: [number, number][] = []
  let blockCuts = 0
  for (let i = 0; i < n; i = next[i]) {
    rows.push([i, next[i]])
    if (next[i] < n && cutsBlock(nodes, next[i])) blockCuts++
  }
  return { rows, cost: best[0], blockCuts }
}

/** Whether a row break before node `at` separates two nodes of the same block. */
function cutsBlock(nodes: readonly SegmentNode[], at: number): boolean {
  const before = nodes[at - 1].block
  return before !== undefined && before === nodes[at].block
}
