import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { argsortAscending, pruneMask } from './pruneMask'
import { channelMagnitudes, maskOutputChannels } from './pruneWeights'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

const kept = (mask: boolean[]) => mask.flatMap((keep, channel) => (keep ? [channel] : []))

describe('pruneMask (thesis Eq. 5.4–5.5)', () => {
  // m = [0.3, 0.1, 0.4, 0.2] → s = argsort(m) = [1, 3, 0, 2]: channel 1 has rank n = 0, channel 2 rank 3
  const m = [0.3, 0.1, 0.4, 0.2]

  it('ranks channels by ascending magnitude, ties by channel index', () => {
    expect(argsortAscending(m)).toEqual([1, 3, 0, 2])
    expect(argsortAscending([0.5, 0.2, 0.5, 0.2])).toEqual([1, 3, 0, 2])
  })

  it.each([
    { range: [0, 1], channels: [0, 1, 2, 3] }, // identity
    { range: [0.5, 1], channels: [0, 2] }, // n ∈ {2, 3}: the two strongest
    { range: [0, 0.5], channels: [1, 3] }, // n ∈ {0, 1}: the two weakest
    { range: [0.25, 0.75], channels: [0, 3] }, // 1 ≤ n < 3
    { range: [0.26, 0.74], channels: [0] }, // 1.04 ≤ n < 2.96 → n = 2
    { range: [0.3, 0.3], channels: [] }, // empty range
    { range: [0, 0], channels: [] },
    { range: [1, 1], channels: [] },
    { range: [0.7, 1], channels: [2] }, // 2.8 ≤ n → n = 3, the strongest
  ] as const)('keeps r_l·O ≤ n < r_u·O: $range → channels $channels', ({ range, channels }) => {
    expect(kept(pruneMask(m, range))).toEqual(channels)
  })

  it('the literal strict Eq. 5.5 drops the weakest channel even at [0, 1]; the default does not', () => {
    expect(kept(pruneMask(m, [0, 1], 'thesis-strict'))).toEqual([0, 2, 3]) // channel 1 (n = 0) lost
    expect(kept(pruneMask(m, [0.25, 0.75], 'thesis-strict'))).toEqual([0]) // 1 < n < 3 → n = 2
    expect(kept(pruneMask(m, [0.26, 0.74], 'thesis-strict'))).toEqual([0]) // they agree off the grid
  })

  it('splits channels without overlap or gap at any cut, also where r·O is an integer in decimal only', () => {
    const magnitudes = Array.from({ length: 100 }, (_, i) => (i * 37) % 100)
    for (const cut of [0.07, 0.29, 0.5, 0.57, 0.99]) {
      const below = pruneMask(magnitudes, [0, cut])
      const above = pruneMask(magnitudes, [cut, 1])
      expect(below.filter(Boolean).length, `cut ${cut}`).toBe(Math.round(cut * 100))
      expect(below.every((b, i) => b !== above[i]), `cut ${cut}`).toBe(true)
    }
  })

  it('rejects ranges outside 0 ≤ r_l ≤ r_u ≤ 1', () => {
    expect(() => pruneMask(m, [0.6, 0.4])).toThrow(RangeError)
    expect(() => pruneMask(m, [-0.1, 1])).toThrow(RangeError)
    expect(() => pruneMask(m, [0, 1.1])).toThrow(RangeError)
    expect(() => pruneMask(m, [0, Number.NaN])).toThrow(RangeError)
  })
})

