import { expect, test } from 'vitest'
import { mapSizeFor, plasmaFractal } from './plasma'

test("the map's side is the reference's next power of two", () => {
  expect([mapSizeFor(224), mapSizeFor(256), mapSizeFor(257), mapSizeFor(3)]).toEqual([256, 256, 512, 4])
})

test('the plasma fractal spans [0, 1], repeats per seed and differs between seeds', () => {
  const a = plasmaFractal(64, 2, 1)
  expect(Math.min(...a)).toBe(0)
  expect(Math.max(...a)).toBe(1)
  expect(Array.from(plasmaFractal(64, 2, 1))).toEqual(Array.from(a))
  expect(Array.from(plasmaFractal(64, 2, 2))).not.toEqual(Array.from(a))
  // every grid point is written (none left at the initial 0 except by chance)
  expect(a.filter((v) => Number.isNaN(v))).toHaveLength(0)
})
