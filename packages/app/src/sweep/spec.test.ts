import { describe, expect, it } from 'vitest'
import { defaultRegistry } from '@perturber/perturbations'
import { appStateToJson } from '../state/urlCodec'
import type { StateAdjustment } from '../state/stateText'
import { SweepSpecError, parseSweepSpec, sweepSpecToJson, targetKey, targetLabel } from './spec'
import { fixtureSpecs } from './sweepFixtures'
import { SWEEP_LIMITS } from './types'

/** A valid spec's JSON (a 2D grid and a full record) with `patch` applied. */
function specWith(patch: (json: Record<string, any>) => void = () => {}): Record<string, any> {
  const json: Record<string, any> = {
    version: 1,
    design: {
      kind: 'grid',
      axes: [
        { target: { kind: 'scene', param: 'yaw' }, from: -90, to: 90, steps: 5 },
        { target: { kind: 'perturbation', id: 'hue', param: 'hue' }, from: 0, to: 0.5, steps: 3 },
      ],
    },
    record: { models: ['model1', 'model2'], classes: [1, 2], layer: 'mixed4a', channels: [0, 3], attackSteps: 10 },
  }
  patch(json)
  return json
}

const randomWith = (patch: (json: Record<string, any>) => void) =>
  specWith((j) => {
    j.design = { kind: 'random', samples: 100, seed: 7, ranges: [{ target: { kind: 'scene', param: 'pitch' }, min: -10, max: 10 }] }
    patch(j)
  })

function refusal(input: unknown): SweepSpecError {
  try {
    parseSweepSpec(input)
  } catch (e) {
    expect(e).toBeInstanceOf(SweepSpecError)
    return e as SweepSpecError
  }
  throw new Error('expected the spec to be refused')
}

describe('parseSweepSpec', () => {
  it('reads a spec from its JSON value or text, and sweepSpecToJson writes it back', () => {
    const spec = parseSweepSpec(specWith())
    expect(spec).toEqual(specWith())
    expect(parseSweepSpec(JSON.stringify(specWith()))).toEqual(spec)
    expect(parseSweepSpec(randomWith(() => {})).design).toEqual({ kind: 'random', samples: 100, seed: 7, ranges: [{ target: { kind: 'scene', param: 'pitch' }, min: -10, max: 10 }] })
    expect(parseSweepSpec({ version: 1, design: specWith().design })).toEqual({ version: 1, design: specWith().design, record: {} })
  })

  it('reads back what it writes, equal, for every fixture spec (base included)', () => {
    for (const spec of fixtureSpecs()) {
      const json = sweepSpecToJson(spec)
      expect(json.base).toEqual(JSON.parse(JSON.stringify(appStateToJson(spec.base))))
      expect(parseSweepSpec(json)).toEqual(spec)
      expect(parseSweepSpec(JSON.stringify(json))).toEqual(spec)
    }
  })

  it('names targets by key and by label', () => {
    expect(targetKey({ kind: 'scene', param: 'yaw' })).toBe('scene.yaw')
    expect(targetKey({ kind: 'perturbation', id: 'hue', param: 'hue' })).toBe('perturbation.hue.hue')
    expect(targetKey({ kind: 'attack', param: 'epsilon' })).toBe('attack.epsilon')
    expect(targetLabel({ kind: 'scene', param: 'distance' })).toBe('Dolly')
    // a parameter named like its perturbation is named once
    expect(targetLabel({ kind: 'perturbation', id: 'hue', param: 'hue' })).toBe('Hue')
    expect(targetLabel({ kind: 'perturbation', id: 'motion-blur', param: 'angle' })).toBe('Motion Blur · Angle (°)')
    expect(targetLabel({ kind: 'attack', param: 'epsilon' })).toBe('Attack ε')
  })

  it('passes on what the base state reader adjusted, under base.', () => {
    const adjustments: StateAdjustment[] = []
    const base = JSON.parse(JSON.stringify(appStateToJson(fixtureSpecs()[0].base)))
    base.scene.params.yaw = 400
    const spec = parseSweepSpec(specWith((j) => (j.base = base)), undefined, adjustments)
    expect(spec.base?.scene.params.yaw).toBe(180)
    expect(adjustments).toEqual([{ field: 'base.scene.params.yaw', message: 'base.scene.params.yaw 400 is out of range: set to 180, the largest allowed.' }])
  })
})