describe('channel magnitudes m_o (thesis Eq. 5.2–5.3, as means)', () => {
  const magnitudesOf = (kind: Parameters<typeof channelMagnitudes>[0], roles: string[], values: tf.Tensor[]) => {
    const m = channelMagnitudes(kind, { roles, values })
    const result = Array.from(m.dataSync())
    tf.dispose([m, ...values])
    return result
  }

  it('conv2d: mean over y, x, i of |W_yxio|', () => {
    // kernel [1, 2, 2, 3]: W[0, x, i, o]; channel o's four weights listed per o below
    const perChannel = [
      [1, -1, 2, -2], // mean |·| 1.5
      [0.5, 0.5, -0.5, 0.5], // 0.5
      [-4, 0, 0, 0], // 1
    ]
    const data = [0, 1].flatMap((x) => [0, 1].flatMap((i) => perChannel.map((w) => w[x * 2 + i])))
    expect(magnitudesOf('conv2d', ['kernel', 'bias'], [tf.tensor4d(data, [1, 2, 2, 3]), tf.zeros([3])])).toEqual([1.5, 0.5, 1])
  })

  it('dense: mean over i of |W_io|', () => {
    const kernel = tf.tensor2d([
      [1, -3],
      [-2, 0],
      [3, 0.5],
    ])
    expect(magnitudesOf('dense', ['kernel'], [kernel])).toEqual([2, 3.5 / 3].map(Math.fround))
  })

  it('depthwise: one filter per output channel c·K + k, mean over y, x', () => {
    // kernel [1, 2, 2, 2]: W[0, x, c, k]
    const w = (x: number, c: number, k: number) => (x + 1) * (c === 0 ? 1 : -10) * (k + 1)
    const data = [0, 1].flatMap((x) => [0, 1].flatMap((c) => [0, 1].map((k) => w(x, c, k))))
    // channel (c, k): mean over x of |w| = 1.5 · |c factor| · (k + 1)
    expect(magnitudesOf('depthwiseConv2d', ['depthwise_kernel', 'bias'], [tf.tensor4d(data, [1, 2, 2, 2]), tf.zeros([4])])).toEqual([
      1.5, 3, 15, 30,
    ])
  })

  it('separable: magnitudes of the effective kernel W_yxco = Σ_k D_yxck · P_(cK+k)o', () => {
    const [h, w, c, k, o] = [2, 1, 2, 2, 3]
    const d = Array.from({ length: h * w * c * k }, (_, i) => ((i * 7) % 5) - 2)
    const p = Array.from({ length: c * k * o }, (_, i) => ((i * 3) % 7) - 3)
    const expected = Array.from({ length: o }, (_, out) => {
      let sum = 0
      for (let yx = 0; yx < h * w; yx++)
        for (let ci = 0; ci < c; ci++) {
          let effective = 0
          for (let ki = 0; ki < k; ki++) effective += d[(yx * c + ci) * k + ki] * p[(ci * k + ki) * o + out]
          sum += Math.abs(effective)
        }
      return Math.fround(sum / (h * w * c))
    })
    const actual = magnitudesOf(
      'separableConv2d',
      ['depthwise_kernel', 'pointwise_kernel', 'bias'],
      [tf.tensor4d(d, [h, w, c, k]), tf.tensor4d(p, [1, 1, c * k, o]), tf.zeros([o])],
    )
    expect(actual).toEqual(expected)
  })
})

describe('maskOutputChannels (thesis Eq. 5.6)', () => {
  it('zeroes the pruned output channels of kernel and bias, leaves the rest bit-identical', () => {
    const kernel = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ])
    const bias = tf.tensor1d([7, 8, 9])
    const [k, b] = maskOutputChannels('dense', { roles: ['kernel', 'bias'], values: [kernel, bias] }, [true, false, true])
    expect(Array.from(k.dataSync())).toEqual([1, 0, 3, 4, 0, 6])
    expect(Array.from(b.dataSync())).toEqual([7, 0, 9])
    tf.dispose([kernel, bias, k, b])
  })

  it('depthwise: masks channel c·K + k of the [y, x, c, k] kernel', () => {
    const kernel = tf.ones([1, 1, 2, 2])
    const [k] = maskOutputChannels('depthwiseConv2d', { roles: ['depthwise_kernel'], values: [kernel] }, [true, false, false, true])
    expect(Array.from(k.dataSync())).toEqual([1, 0, 0, 1])
    tf.dispose([kernel, k])
  })
})
