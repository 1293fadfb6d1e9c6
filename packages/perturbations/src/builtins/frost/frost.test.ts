import { expect, test } from 'vitest'
import { IMAGENET_C_LEVELS } from '../imagenetC'
import { reference } from './reference'
import { FROST_SPREAD, FROST_TINT, frostWeights } from '.'

test('whole severities blend with the reference weights; 0 is the identity', () => {
  IMAGENET_C_LEVELS.frost.forEach(([image, frost], i) => expect(frostWeights({ severity: i + 1, seed: 0 })).toMatchObject({ image, frost }))
  expect(frostWeights({ severity: 0, seed: 0 })).toMatchObject({ image: 1, frost: 0 })
})

test.each([0, 1, 2])('seed %s: the synthetic frost has the photos’ bluish tint and spread', (seed) => {
  const size = 224
  // on black, level 5 gives 0.75·frost (truncated to 8 bits); one 224 px crop's tone wanders a little
  const out = reference.compute({ width: size, height: size, data: new Float32Array(size * size * 4) }, { severity: 5, seed })
  const n = size * size
  const mean = [0, 1, 2].map((c) => out.data.reduce((a, v, i) => (i % 4 === c ? a + v / 0.75 : a), 0) / n)
  const std = [0, 1, 2].map((c) => Math.sqrt(out.data.reduce((a, v, i) => (i % 4 === c ? a + (v / 0.75 - mean[c]) ** 2 : a), 0) / n))
  mean.forEach((m, c) => expect(Math.abs(m - FROST_TINT[c])).toBeLessThan(0.05))
  std.forEach((s) => expect(Math.abs(s - FROST_SPREAD)).toBeLessThan(0.03))
  expect(mean[2]).toBeGreaterThan(mean[1])
  expect(mean[1]).toBeGreaterThan(mean[0])
})
