import { describe, expect, test } from 'vitest'
import { defaultRegistry } from './builtins'
import { ChainParseError, parseChain, serializeChain } from './serialize'

const errorOf = (read: () => unknown): string => {
  try {
    read()
  } catch (e) {
    expect(e).toBeInstanceOf(ChainParseError)
    return (e as Error).message
  }
  throw new Error('expected the chain to be refused')
}

describe('parseChain on hostile chains', () => {
  test('a chain holds each perturbation at most once: repeats and oversized chains are refused at once', () => {
    const hue = { id: 'hue', enabled: true, params: { hue: 0.1 } }
    expect(errorOf(() => parseChain({ version: 1, chain: [hue, { id: 'contrast' }, hue] }))).toBe('chain[2]: "hue" is already in the chain at chain[0] (a chain holds each perturbation at most once)')
    const count = defaultRegistry.list().length
    const start = performance.now()
    expect(errorOf(() => parseChain({ version: 1, chain: Array.from({ length: 20_000 }, () => hue) }, defaultRegistry, { field: 'scene.chain' }))).toBe(
      `scene.chain has 20000 entries, but a chain holds each perturbation at most once and there are ${count}`,
    )
    expect(performance.now() - start).toBeLessThan(100)
    // every perturbation once is the longest chain there is
    expect(parseChain(serializeChain(defaultRegistry.list().map((d) => defaultRegistry.defaultState(d.id))))).toHaveLength(count)
  })

  test('"enabled" must be true or false: anything else leaves the perturbation off, with a note', () => {
    const adjustments: { field: string; message: string }[] = []
    const chain = parseChain({ version: 1, chain: [{ id: 'hue', enabled: 'false' }, { id: 'contrast', enabled: true }, { id: 'alpha' }] }, defaultRegistry, { adjustments })
    expect(chain.map((s) => s.enabled)).toEqual([false, true, false])
    expect(adjustments).toEqual([{ field: 'chain[0].enabled', message: 'chain[0].enabled must be true or false, got "false": the perturbation stays off.' }])
  })

  test('out-of-range parameters are clamped and unknown ones ignored, each with a note naming the entry', () => {
    const adjustments: { field: string; message: string }[] = []
    const [hue, custom] = parseChain(
      { version: 1, chain: [{ id: 'hue', enabled: true, params: { hue: 1e9, tint: 2 } }, { id: 'custom-glsl', enabled: true, params: { amount: -1 }, source: 42 }] },
      defaultRegistry,
      { field: 'scene.chain', adjustments },
    )
    expect(hue.params.hue).toBe(0.5)
    expect(custom.params.amount).toBe(0)
    expect(custom.source).toBe(defaultRegistry.defaultState('custom-glsl').source)
    expect(adjustments.map((a) => a.message)).toEqual([
      'scene.chain[0].params.tint is not a parameter of "hue" (it has hue): ignored.',
      'scene.chain[0].params.hue 1000000000 is out of range: set to 0.5, the largest allowed.',
      'scene.chain[1].params.amount -1 is out of range: set to 0, the smallest allowed.',
      'scene.chain[1].source must be text, got 42: the default code is used.',
    ])
    expect(adjustments.map((a) => a.field)).toEqual(['scene.chain[0].params.tint', 'scene.chain[0].params.hue', 'scene.chain[1].params.amount', 'scene.chain[1].source'])
  })

  test('entries that are not perturbations are refused, naming the entry', () => {
    expect(errorOf(() => parseChain({ version: 1, chain: [null] }))).toBe('chain[0]: missing "id"')
    expect(errorOf(() => parseChain({ version: 1, chain: [{ id: 'hue', params: 'loud' }] }))).toBe('chain[0] (hue): "params" must be an object of parameter values')
    expect(errorOf(() => parseChain({ version: 1, chain: [{ id: 'x'.repeat(500) }] }))).toBe(`chain[0]: unknown perturbation "${'x'.repeat(58)}…"`)
  })
})
