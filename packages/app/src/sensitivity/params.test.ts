import { describe, expect, it } from 'vitest'
import { defaultRegistry } from '@perturber/perturbations'
import { defaultSceneParams } from '@perturber/scene/core'
import { differenceStep, sensitivityParams, unitOf, withParam } from './params'

const chainWith = (...enabled: string[]) => ['gaussian-blur', 'gaussian-noise', 'hue', 'motion-blur', 'phase-noise'].map((id) => defaultRegistry.defaultState(id, enabled.includes(id)))

describe('sensitivity parameters', () => {
  it('are every scene parameter, then the parameters of every enabled perturbation in chain order, without seeds', () => {
    const scene = { params: { ...defaultSceneParams, yaw: 30 }, chain: chainWith('motion-blur', 'gaussian-noise') }
    const params = sensitivityParams(scene, defaultRegistry)
    expect(params.slice(0, 14).map((p) => p.key)).toEqual(Object.keys(defaultSceneParams).map((name) => `scene.${name}`))
    expect(params.slice(14).map((p) => [p.key, p.label, p.unit])).toEqual([
      ['perturbation.gaussian-noise.sigma', 'Gaussian Noise · Sigma', 'unit'],
      ['perturbation.gaussian-noise.severity', 'Gaussian Noise · ImageNet-C severity', 'unit'],
      ['perturbation.motion-blur.length', 'Motion Blur · Length (px)', 'pixel'],
      ['perturbation.motion-blur.angle', 'Motion Blur · Angle (°)', 'degree'],
      ['perturbation.motion-blur.severity', 'Motion Blur · ImageNet-C severity', 'unit'],
    ])
    expect(params.find((p) => p.key === 'scene.yaw')).toMatchObject({ value: 30, min: -180, max: 180, step: 1, unit: 'degree', target: { kind: 'scene', param: 'yaw' } })
  })

  it('name their units: the camera’s angles in degrees, a perturbation’s from its label', () => {
    expect(unitOf({ kind: 'scene', param: 'roll' }, 'Roll')).toBe('degree')
    expect(unitOf({ kind: 'scene', param: 'distance' }, 'Dolly')).toBe('unit')
    expect(unitOf({ kind: 'perturbation', id: 'x', param: 'w' }, 'Width (rad)')).toBe('radian')
    expect(unitOf({ kind: 'perturbation', id: 'x', param: 'c' }, 'Cutoff (σ px)')).toBe('pixel')
  })
})

describe('differenceStep', () => {
  it('is central, max(step, 1 % of the range) either side, inside the range', () => {
    expect(differenceStep({ min: -180, max: 180, step: 1, value: 30 })).toEqual({ from: 26.4, to: 33.6, scheme: 'central' })
    expect(differenceStep({ min: 1, max: 8, step: 1, value: 4 })).toEqual({ from: 3, to: 5, scheme: 'central' })
  })

  it('is one-sided from the value at an end of the range, and asymmetric just inside one', () => {
    expect(differenceStep({ min: 0, max: 1, step: 0.01, value: 0 })).toEqual({ from: 0, to: 0.01, scheme: 'forward' })
    expect(differenceStep({ min: 0, max: 1, step: 0.01, value: 1 })).toEqual({ from: 0.99, to: 1, scheme: 'backward' })
    expect(differenceStep({ min: -180, max: 180, step: 1, value: 178 })).toEqual({ from: 174.4, to: 180, scheme: 'central' })
  })
})

describe('withParam', () => {
  it('changes one parameter of the scene or of one perturbation, leaving the state it was given alone', () => {
    const scene = { params: { ...defaultSceneParams }, chain: chainWith('hue') }
    const yawed = withParam(scene, { kind: 'scene', param: 'yaw' }, 10)
    expect(yawed.params.yaw).toBe(10)
    expect(yawed.chain).toBe(scene.chain)
    const hued = withParam(scene, { kind: 'perturbation', id: 'hue', param: 'hue' }, 0.25)
    expect(hued.chain.find((s) => s.id === 'hue')).toEqual({ id: 'hue', enabled: true, params: { hue: 0.25 } })
    expect(hued.chain.filter((s) => s.id !== 'hue')).toEqual(scene.chain.filter((s) => s.id !== 'hue'))
    expect(scene.chain.find((s) => s.id === 'hue')!.params.hue).toBe(0)
    expect(scene.params.yaw).toBe(defaultSceneParams.yaw)
  })
})
