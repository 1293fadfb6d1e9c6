import { describe, expect, it } from 'vitest'
import { clusterMaps, gridCells, jaccard, splitMapSets, stackedRectangles } from './mapSets'

describe('map sets (AEVis feature-map level)', () => {
  it('splits two critical sets into only-A, shared and only-B, and measures their overlap', () => {
    expect(splitMapSets([5, 1, 3, 9], [3, 4, 9, 9])).toEqual({ onlyA: [1, 5], shared: [3, 9], onlyB: [4] })
    expect(jaccard([5, 1, 3, 9], [3, 4, 9])).toBe(2 / 5)
    expect(jaccard([], [])).toBe(1)
    expect(jaccard([1], [])).toBe(0)
  })

  it('clusters by value with k-means: two well-separated groups come out whole, strongest first', () => {
    const values: Record<number, number> = { 0: 0.1, 1: 0.12, 2: 0.09, 3: 0.9, 4: 0.95, 5: 0.11 }
    const clusters = clusterMaps([0, 1, 2, 3, 4, 5], (c) => values[c], 2)
    expect(clusters.map((c) => c.channels)).toEqual([[3, 4], [0, 1, 2, 5]])
    expect(clusters[0].mean).toBeCloseTo(0.925, 12)
    expect(clusterMaps([7, 8], (c) => c, 5).map((c) => c.channels)).toEqual([[8], [7]])
  })

  it('stacks log10(size) + 1 rectangles for a cluster', () => {
    expect([1, 9, 10, 99, 100, 1000].map(stackedRectangles)).toEqual([1, 1, 2, 2, 3, 4])
  })

  it('lays cells out in a grid that fits the region, as large as the count allows', () => {
    const cells = gridCells(6, 120, 80)
    expect(cells).toHaveLength(6)
    expect(cells[0].size).toBe(40)
    for (const c of cells) {
      expect(c.x + c.size).toBeLessThanOrEqual(120 + 1e-9)
      expect(c.y + c.size).toBeLessThanOrEqual(80 + 1e-9)
    }
    expect(gridCells(1, 50, 30)).toEqual([{ x: 0, y: 0, size: 30 }])
  })
})
