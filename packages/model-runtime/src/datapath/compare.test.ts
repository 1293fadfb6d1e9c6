import { describe, expect, it } from 'vitest'
import { compareDatapaths, cosineSimilarity, jaccardIndex } from './compare'
import type { Datapath, DatapathLayer } from './types'

const layer = (name: string, meanActivation: number[], critical: number[]): DatapathLayer => ({
  layer: name,
  channels: meanActivation.length,
  lambda: 0.1 / meanActivation.length ** 2,
  contributions: new Float32Array(meanActivation.length),
  frameContributions: new Float32Array(meanActivation.length),
  z: new Float32Array(meanActivation.length),
  critical,
  meanActivation: Float32Array.from(meanActivation),
  solver: { kkt: 0, objective: 0, iterations: 0, method: 'breakpoints' },
})
const path = (layers: DatapathLayer[]): Datapath => ({ modelId: 'm', modelVersion: 0, classIndex: 0, frameIds: [0], scores: new Float32Array(1), predicted: new Int32Array(1), threshold: 0.5, layers })

describe('comparing datapaths', () => {
  it('cosine similarity and Jaccard index, with their empty cases', () => {
    expect(cosineSimilarity([1, 2, 0], [2, 4, 0])).toBeCloseTo(1, 12)
    expect(cosineSimilarity([1, 0], [0, 3])).toBe(0)
    expect(cosineSimilarity([3, 4], [4, 3])).toBeCloseTo(24 / 25, 12)
    expect(cosineSimilarity([0, 0], [0, 0])).toBe(1)
    expect(cosineSimilarity([0, 0], [1, 0])).toBe(0)
    expect(() => cosineSimilarity([1], [1, 2])).toThrow('vectors of 1 and 2 values')
    expect(jaccardIndex([5, 1, 3, 9], [3, 4, 9])).toBe(2 / 5)
    expect(jaccardIndex([], [])).toBe(1)
    expect(jaccardIndex([2], [])).toBe(0)
  })

  it('per layer, in the first datapath’s order: activation cosine, critical-set Jaccard and the shared and unique maps; layers the other lacks (or with other widths) are left out', () => {
    const a = path([layer('conv1', [3, 4, 0], [1, 0]), layer('conv2', [1, 1], [0]), layer('only-a', [1], [0])])
    const b = path([layer('conv2', [1, 1], [0, 1]), layer('conv1', [4, 3, 0], [2, 1]), layer('only-a', [1, 2], [0])])
    expect(compareDatapaths(a, b)).toEqual([
      { layer: 'conv1', cosine: 24 / 25, jaccard: 1 / 3, shared: [1], onlyA: [0], onlyB: [2] },
      { layer: 'conv2', cosine: 1, jaccard: 1 / 2, shared: [0], onlyA: [], onlyB: [1] },
    ])
    const same = compareDatapaths(a, a)
    expect(same.map((d) => [d.cosine, d.jaccard])).toEqual([[1, 1], [1, 1], [1, 1]])
  })
})
