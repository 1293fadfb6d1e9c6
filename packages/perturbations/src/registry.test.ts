import { describe, expect, test } from 'vitest'
import { PerturbationRegistry, defaultRegistry, parseChain, serializeChain, ChainParseError, builtinPerturbations, type PerturbationDefinition } from './index'
import { parseCompilerLog, seededPermutation } from './authoring'

const invert: PerturbationDefinition<'amount'> = {
  id: 'invert',
  label: 'Invert',
  group: 'color',
  description: 'test',
  params: [{ name: 'amount', label: 'Amount', min: 0, max: 1, step: 0.01, default: 0 }],
  passes: [{ fragmentShader: 'void main() { gl_FragColor = texture2D(tInput, vUv); }' }],
}

describe('registry', () => {
  test('registers, lists and notifies', () => {
    const r = new PerturbationRegistry()
    let calls = 0
    r.subscribe(() => calls++)
    r.register(invert)
    expect(r.list().map((d) => d.id)).toEqual(['invert'])
    expect(r.defaultState('invert')).toEqual({ id: 'invert', enabled: false, params: { amount: 0 } })
    expect(calls).toBe(1)
  })

  test('rejects invalid definitions with a reason', () => {
    const r = new PerturbationRegistry()
    expect(() => r.register({ ...invert, id: 'Bad Id' })).toThrow(/kebab-case/)
    expect(() => r.register({ ...invert, params: [{ ...invert.params[0], default: 2 }] })).toThrow(/outside/)
    expect(() => r.register({ ...invert, passes: [{ fragmentShader: '', samplers: { tX: 'nowhere' } }] })).toThrow(/nowhere/)
    expect(() => r.require('missing')).toThrow(/Unknown perturbation "missing"/)
  })

  test('every built-in has a default inside its range and a unique id', () => {
    const ids = builtinPerturbations.map((d) => d.id)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toEqual(expect.arrayContaining(['alpha', 'hue', 'saturation', 'custom-glsl', 'patch-shuffle', 'frequency-decomposition', 'adversarial-overlay']))
  })
})

describe('serialisation', () => {
  test('round-trips a chain exactly', () => {
    const chain = [
      { ...defaultRegistry.defaultState('hue', true), params: { hue: 0.25 } },
      { ...defaultRegistry.defaultState('custom-glsl', true), source: 'color.rgb *= amount;' },
    ]
    expect(parseChain(JSON.stringify(serializeChain(chain)))).toEqual(chain)
  })

  test('clamps out-of-range values, fills missing ones, rejects unknown ids and bad numbers', () => {
    const parsed = parseChain({ version: 1, chain: [{ id: 'hue', enabled: true, params: { hue: 9 } }, { id: 'contrast', enabled: false }] })
    expect(parsed[0].params.hue).toBe(0.5)
    expect(parsed[1].params.contrast).toBe(1)
    expect(() => parseChain({ version: 1, chain: [{ id: 'nope', enabled: true, params: {} }] })).toThrow(ChainParseError)
    expect(() => parseChain({ version: 1, chain: [{ id: 'hue', enabled: true, params: { hue: 'x' } }] })).toThrow(/not a finite number/)
    expect(() => parseChain('{oops')).toThrow(/Not valid JSON/)
    expect(() => parseChain({ chain: [] })).toThrow(/version/)
  })
})

describe('compiler log parsing', () => {
  test('extracts line and message from an ANGLE log', () => {
    const e = parseCompilerLog("ERROR: 0:3: 'foo' : undeclared identifier\nERROR: 0:3: '' : compilation errors", 'custom-glsl')
    expect(e).toMatchObject({ perturbationId: 'custom-glsl', line: 3, message: "'foo' : undeclared identifier" })
  })
})

describe('seeded permutation', () => {
  test('is a deterministic permutation; k = 1 is the identity', () => {
    const p = seededPermutation(16, 7)
    expect([...p].sort((a, b) => a - b)).toEqual([...Array(16).keys()])
    expect(seededPermutation(16, 7)).toEqual(p)
    expect(seededPermutation(16, 8)).not.toEqual(p)
    expect(seededPermutation(1, 123)).toEqual([0])
  })
})
