import { describe, expect, it } from 'vitest'
import { describeSensitivity, sensitivityIndicators } from './indicators'
import type { SensitivityEntry, SensitivityResult } from './sensitivity'

const entry = (key: string, derivative: number, overrides: Partial<SensitivityEntry> = {}): SensitivityEntry => ({
  target: { kind: 'scene', param: 'yaw' },
  key,
  label: key,
  min: 0,
  max: 1,
  step: 0.01,
  value: 0.5,
  unit: 'unit',
  from: 0.49,
  to: 0.51,
  scheme: 'central',
  derivative,
  ...overrides,
})

const result = (entries: SensitivityEntry[], label = 'dog logit'): SensitivityResult => ({
  output: { kind: 'class', classIndex: 0, top: true, label },
  model: { role: 'model1', name: 'Model 1 · zoo' },
  value: 3,
  scene: { params: {} as SensitivityResult['scene']['params'], chain: [] },
  entries,
  total: entries.length,
})

describe('sensitivityIndicators', () => {
  it('scale each bar by |derivative| × range relative to the largest, so parameters in other units compare', () => {
    const yaw = entry('scene.yaw', -0.05, { label: 'Yaw', unit: 'degree', min: -180, max: 180, step: 1, value: 30, from: 26.4, to: 33.6 })
    const blur = entry('scene.backgroundBlur', 6, { label: 'Background Blur' })
    const indicators = sensitivityIndicators(result([yaw, blur]), null, false)
    expect(indicators['scene.yaw']).toEqual({ value: -0.05, relative: 1, label: 'd(dog logit)/d(Yaw) ≈ −0.05 per degree (central difference, ±3.6°)' })
    expect(indicators['scene.backgroundBlur'].relative).toBeCloseTo(6 / 18, 10)
  })

  it('say when a difference was one-sided, at which end, or asymmetric near an end', () => {
    const r = result([])
    expect(describeSensitivity(entry('a', 2, { label: 'Alpha', value: 1, from: 0.99, to: 1, scheme: 'backward' }), r)).toBe('d(dog logit)/d(Alpha) ≈ +2 per unit (one-sided at the high end of its range, −0.01)')
    expect(describeSensitivity(entry('s', 0.5, { label: 'Sigma (px)', unit: 'pixel', min: 0, max: 8, value: 0, from: 0, to: 0.08, scheme: 'forward' }), r)).toBe('d(dog logit)/d(Sigma (px)) ≈ +0.5 per pixel (one-sided at the low end of its range, +0.08 px)')
    expect(describeSensitivity(entry('y', 0.125, { label: 'Yaw', unit: 'degree', min: -180, max: 180, value: 178, from: 174.4, to: 180 }), r)).toBe('d(dog logit)/d(Yaw) ≈ +0.125 per degree (central difference over 174–180°, near an end of its range)')
  })

  it('fill the parameters the current computation has not reached with the previous result’s, faded, and fade everything of an earlier state', () => {
    const previous = result([entry('scene.yaw', 1), entry('scene.pitch', -2)])
    const current = result([entry('scene.yaw', 4)])
    const mixed = sensitivityIndicators(current, previous, false)
    expect(mixed['scene.yaw']).toMatchObject({ value: 4, relative: 1 })
    expect(mixed['scene.yaw'].stale).toBeUndefined()
    expect(mixed['scene.pitch']).toMatchObject({ value: -2, relative: 0.5, stale: true })
    expect(Object.values(sensitivityIndicators(current, null, true)).map((i) => i.stale)).toEqual([true])
    expect(sensitivityIndicators(result([entry('scene.yaw', 0)]), null, false)['scene.yaw'].relative).toBe(0)
  })
})
