import { describe, expect, it } from 'vitest'
import { defaultChain, defaultRegistry } from '@perturber/perturbations'
import { chainForImage } from './BatchRun'
import { corruptionSettings } from './corruptions'

describe('chainForImage', () => {
  const [clean, noise, blur] = corruptionSettings(defaultChain(), defaultRegistry, { corruptions: ['shot-noise', 'contrast'], severities: [2] })

  it('a reseeded setting gives each image its own seed, 1 + (seed + index) mod 999, on the perturbation that is on', () => {
    const seedOf = (index: number) => chainForImage(noise, index, defaultRegistry).find((s) => s.id === 'shot-noise')!.params.seed
    expect([0, 1, 998, 999].map(seedOf)).toEqual([1, 2, 999, 1])
    // the perturbations that are off keep their state
    const off = chainForImage(noise, 5, defaultRegistry).filter((s) => !s.enabled)
    expect(off).toEqual(noise.chain.filter((s) => !s.enabled))
  })

  it('settings without reseed, and perturbations without a seed, are left as they are', () => {
    expect(clean.reseed).toBeUndefined()
    expect(chainForImage(clean, 7, defaultRegistry)).toBe(clean.chain)
    expect(chainForImage(blur, 7, defaultRegistry)).toEqual(blur.chain)
  })
})
