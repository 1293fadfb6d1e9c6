import { expect, test } from 'vitest'
import { IMAGENET_C_LEVELS } from '../imagenetC'
import { reference } from './reference'
import { shotNoiseLevel } from '.'

test('levels 1–5 are the reference photon counts, in full', () => {
  IMAGENET_C_LEVELS.shotNoise.forEach((c, i) => expect(shotNoiseLevel(i + 1)).toEqual({ lambda: c, keep: 1 }))
  expect(shotNoiseLevel(0).keep).toBe(0)
})

test.each([
  [3, 0.2],
  [60, 5 / 255],
])('λ = %s, x = %s: the hash-driven inversion draws Poisson(λx) counts', (lambda, x) => {
  const severity = IMAGENET_C_LEVELS.shotNoise.indexOf(lambda as 60) + 1
  const size = 256
  const data = new Float32Array(size * size * 4).fill(x)
  const out = reference.compute({ width: size, height: size, data }, { severity, seed: 11 })
  const mu = lambda * Math.fround(x)
  const counts = new Map<number, number>()
  for (let i = 0; i < out.data.length; i++) if (i % 4 !== 3) {
    const k = Math.round(out.data[i] * lambda)
    counts.set(k, (counts.get(k) ?? 0) + 1)
  }
  const n = size * size * 3
  let pmf = Math.exp(-mu)
  // counts of λ and more all clip to 1
  for (let k = 0; k < Math.min(6, lambda); k++) {
    const expected = n * pmf
    // within 5 standard deviations of a binomial count
    expect(Math.abs((counts.get(k) ?? 0) - expected)).toBeLessThan(5 * Math.sqrt(expected) + 1)
    pmf *= mu / (k + 1)
  }
})