const sceneNames = 'backgroundBlur, backgroundSaturation, textureInfluence, textureBlur, lightingInfluence, overallMorph, shapeMorph, textureMorph, yaw, pitch, distance, panX, panY, roll'

describe('parseSweepSpec refuses, naming the field', () => {
  const cases: [string, unknown, string, string][] = [
    ['a list', [], '', 'expected a sweep spec (an object), got a list'],
    ['a wrong version', specWith((j) => (j.version = 2)), 'version', 'version: expected 1 (the only sweep spec version), got 2'],
    ['an unknown key', specWith((j) => (j.design.axes[1].stpes = 3)), 'design.axes[1].stpes', 'design.axes[1].stpes: unknown field (design.axes[1] has target, from, to, steps)'],
    ['an unknown top-level key', specWith((j) => (j.__proto__x = 1)), '__proto__x', '__proto__x: unknown field (this level has version, design, record, base)'],
    ['an unknown design', specWith((j) => (j.design.kind = 'latin')), 'design.kind', 'design.kind: unknown design "latin" (expected "grid" or "random")'],
    ['a grid of 3 axes', specWith((j) => j.design.axes.push({ ...j.design.axes[0] })), 'design.axes', 'design.axes: a grid has 1 or 2 axes, got 3'],
    ['a grid of no axes', specWith((j) => (j.design.axes = [])), 'design.axes', 'design.axes: a grid has 1 or 2 axes, got 0'],
    ['an unknown target kind', specWith((j) => (j.design.axes[0].target.kind = 'light')), 'design.axes[0].target.kind', 'design.axes[0].target.kind: unknown target "light" (expected "scene", "perturbation" or "attack")'],
    ['an unknown scene param', specWith((j) => (j.design.axes[0].target.param = 'yaww')), 'design.axes[0].target.param', `design.axes[0].target.param: "yaww" is not a scene parameter (they are ${sceneNames})`],
    ['an unknown perturbation', specWith((j) => (j.design.axes[1].target.id = 'hu')), 'design.axes[1].target.id', `design.axes[1].target.id: "hu" is not a perturbation (they are ${defaultRegistry.list().map((d) => d.id).join(', ')})`],
    ['an unknown perturbation param', specWith((j) => (j.design.axes[1].target.param = 'sigma')), 'design.axes[1].target.param', 'design.axes[1].target.param: "sigma" is not a parameter of "hue" (it has hue)'],
    ['an attack param other than epsilon', specWith((j) => (j.design.axes[1].target = { kind: 'attack', param: 'norm' })), 'design.axes[1].target.param', 'design.axes[1].target.param: an attack sweep varies "epsilon", got "norm"'],
    ['a number that is text', specWith((j) => (j.design.axes[0].from = '10')), 'design.axes[0].from', 'design.axes[0].from: expected a number, got "10"'],
    ['NaN', specWith((j) => (j.design.axes[0].to = NaN)), 'design.axes[0].to', 'design.axes[0].to: expected a finite number, got NaN'],
    ['a number past float32', specWith((j) => (j.design.axes[0].to = 1e39)), 'design.axes[0].to', 'design.axes[0].to: 1e+39 is too large for a 32-bit float'],
    ['a value out of range', specWith((j) => (j.design.axes[0].to = 200)), 'design.axes[0].to', 'design.axes[0].to: 200 is outside the range of Yaw (from -180 to 180)'],
    ['a perturbation value out of range', specWith((j) => (j.design.axes[1].from = -0.6)), 'design.axes[1].from', 'design.axes[1].from: -0.6 is outside the range of Hue (from -0.5 to 0.5)'],
    ['an ε of 0', specWith((j) => (j.design.axes[1] = { target: { kind: 'attack', param: 'epsilon' }, from: 0, to: 0.1, steps: 2 })), 'design.axes[1].from', 'design.axes[1].from: 0 is outside the range of Attack ε (greater than 0 and at most 1000)'],
    ['an ε above 1000', specWith((j) => (j.design.axes[1] = { target: { kind: 'attack', param: 'epsilon' }, from: 0.1, to: 1500, steps: 2 })), 'design.axes[1].to', 'design.axes[1].to: 1500 is outside the range of Attack ε (greater than 0 and at most 1000)'],
    ['1 step', specWith((j) => (j.design.axes[0].steps = 1)), 'design.axes[0].steps', 'design.axes[0].steps: expected a whole number of steps from 2 to 1000, got 1'],
    ['fractional steps', specWith((j) => (j.design.axes[0].steps = 2.5)), 'design.axes[0].steps', 'design.axes[0].steps: expected a whole number of steps from 2 to 1000, got 2.5'],
    ['too many steps', specWith((j) => (j.design.axes[0].steps = 1001)), 'design.axes[0].steps', 'design.axes[0].steps: expected a whole number of steps from 2 to 1000, got 1001'],
    ['a grid of too many samples', specWith((j) => ((j.design.axes[0].steps = 200), (j.design.axes[1].steps = 51))), 'design.axes', 'design.axes: 200 × 51 = 10200 samples, more than the 10000 a sweep may have'],
    ['0 random samples', randomWith((j) => (j.design.samples = 0)), 'design.samples', 'design.samples: expected a whole number of samples from 1 to 10000, got 0'],
    ['too many random samples', randomWith((j) => (j.design.samples = 10_001)), 'design.samples', 'design.samples: expected a whole number of samples from 1 to 10000, got 10001'],
    ['a negative seed', randomWith((j) => (j.design.seed = -1)), 'design.seed', 'design.seed: expected a seed, a whole number from 0 to 4294967295, got -1'],
    ['a seed past 32 bits', randomWith((j) => (j.design.seed = 2 ** 32)), 'design.seed', 'design.seed: expected a seed, a whole number from 0 to 4294967295, got 4294967296'],
    ['no ranges', randomWith((j) => (j.design.ranges = [])), 'design.ranges', 'design.ranges: expected 1 to 16 ranges, got 0'],
    ['ranges that are not a list', randomWith((j) => (j.design.ranges = {})), 'design.ranges', 'design.ranges: expected a list of 1 to 16 ranges, got an object'],
    [
      'too many ranges',
      randomWith((j) => (j.design.ranges = Array.from({ length: 17 }, (_, i) => ({ target: { kind: 'perturbation', id: 'frequency-decomposition', param: `p${i}` }, min: 0, max: 1 })))),
      'design.ranges',
      'design.ranges: expected 1 to 16 ranges, got 17',
    ],
    ['min above max', randomWith((j) => ((j.design.ranges[0].min = 3), (j.design.ranges[0].max = 2))), 'design.ranges[0].min', 'design.ranges[0].min: 3 is greater than max (2)'],
    ['a target twice', specWith((j) => (j.design.axes[1] = { ...j.design.axes[0] })), 'design.axes[1].target', 'design.axes[1].target: scene.yaw is already varied by design.axes[0]'],
    [
      'two attack targets',
      randomWith((j) => (j.design.ranges = [1, 2].map(() => ({ target: { kind: 'attack', param: 'epsilon' }, min: 0.1, max: 0.2 })))),
      'design.ranges[1].target',
      'design.ranges[1].target: attack.epsilon is already varied by design.ranges[0]',
    ],
    ['an unknown model', specWith((j) => (j.record.models = ['model1', 'model3'])), 'record.models[1]', 'record.models[1]: "model3" is not a model (expected model1, model2, edited)'],
    ['a model twice', specWith((j) => (j.record.models = ['edited', 'edited'])), 'record.models[1]', 'record.models[1]: "edited" is listed twice'],
    ['no models', specWith((j) => (j.record.models = [])), 'record.models', 'record.models: an empty list records no model (leave it out to record every shown one)'],
    ['classes that are neither top nor a list', specWith((j) => (j.record.classes = 'all')), 'record.classes', 'record.classes: expected "top" or a list of 1 to 100 class indices, got "all"'],
    ['too many classes', specWith((j) => (j.record.classes = Array.from({ length: 101 }, (_, i) => i))), 'record.classes', 'record.classes: expected "top" or a list of 1 to 100 class indices, got 101'],
    ['a negative class', specWith((j) => (j.record.classes = [1, -1])), 'record.classes[1]', 'record.classes[1]: expected a class index, from 0 to 65535, got -1'],
    ['a class twice', specWith((j) => (j.record.classes = [4, 2, 4])), 'record.classes[2]', 'record.classes[2]: class 4 is listed twice'],
    ['an empty layer', specWith((j) => (j.record.layer = '')), 'record.layer', 'record.layer: expected a layer name of 1 to 200 characters, got 0 characters'],
    ['a long layer', specWith((j) => (j.record.layer = 'x'.repeat(201))), 'record.layer', 'record.layer: expected a layer name of 1 to 200 characters, got 201 characters'],
    ['channels without a layer', specWith((j) => delete j.record.layer), 'record.channels', 'record.channels: channels of which layer? record.layer is missing'],
    ['too many channels', specWith((j) => (j.record.channels = Array.from({ length: 4097 }, (_, i) => i))), 'record.channels', 'record.channels: expected "all" or a list of 1 to 4096 channel indices, got 4097'],
    ['a fractional channel', specWith((j) => (j.record.channels = [0.5])), 'record.channels[0]', 'record.channels[0]: expected a channel index, from 0 to 65535, got 0.5'],
    ['0 attack steps', specWith((j) => (j.record.attackSteps = 0)), 'record.attackSteps', 'record.attackSteps: expected a whole number of PGD steps from 1 to 100, got 0'],
    ['too many attack steps', specWith((j) => (j.record.attackSteps = 101)), 'record.attackSteps', 'record.attackSteps: expected a whole number of PGD steps from 1 to 100, got 101'],
    ['an unknown record key', specWith((j) => (j.record.chanels = 'all')), 'record.chanels', 'record.chanels: unknown field (record has models, classes, layer, channels, attackSteps)'],
    ['a base that is not a state', specWith((j) => (j.base = { v: 1 })), 'base', 'base: scene: expected an object'],
    ['a base of another version', specWith((j) => (j.base = { v: 9 })), 'base', 'base: unknown state version 9'],
  ]
  it.each(cases)('%s', (_, input, field, message) => {
    const error = refusal(input)
    expect(error.message).toEqual(message)
    expect(error.field).toBe(field)
  })

  it('refuses text that is too large, too deep or not JSON, before parsing it', () => {
    expect(refusal('x'.repeat(SWEEP_LIMITS.importBytes + 1)).message).toBe('the sweep spec is 64 MiB, more than the 64 MiB allowed')
    expect(refusal('é'.repeat(SWEEP_LIMITS.importBytes / 2 + 1)).message).toBe('the sweep spec is 64 MiB, more than the 64 MiB allowed')
    expect(refusal('['.repeat(11) + ']'.repeat(11)).message).toBe('the sweep spec nests objects and lists more than 10 deep')
    expect(refusal('{"version": 1,').message).toMatch(/^the sweep spec is not JSON \(.+\)$/)
    const infinite = refusal(JSON.stringify(specWith()).replace('"to":90', '"to":1e400'))
    expect([infinite.message, infinite.field]).toEqual(['design.axes[0].to: expected a finite number, got Infinity', 'design.axes[0].to'])
  })
})
