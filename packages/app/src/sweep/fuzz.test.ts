import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import { mulberry32 } from '@perturber/perturbations/authoring'
import { fuzz, int, mutateBytes, mutateJson, mutateText, pickOne, type Random } from '../../../../tests/support/fuzz'
import { sweepFromCsv, sweepToCsv } from './csv'
import { sweepFromJson, sweepToJson } from './json'
import { SweepImportError, validateSweepResult } from './result'
import { SweepSpecError, parseSweepSpec, sweepSpecToJson } from './spec'
import { fixtureResult, fixtureSpecs } from './sweepFixtures'
import type { SweepResult, SweepSpec } from './types'

const nestsDeeperThan = (node: unknown, depth: number): boolean =>
  typeof node === 'object' && node !== null && (depth === 0 || Object.values(node).some((child) => nestsDeeperThan(child, depth - 1)))

/** One to three structural mutations (none further once one nested deeply: mutateJson would recurse through it). */
function mutated(random: Random, json: unknown): unknown {
  let out = json
  for (let i = 0, n = 1 + int(random, 2); i < n; i++) {
    out = mutateJson(out, random)
    if (nestsDeeperThan(out, 64)) break
  }
  return out
}

const latin1 = (bytes: Uint8Array) => new TextDecoder('latin1').decode(bytes)
const utf8 = (text: string) => new TextEncoder().encode(text)

/** Every number finite as float32 and no object with a changed prototype: what the figures may rely on. */
function checkPlain(value: unknown, path: string): void {
  if (typeof value === 'number' && !Number.isFinite(Math.fround(value))) throw new Error(`${path}: ${value} is not finite as float32`)
  if (typeof value !== 'object' || value === null) return
  if (Object.getPrototypeOf(value) !== (Array.isArray(value) ? Array.prototype : Object.prototype)) throw new Error(`${path}: another prototype`)
  for (const [key, child] of Object.entries(value)) checkPlain(child, `${path}.${key}`)
}

/** A spec that was read is written and read back as itself. */
function checkSpec(spec: SweepSpec): void {
  checkPlain(spec, 'spec')
  if (!isDeepStrictEqual(parseSweepSpec(sweepSpecToJson(spec)), spec)) throw new Error('the spec does not read back as itself')
}

/** A result that was read exports to JSON and CSV that read back as itself. */
function checkResult(result: SweepResult): void {
  checkPlain(result, 'result')
  if (!isDeepStrictEqual(sweepFromJson(sweepToJson(result)), result)) throw new Error('the result does not read back from its JSON as itself')
  if (!isDeepStrictEqual(sweepFromCsv(sweepToCsv(result)), result)) throw new Error('the result does not read back from its CSV as itself')
}

type Case = { kind: 'spec'; input: unknown } | { kind: 'result'; data: unknown } | { kind: 'json'; text: string } | { kind: 'csv'; text: string }

describe('sweep specs and results under seeded mutation', () => {
  it('end every mutated spec, result object, JSON file and CSV table in a valid value or a typed error', async () => {
    const specs = fixtureSpecs()
    const results = specs.flatMap((spec, s) => [fixtureResult(mulberry32(s), spec), fixtureResult(mulberry32(s + 10), spec, { k: 2, n: 3 })])
    const specJson = specs.map((spec) => sweepSpecToJson(spec))
    const resultJson = results.map((r) => JSON.parse(sweepToJson(r)))
    const jsonTexts = results.map(sweepToJson)
    const csvTexts = results.map((r) => sweepToCsv(r))
    const prototypeKeys = Object.getOwnPropertyNames(Object.prototype)
    const report = await fuzz<Case>(
      // no time limit per case: a hang never returns, and the test's own timeout catches it
      { cases: 3000, seed: 21, slowMs: Infinity },
      (random, index): Case => {
        switch (index % 6) {
          case 0:
            return { kind: 'spec', input: mutated(random, pickOne(random, specJson)) }
          case 1:
            return { kind: 'spec', input: latin1(mutateBytes(utf8(JSON.stringify(pickOne(random, specJson))), random)) }
          case 2:
            return { kind: 'result', data: mutated(random, pickOne(random, resultJson)) }
          case 3:
            return { kind: 'json', text: latin1(mutateBytes(utf8(pickOne(random, jsonTexts)), random)) }
          case 4:
            return { kind: 'csv', text: mutateText(pickOne(random, csvTexts), random) }
          default:
            return { kind: 'csv', text: latin1(mutateBytes(utf8(pickOne(random, csvTexts)), random)) }
        }
      },
      (input) => {
        if (input.kind === 'spec') return checkSpec(parseSweepSpec(input.input))
        if (input.kind === 'result') return checkResult(validateSweepResult(input.data))
        return checkResult(input.kind === 'json' ? sweepFromJson(input.text) : sweepFromCsv(input.text))
      },
      (error) => error instanceof SweepSpecError || error instanceof SweepImportError,
    )
    console.log(`[sweep fuzz] ${JSON.stringify(report.counts)}`)
    expect(report.problems).toEqual([])
    expect(report.counts.internal).toBe(0)
    // both outcomes are exercised: mutations that still read, and mutations refused
    expect(report.counts.ok).toBeGreaterThan(150)
    expect(report.counts.typed).toBeGreaterThan(1000)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(Object.getOwnPropertyNames(Object.prototype)).toEqual(prototypeKeys)
  })

  it('refuses deep nesting in a file before parsing it, and in a value without recursing into it', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    expect(() => parseSweepSpec(deep)).toThrow(SweepSpecError)
    expect(() => sweepFromJson(`{"format": "perturber-sweep", "spec": ${deep}}`)).toThrow('the sweep file nests objects and lists more than 10 deep')
    let nested: unknown = []
    for (let i = 0; i < 100_000; i++) nested = [nested]
    const json = JSON.parse(sweepToJson(fixtureResult(mulberry32(1), fixtureSpecs()[0])))
    json.samples[0].models[0].top = nested
    expect(() => validateSweepResult(json)).toThrow(SweepImportError)
  })
})
