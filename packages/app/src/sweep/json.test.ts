import { describe, expect, it } from 'vitest'
import { mulberry32 } from '@perturber/perturbations/authoring'
import { sweepFromJson, sweepToJson } from './json'
import { SweepImportError, mergeSweepResults } from './result'
import { fixtureResult, fixtureSpecs } from './sweepFixtures'
import { SWEEP_LIMITS } from './types'

function refusal(read: () => unknown): SweepImportError {
  try {
    read()
  } catch (e) {
    expect(e).toBeInstanceOf(SweepImportError)
    return e as SweepImportError
  }
  throw new Error('expected a refusal')
}

describe('sweep results as JSON', () => {
  it('read back equal to what was written, for every design, model set and shard', () => {
    let seed = 0
    for (const spec of fixtureSpecs()) {
      for (const shard of [undefined, { k: 1, n: 1 }, { k: 2, n: 3 }, { k: 40, n: 40 }]) {
        const result = fixtureResult(mulberry32(seed++), spec, shard)
        const text = sweepToJson(result)
        expect(sweepFromJson(text)).toEqual(result)
        expect(sweepToJson(sweepFromJson(text))).toBe(text)
      }
    }
  })

  it('writes one line per sample, samples last', () => {
    const result = fixtureResult(mulberry32(3), fixtureSpecs()[0])
    const n = result.samples.length
    const tail = [' "samples": [', ...result.samples.map((s, i) => `  ${JSON.stringify(s)}${i < n - 1 ? ',' : ''}`), ' ]', '}', '']
    expect(sweepToJson(result).split('\n').slice(-tail.length)).toEqual(tail)
    const empty = { ...fixtureResult(mulberry32(3), fixtureSpecs()[0], { k: 8, n: 8 }) }
    expect(empty.samples).toEqual([])
    expect(sweepToJson(empty)).toContain('\n "samples": []\n}\n')
    expect(sweepFromJson(sweepToJson(empty))).toEqual(empty)
  })

  it('merges shards read from their files into exactly the unsplit result', () => {
    const spec = fixtureSpecs()[2]
    const whole = fixtureResult(mulberry32(77), spec)
    const files = [1, 2, 3, 4].map((k) => sweepToJson(fixtureResult(mulberry32(77), spec, { k, n: 4 })))
    expect(mergeSweepResults(files.map((f) => sweepFromJson(f)))).toEqual(whole)
    expect(sweepToJson(mergeSweepResults(files.map((f) => sweepFromJson(f))))).toBe(sweepToJson(whole))
  })

  it('refuses text that is too large, too deep or not JSON', () => {
    expect(refusal(() => sweepFromJson(' '.repeat(SWEEP_LIMITS.importBytes + 1))).message).toBe('the sweep file is 64 MiB, more than the 64 MiB allowed')
    expect(refusal(() => sweepFromJson(`{"a": ${'['.repeat(10)}${']'.repeat(10)}}`)).message).toBe('the sweep file nests objects and lists more than 10 deep')
    expect(refusal(() => sweepFromJson('perturber,sweep\n1,2')).message).toMatch(/^the sweep file is not JSON \(.+\)$/s)
    const error = refusal(() => sweepFromJson('{"format": "perturber-sweep", "version": 1}'))
    expect(error.message).toBe('spec: expected a sweep spec (an object), got nothing')
    expect(error.where).toBe('spec')
  })
})
