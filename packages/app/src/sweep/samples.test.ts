import { describe, expect, it } from 'vitest'
import { defaultRegistry } from '@perturber/perturbations'
import { mulberry32 } from '@perturber/perturbations/authoring'
import { defaultSnapshot } from '@perturber/scene'
import { MAX_SHARDS, parseShard, sampleCount, sampleValuesAt, shardSamples, sweepSamples } from './samples'
import { designTargets, sampleAttackEpsilon, sampleScene } from './sampleState'
import { SweepSpecError } from './spec'
import { fixtureBase, fixtureSpecs } from './sweepFixtures'
import type { SweepDesign } from './types'

const grid: SweepDesign = {
  kind: 'grid',
  axes: [
    { target: { kind: 'scene', param: 'yaw' }, from: -90, to: 90, steps: 3 },
    { target: { kind: 'perturbation', id: 'hue', param: 'hue' }, from: 0.1, to: 0.3, steps: 3 },
  ],
}

describe('sweepSamples', () => {
  it('walks a grid with the first axis fastest, ending each axis exactly at `to`', () => {
    expect(sampleCount(grid)).toBe(9)
    expect(sweepSamples(grid)).toEqual([
      { index: 0, values: [-90, 0.1] },
      { index: 1, values: [0, 0.1] },
      { index: 2, values: [90, 0.1] },
      { index: 3, values: [-90, 0.2] },
      { index: 4, values: [0, 0.2] },
      { index: 5, values: [90, 0.2] },
      { index: 6, values: [-90, 0.3] },
      { index: 7, values: [0, 0.3] },
      { index: 8, values: [90, 0.3] },
    ])
    // −1 + (−0.3 − −1)·2/2 is −0.30000000000000004: the last step is `to` itself
    const brightness: SweepDesign = { kind: 'grid', axes: [{ target: { kind: 'perturbation', id: 'brightness', param: 'brightness' }, from: -1, to: -0.3, steps: 3 }] }
    expect(sweepSamples(brightness).map((s) => s.values[0])).toEqual([-1, -0.65, -0.3])
    const down: SweepDesign = { kind: 'grid', axes: [{ target: { kind: 'scene', param: 'roll' }, from: 10, to: -5, steps: 4 }] }
    expect(sweepSamples(down).map((s) => s.values[0])).toEqual([10, 5, 0, -5])
    for (const s of sweepSamples(grid)) expect(sampleValuesAt(grid, s.index)).toEqual(s.values)
  })

  it('draws a random design from mulberry32(seed): per sample, per range in order', () => {
    const design: SweepDesign = {
      kind: 'random',
      samples: 50,
      seed: 1234,
      ranges: [
        { target: { kind: 'scene', param: 'pitch' }, min: -20, max: 40 },
        { target: { kind: 'attack', param: 'epsilon' }, min: 0.01, max: 0.01 },
        { target: { kind: 'perturbation', id: 'saturation', param: 'saturation' }, min: 0, max: 2 },
      ],
    }
    const rand = mulberry32(1234)
    const expected = Array.from({ length: 50 }, (_, index) => ({ index, values: [-20 + 60 * rand(), 0.01 + 0 * rand(), 0 + 2 * rand()] }))
    expect(sampleCount(design)).toBe(50)
    expect(sweepSamples(design)).toEqual(expected)
    expect(sweepSamples(design)).toEqual(sweepSamples({ ...design })) // the same seed, the same states
    expect(sweepSamples({ ...design, seed: 1235 })[0]).not.toEqual(expected[0])
    expect(sampleValuesAt(design, 49)).toEqual(expected[49].values)
    expect(() => sampleValuesAt(design, 50)).toThrow(RangeError)
  })
})

describe('shards', () => {
  it('reads k/n and refuses anything else, naming --shard and the expected form', () => {
    expect(parseShard('2/8')).toEqual({ k: 2, n: 8 })
    expect(parseShard(' 10000/10000 ')).toEqual({ k: 10000, n: 10000 })
    for (const bad of ['0/4', '5/4', '1/10001', '1/0', '1 / 2', '1/2/3', 'a/b', '', '1.5/2', '-1/2', '2']) {
      expect(() => parseShard(bad)).toThrow(SweepSpecError)
      expect(() => parseShard(bad)).toThrow(`--shard: expected k/n, shard k of n, with 1 ≤ k ≤ n ≤ ${MAX_SHARDS} (e.g. 2/8), got ${JSON.stringify(bad)}`)
    }
    try {
      parseShard('x')
    } catch (e) {
      expect((e as SweepSpecError).field).toBe('--shard')
    }
  })

  it('split the samples into disjoint strided shares that together are all of them', () => {
    const design: SweepDesign = { kind: 'grid', axes: [{ target: { kind: 'scene', param: 'yaw' }, from: 0, to: 90, steps: 7 }, { target: { kind: 'scene', param: 'pitch' }, from: 0, to: 60, steps: 5 }] }
    const samples = sweepSamples(design)
    for (const n of [1, 2, 3, 7, 35, 40]) {
      const shards = Array.from({ length: n }, (_, k) => shardSamples(samples, { k: k + 1, n }))
      expect(shards.flat().sort((a, b) => a.index - b.index)).toEqual(samples)
      shards.forEach((shard, k) => expect(shard.every((s) => s.index % n === k)).toBe(true))
      // every shard spans the whole second axis: a partial run shows the plane's shape
      if (n <= 7) for (const shard of shards) expect(new Set(shard.map((s) => s.values[1])).size).toBe(5)
    }
    expect(shardSamples(samples, { k: 2, n: 3 }).map((s) => s.index)).toEqual([1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34])
  })
})

describe('sampleScene', () => {
  it('sets scene parameters and switches on a swept perturbation, leaving the base as it was', () => {
    const base = defaultSnapshot()
    const before = structuredClone(base)
    const scene = sampleScene(base, grid, [45, 0.25])
    expect(base).toEqual(before)
    expect(scene.params).toEqual({ ...base.params, yaw: 45 })
    const hue = scene.chain.find((s) => s.id === 'hue')!
    expect(hue).toEqual({ id: 'hue', enabled: true, params: { hue: 0.25 } })
    expect(scene.chain.map((s) => s.id)).toEqual(base.chain.map((s) => s.id))
    expect(scene.chain.filter((s) => s.enabled).map((s) => s.id)).toEqual(['hue'])
    expect(scene.object).toEqual(base.object)
    expect(scene.object).not.toBe(base.object)
  })

  it('appends a swept perturbation missing from the chain with its defaults, and leaves the attack out of the scene', () => {
    const base = fixtureBase().scene
    const design = fixtureSpecs()[2].design
    const scene = sampleScene(base, design, [0.03, 0.2, 1.5])
    expect(scene.chain.map((s) => s.id)).toEqual(['contrast', 'custom-glsl', 'gaussian-noise'])
    expect(scene.chain[2]).toEqual({ ...defaultRegistry.defaultState('gaussian-noise', true), params: { sigma: 0.2, seed: 0, severity: 0 } })
    expect(scene.chain.slice(0, 2)).toEqual(base.chain)
    expect(scene.params).toEqual({ ...base.params, distance: 1.5 })
    expect(sampleAttackEpsilon(design, [0.03, 0.2, 1.5])).toBe(0.03)
    expect(sampleAttackEpsilon(grid, [0, 0.1])).toBeNull()
    expect(designTargets(design).map((t) => t.kind)).toEqual(['attack', 'perturbation', 'scene'])
    expect(() => sampleScene(base, design, [0.03])).toThrow(RangeError)
  })
})
