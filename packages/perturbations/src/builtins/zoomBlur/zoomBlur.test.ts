import { expect, test } from 'vitest'
import { IMAGENET_C_LEVELS } from '../imagenetC'
import { zoomAxis, zoomFactors } from '.'

// scipy 1.10's clipped_zoom at 224 px: crop ch, top, output round(ch·z) (ties to even)
test.each([
  [1.03, 218, 3, 225],
  [1.1300000000000001, 199, 12, 225],
  [1.3000000000000003, 173, 25, 225],
  [1.1500000000000001, 195, 14, 224],
])('zoom %s: crop %s from %s, scaled to %s', (z, ch, top, out) => {
  expect(zoomAxis(224, z)).toEqual({ scale: (ch - 1) / (out - 1), top })
})

test('whole severities are the reference lists, 0 is none, and the reach grows continuously in between', () => {
  for (let s = 1; s <= 5; s++) expect(zoomFactors(s)).toEqual(IMAGENET_C_LEVELS.zoomFactors[s - 1])
  expect(zoomFactors(0)).toEqual([])
  const reach = (s: number) => Math.max(...zoomFactors(s))
  for (let s = 0.01; s < 5; s += 0.01) expect(reach(s + 0.01)).toBeGreaterThanOrEqual(reach(s) - 1e-12)
  expect(reach(1.999999)).toBeCloseTo(IMAGENET_C_LEVELS.zoomFactors[1].at(-1)!, 5)
  expect(reach(1.000001)).toBeCloseTo(IMAGENET_C_LEVELS.zoomFactors[0].at(-1)!, 5)
})
