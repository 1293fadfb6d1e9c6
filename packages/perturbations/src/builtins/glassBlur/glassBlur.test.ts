import { expect, test } from 'vitest'
import { IMAGENET_C_LEVELS } from '../imagenetC'
import { glassLevels } from '.'

test("whole severities are the reference's (σ, max_delta, iterations)", () => {
  for (let s = 1; s <= 5; s++)
    expect(glassLevels(s)).toEqual({ sigma: IMAGENET_C_LEVELS.glassSigma[s - 1], delta: IMAGENET_C_LEVELS.glassMaxDelta[s - 1], sweeps: IMAGENET_C_LEVELS.glassIterations[s - 1] })
  expect(glassLevels(0)).toEqual({ sigma: 0, delta: 0, sweeps: 0 })
})
