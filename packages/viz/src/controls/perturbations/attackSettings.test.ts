import { describe, expect, it } from 'vitest'
import { defaultEpsilon } from '@perturber/model-runtime'
import { defaultAttackSettings, epsilonPixelTerms, epsilonSpec, formatStepTime, toPgdOptions } from './attackSettings'
import { CONTROL_SECTIONS, defaultSectionOf, sectionOfGroup } from './sections'

describe('epsilonSpec', () => {
  it("defaults to model-runtime's defaultEpsilon for both norms and any frame size", () => {
    for (const [h, w] of [[224, 224], [299, 299], [128, 96]] as const) {
      expect(epsilonSpec('linf', h, w).default).toBe(defaultEpsilon('linf', h, w))
      expect(epsilonSpec('l2', h, w).default).toBeCloseTo(defaultEpsilon('l2', h, w), 12)
    }
    expect(defaultAttackSettings.epsilon).toBe(defaultEpsilon('linf', 224, 224))
  })

  it('shows L∞ in 1/255 steps up to 64/255 and L2 up to 100 at 224×224', () => {
    expect(epsilonSpec('linf')).toEqual({ min: 0, max: 64 / 255, step: 1 / 255, default: 8 / 255, scale: 255, unit: '/255' })
    expect(epsilonSpec('l2')).toEqual({ min: 0, max: 100, step: 0.1, default: (8 / 255) * Math.sqrt(3 * 224 * 224), scale: 1, unit: '' })
    expect(epsilonSpec('l2', 448, 448).max).toBe(200)
  })
})

describe('the L2 default (issue 13, item 5)', () => {
  it('scales with the frame: every pixel channel changed by 8/255 on average, at any size', () => {
    const at224 = epsilonSpec('l2', 224, 224).default
    expect(at224).toBeCloseTo(12.17, 2)
    expect(epsilonSpec('l2', 112, 112).default).toBeCloseTo(at224 / 2, 12) // a quarter of the pixels: half the length
    expect(epsilonSpec('l2', 448, 448).default).toBeCloseTo(at224 * 2, 12)
    for (const [h, w] of [[224, 224], [112, 112], [128, 96]] as const) {
      expect(epsilonPixelTerms(epsilonSpec('l2', h, w).default, h, w)).toBe(`every pixel channel changed by 8.0/255 on average (RMS) at ${w}×${h}`)
    }
    expect(epsilonPixelTerms(3, 224, 224)).toBe('every pixel channel changed by 2.0/255 on average (RMS) at 224×224') // the old default
  })
})

describe('formatStepTime', () => {
  it('rounds a measured step to what the controls show', () => {
    expect(formatStepTime(183)).toBe('≈ 0.2 s')
    expect(formatStepTime(42)).toBe('≈ 0.04 s')
    expect(formatStepTime(3140)).toBe('≈ 3.1 s')
    expect(formatStepTime(12_400)).toBe('≈ 12 s')
    expect(formatStepTime(2)).toBe('< 0.01 s')
  })
})

describe('toPgdOptions', () => {
  it('maps a null target to an untargeted attack and an index to a targeted one', () => {
    expect(toPgdOptions({ model: 'edited', target: null, norm: 'l2', epsilon: 5 })).toEqual({ norm: 'l2', epsilon: 5, targeted: false })
    expect(toPgdOptions({ model: 'model1', target: 281, norm: 'linf', epsilon: 0.1 })).toEqual({ norm: 'linf', epsilon: 0.1, targeted: { target: 281 } })
  })
})

describe('sections', () => {
  it('map every registry group to a section and unknown groups to Post Processing', () => {
    for (const section of Object.values(sectionOfGroup)) expect(CONTROL_SECTIONS).toContain(section)
    expect(defaultSectionOf({ group: 'frequency' })).toBe('frequency')
    expect(defaultSectionOf({ group: 'adversarial' })).toBe('adversarial')
    expect(defaultSectionOf({ group: 'geometry' as never })).toBe('post-processing')
  })
})
