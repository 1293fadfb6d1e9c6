import * as tf from '@tensorflow/tfjs'
import { beforeAll, describe, expect, test } from 'vitest'
import { pick, randomInt, seededRandom, streamSeeds } from './random'

beforeAll(async () => {
  await tf.setBackend('cpu')
})

describe('seeded randomness from TF.js', () => {
  const draw = (seed: number, count: number, block?: number) => {
    const random = seededRandom(seed, block)
    return Array.from({ length: count }, random)
  }

  test('the same seed gives the same numbers, across blocks; another seed others', () => {
    expect(draw(3, 25, 10)).toEqual(draw(3, 25, 10))
    expect(draw(3, 25, 10)).not.toEqual(draw(4, 25, 10))
    // a new block does not repeat the first one
    const numbers = draw(3, 20, 10)
    expect(numbers.slice(10)).not.toEqual(numbers.slice(0, 10))
    expect(draw(0, 5)).toEqual(draw(0, 5))
  })

  test('uniform in [0, 1], with no tensor left behind', () => {
    const start = tf.memory().numTensors
    const numbers = draw(11, 3000)
    expect(tf.memory().numTensors).toBe(start)
    for (const x of numbers) {
      expect(x).toBeGreaterThanOrEqual(0)
      expect(x).toBeLessThanOrEqual(1)
    }
    const mean = numbers.reduce((a, b) => a + b, 0) / numbers.length
    expect(mean).toBeGreaterThan(0.45)
    expect(mean).toBeLessThan(0.55)
  })

  test('stream seeds are non-zero, distinct per stream and per seed', () => {
    const seeds = [0, 1, 2, -1, 2 ** 31].map(streamSeeds)
    const all = seeds.flatMap(({ image, transforms }) => [image, transforms])
    expect(all).not.toContain(0)
    expect(new Set(all).size).toBe(all.length)
  })

  test('pick and randomInt stay in range even for a draw of exactly 1', () => {
    expect(pick(() => 1, ['a', 'b', 'c'])).toBe('c')
    expect(pick(() => 0, ['a', 'b', 'c'])).toBe('a')
    expect(randomInt(() => 1, 4)).toBe(4)
    expect(randomInt(() => 0.5, 4)).toBe(2)
  })
})
