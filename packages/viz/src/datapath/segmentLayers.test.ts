import { describe, expect, it } from 'vitest'
import { segmentLayers, type SegmentNode } from './segmentLayers'

const chain = (widths: number[], blocks: (string | undefined)[] = []): SegmentNode[] => widths.map((width, i) => ({ width, block: blocks[i] }))

/** Every way to break n nodes into rows, for a brute-force reference. */
function allBreaks(n: number): number[][] {
  const out: number[][] = []
  for (let mask = 0; mask < 1 << (n - 1); mask++) out.push(Array.from({ length: n - 1 }, (_, i) => i + 1).filter((_, i) => mask & (1 << i)))
  return out
}

function bruteForce(nodes: SegmentNode[], rowWidth: number, lambda: number): number {
  let best = Infinity
  for (const breaks of allBreaks(nodes.length)) {
    const bounds = [0, ...breaks, nodes.length]
    let cost = 0
    let ok = true
    for (let r = 0; r + 1 < bounds.length; r++) {
      const used = nodes.slice(bounds[r], bounds[r + 1]).reduce((a, node) => a + node.width, 0)
      if (used > rowWidth && bounds[r + 1] - bounds[r] > 1) ok = false
      if (r + 2 < bounds.length) {
        cost += Math.max(0, rowWidth - used)
        const at = bounds[r + 1]
        if (nodes[at - 1].block !== undefined && nodes[at - 1].block === nodes[at].block) cost += lambda
      }
    }
    if (ok) best = Math.min(best, cost)
  }
  return best
}

describe('segmentLayers (AEVis eq. (6))', () => {
  it('without blocks, packs rows as tightly as "printing neatly" does', () => {
    const s = segmentLayers(chain([3, 3, 3, 3, 3]), 10, 0)
    expect(s.rows).toEqual([[0, 3], [3, 5]])
    expect(s.cost).toBe(1)
  })

  it('moves a break out of a building block when λ outweighs the empty space, and cuts it when λ is small', () => {
    // nodes 2–3 are one block: the tightest rows would break between them
    const nodes = chain([4, 4, 1, 1, 4, 4], [undefined, undefined, 'A', 'A', undefined, undefined])
    const tight = segmentLayers(nodes, 9, 0.5)
    expect(tight.rows).toEqual([[0, 3], [3, 6]])
    expect(tight.blockCuts).toBe(1)
    expect(tight.cost).toBe(0.5)
    // keeping the block whole costs an extra row: 1 + 3 empty units, less than λ = 5
    const kept = segmentLayers(nodes, 9, 5)
    expect(kept.blockCuts).toBe(0)
    expect(kept.rows).toEqual([[0, 2], [2, 5], [5, 6]])
    expect(kept.cost).toBe(4)
  })

  it('a node wider than a row gets a row of its own', () => {
    expect(segmentLayers(chain([2, 12, 2]), 10, 0).rows).toEqual([[0, 1], [1, 2], [2, 3]])
  })

  it('matches a brute-force search on random chains', () => {
    let seed = 7
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
    for (let t = 0; t < 200; t++) {
      const n = 2 + Math.floor(random() * 8)
      const nodes = chain(
        Array.from({ length: n }, () => 1 + Math.floor(random() * 5)),
        Array.from({ length: n }, () => (random() < 0.5 ? String(Math.floor(random() * 2)) : undefined)),
      )
      const lambda = Math.floor(random() * 6)
      expect(segmentLayers(nodes, 8, lambda).cost).toBeCloseTo(bruteForce(nodes, 8, lambda), 9)
    }
  })
})
