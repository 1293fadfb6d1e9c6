import { describe, expect, it } from 'vitest'
import { mulberry32 } from '@perturber/perturbations/authoring'
import { SweepImportError, mergeSweepResults, sampleState, validateSweepResult } from './result'
import { sweepSamples } from './samples'
import { sweepSpecToJson } from './spec'
import { fixtureResult, fixtureSpecs } from './sweepFixtures'
import type { SweepResult } from './types'

/** A result as its JSON file holds it. */
const jsonOf = (result: SweepResult): Record<string, any> => JSON.parse(JSON.stringify({ ...result, spec: sweepSpecToJson(result.spec) }))

function refusal(read: () => unknown): SweepImportError {
  try {
    read()
  } catch (e) {
    expect(e).toBeInstanceOf(SweepImportError)
    return e as SweepImportError
  }
  throw new Error('expected a refusal')
}

describe('mergeSweepResults', () => {
  it('merges all shards of a run into exactly the unsplit result', () => {
    fixtureSpecs().forEach((spec, s) => {
      for (const n of [1, 2, 3, 5, 30]) {
        const whole = fixtureResult(mulberry32(s), spec)
        // the same seed gives the same models and numbers: a shard holds exactly the unsplit run's samples
        const shards = Array.from({ length: n }, (_, k) => fixtureResult(mulberry32(s), spec, { k: k + 1, n }))
        shards.forEach((shard) => expect(shard.samples).toEqual(whole.samples.filter((x) => x.index % n === shard.shard!.k - 1)))
        expect(mergeSweepResults(shards.reverse())).toEqual(whole)
        expect(mergeSweepResults(shards)).not.toHaveProperty('shard')
      }
    })
  })

  it('refuses parts of other sweeps, overlapping parts and parts that leave samples out', () => {
    const spec = fixtureSpecs()[1]
    const part = (k: number, n = 3) => fixtureResult(mulberry32(5), spec, { k, n })
    expect(refusal(() => mergeSweepResults([])).message).toBe('no sweep results to merge')
    const overlap = refusal(() => mergeSweepResults([part(1), part(2), part(3), part(2, 4)]))
    expect(overlap.message).toBe('parts[3]: sample 1 is also in parts[1]')
    expect(overlap.where).toBe('parts[3]')
    const gap = refusal(() => mergeSweepResults([part(1), part(3)]))
    expect(gap.message).toBe("the parts hold 8 of the sweep's 12 samples: 4 are missing, the first is sample 1")
    const other = structuredClone(part(2))
    if (other.spec.design.kind === 'grid') other.spec.design.axes[0].from = 0.4
    expect(refusal(() => mergeSweepResults([part(1), other, part(3)])).message).toBe('parts[1]: its sweep spec differs from that of parts[0]: only parts of one sweep can be merged')
    const otherBase = structuredClone(part(2))
    otherBase.spec.base.scene.params.yaw = 3
    expect(refusal(() => mergeSweepResults([part(1), otherBase])).message).toBe('parts[1]: its sweep spec differs from that of parts[0]: only parts of one sweep can be merged')
    const otherModels = structuredClone(part(3))
    otherModels.models[0].name = 'another'
    expect(refusal(() => mergeSweepResults([part(1), part(2), otherModels])).message).toBe('parts[2]: its models differ from those of parts[0]: only parts of one sweep can be merged')
    expect(refusal(() => mergeSweepResults([part(1), { ...part(2), total: 13 }])).message).toBe('parts[1]: it is part of a sweep of 13 samples, parts[0] of 12')
  })

  it('compares specs and models by content, not by the order their keys were written in', () => {
    const spec = fixtureSpecs()[1]
    const parts = [1, 2].map((k) => fixtureResult(mulberry32(6), spec, { k, n: 2 }))
    parts[1].models = parts[1].models.map(({ channels, layer, labels, classes, name, role }) => ({ channels, layer, labels, classes, name, role }))
    parts[1].spec = { ...structuredClone(spec), record: { channels: 'all', layer: 'mixed4a', classes: [3, 1, 4], models: ['model2', 'model1'] } }
    expect(mergeSweepResults(parts)).toEqual(fixtureResult(mulberry32(6), spec))
  })
})

describe('validateSweepResult', () => {
  it('gives back a valid result as it was (numbers float32, samples in index order)', () => {
    fixtureSpecs().forEach((spec, s) => {
      const result = fixtureResult(mulberry32(100 + s), spec, s % 2 ? { k: 2, n: 3 } : undefined)
      expect(validateSweepResult(jsonOf(result))).toEqual(result)
      const shuffled = jsonOf(result)
      shuffled.samples.reverse()
      shuffled.samples[0].models[0].logits = shuffled.samples[0].models[0].logits.map((x: number) => x + 1e-12)
      expect(validateSweepResult(shuffled).samples.map((x) => x.index)).toEqual(result.samples.map((x) => x.index))
    })
  })

  const base = () => jsonOf(fixtureResult(mulberry32(9), fixtureSpecs()[1]))
  const withProblem = () => {
    const json = base()
    json.samples[0].models[0] = { probabilities: [], logits: [], top: [], channels: [], problem: 'out of memory' }
    return json
  }
  /** Channels of the first model of the base fixture (random in the fixture). */
  const j0Channels = () => base().models[0].channels.length
  const cases: [string, (j: Record<string, any>) => unknown, string, string][] = [
    ['a list', () => [], '', 'expected a sweep result (an object), got a list'],
    ['another format', (j) => ({ ...j, format: 'perturber-state' }), 'format', 'format: not a Perturber sweep (expected "perturber-sweep", got "perturber-state")'],
    ['another version', (j) => ({ ...j, version: 2 }), 'version', 'version: expected 1 (the only sweep result version), got 2'],
    ['an unknown key', (j) => ({ ...j, extra: 1 }), 'extra', 'extra: unknown field (this level has format, version, spec, models, samples, total, shard)'],
    ['a spec without base', (j) => (delete j.spec.base, j), 'spec.base', 'spec.base: missing: a sweep result records the state it started from'],
    ['a bad spec', (j) => ((j.spec.design.axes[0].steps = 0), j), 'spec.design.axes[0].steps', 'spec.design.axes[0].steps: expected a whole number of steps from 2 to 1000, got 0'],
    ['a bad base', (j) => ((j.spec.base.models = 1), j), 'spec.base', 'spec.base: models: expected an object'],
    ['a wrong total', (j) => ({ ...j, total: 13 }), 'total', 'total: expected 12, the number of samples the spec gives, got 13'],
    ['a bad shard', (j) => ({ ...j, shard: { k: 4, n: 3 } }), 'shard.k', 'shard.k: expected a shard number, from 1 to 3, got 4'],
    ['no models', (j) => ({ ...j, models: [] }), 'models', 'models: expected 1 to 3 models, got 0'],
    ['a model twice', (j) => ((j.models[1].role = j.models[0].role), j), 'models[1].role', 'models[1].role: "model2" is listed twice'],
    ['labels of another length', (j) => (j.models[0].labels.pop(), j), 'models[0].labels', 'models[0].labels: expected 3 labels, one per recorded class, got 2'],
    ['a layer without channels', (j) => (delete j.models[0].channels, j), 'models[0].channels', 'models[0].channels: missing: which channels of mixed4a were recorded'],
    ['channels without a layer', (j) => (delete j.models[0].layer, j), 'models[0].channels', 'models[0].channels: channels of which layer? layer is missing'],
    ['a channel twice', (j) => ((j.models[1].channels = [0, 0]), j), 'models[1].channels[1]', 'models[1].channels[1]: channel 0 is listed twice'],
    ['too many samples', (j) => ((j.samples = [...j.samples, j.samples[0]]), j), 'samples', 'samples: 13 samples, more than the 12 the sweep has'],
    ['an index out of range', (j) => ((j.samples[3].index = 12), j), 'samples[3].index', 'samples[3].index: expected a sample index, from 0 to 11, got 12'],
    ['an index twice', (j) => ((j.samples[3].index = 1), j), 'samples[3].index', 'samples[3].index: sample 1 is also at samples[1]'],
    ['an index outside the shard', (j) => ({ ...j, shard: { k: 1, n: 2 } }), 'samples[1].index', 'samples[1].index: sample 1 is not in shard 1/2'],
    ['too few values', (j) => (j.samples[2].values.pop(), j), 'samples[2].values', 'samples[2].values: expected 2 values, one per varied parameter, got 1'],
    ['a changed value', (j) => ((j.samples[2].values[0] = 0.25), j), 'samples[2].values[0]', 'samples[2].values[0]: 0.25 is not what the spec gives sample 2 (0.1)'],
    ['a missing model', (j) => (j.samples[4].models.pop(), j), 'samples[4].models', 'samples[4].models: expected 2 entries, one per model of the result, got 1'],
    ['a number past float32', (j) => ((j.samples[4].models[1].logits[2] = -1e39), j), 'samples[4].models[1].logits[2]', 'samples[4].models[1].logits[2]: -1e+39 is too large for a 32-bit float'],
    ['a null (NaN in JSON)', (j) => ((j.samples[4].models[1].probabilities[0] = null), j), 'samples[4].models[1].probabilities[0]', 'samples[4].models[1].probabilities[0]: expected a number, got null'],
    ['too few probabilities', (j) => (j.samples[5].models[0].probabilities.pop(), j), 'samples[5].models[0].probabilities', 'samples[5].models[0].probabilities: expected 3 numbers (one per recorded class), got 2'],
    ['too many channels', (j) => (j.samples[5].models[0].channels.push(1), j), 'samples[5].models[0].channels', `samples[5].models[0].channels: expected ${j0Channels()} numbers (one per recorded channel), got ${j0Channels() + 1}`],
    ['six top classes', (j) => ((j.samples[6].models[0].top = [1, 2, 3, 4, 5, 6]), j), 'samples[6].models[0].top', 'samples[6].models[0].top: expected at most 5 classes, got 6'],
    ['a fractional top class', (j) => ((j.samples[6].models[0].top = [1.5]), j), 'samples[6].models[0].top[0]', 'samples[6].models[0].top[0]: expected a class index, from 0 to 65535, got 1.5'],
    ['numbers with a problem', (j) => ((j.samples[0].models[0] = { ...withProblem().samples[0].models[0], logits: [1, 2, 3] }), j), 'samples[0].models[0].logits', 'samples[0].models[0].logits: expected 0 numbers (the model has a problem on this sample), got 3'],
    ['an empty problem', (j) => ((j.samples[0].models[0] = { ...withProblem().samples[0].models[0], problem: '' }), j), 'samples[0].models[0].problem', 'samples[0].models[0].problem: expected a problem of 1 to 2048 characters, got 0 characters'],
    ['an unknown sample key', (j) => ((j.samples[0].thumbnail = 'x'), j), 'samples[0].thumbnail', 'samples[0].thumbnail: unknown field (samples[0] has index, values, models)'],
  ]

  it.each(cases)('refuses %s, saying where', (_, patch, where, message) => {
    const error = refusal(() => validateSweepResult(patch(base())))
    expect(error.message).toBe(message)
    expect(error.where).toBe(where)
  })

  it('takes a problem sample without numbers, its channels empty or left out', () => {
    const json = withProblem()
    const read = validateSweepResult(json)
    expect(read.samples[0].models[0]).toEqual({ probabilities: [], logits: [], top: [], channels: [], problem: 'out of memory' })
    delete json.samples[0].models[0].channels
    expect(validateSweepResult(json)).toEqual(read)
  })
})

describe('sampleState', () => {
  it("is the base state with the sample's scene and ε applied", () => {
    const spec = fixtureSpecs()[3] // ε × roll
    const result = fixtureResult(mulberry32(1), spec)
    const state = sampleState(result, 7) // ε index 1 (1), roll index 3 (−90)
    expect(state.attack).toEqual({ ...spec.base.attack, epsilon: 1 })
    expect(state.scene.params).toEqual({ ...spec.base.scene.params, roll: -90 })
    expect({ ...state, scene: spec.base.scene, attack: spec.base.attack }).toEqual(spec.base)
    expect(result.spec.base.attack.epsilon).toBe(0.5)

    const hue = sampleState(fixtureResult(mulberry32(1), fixtureSpecs()[1]), 5) // hue index 1 (0.3), pitch index 1 (0.2)
    expect(hue.scene.params.pitch).toBe(0.2)
    expect(hue.scene.chain.at(-1)).toEqual({ id: 'hue', enabled: true, params: { hue: 0.5 + (-0.6 * 1) / 3 } })
    expect(hue.attack).toEqual(spec.base.attack)
    expect(() => sampleState(result, 10)).toThrow(RangeError)

    const random = fixtureResult(mulberry32(2), fixtureSpecs()[2], { k: 2, n: 3 })
    for (const index of [0, 1, 4, 22]) {
      const values = sweepSamples(random.spec.design)[index].values
      expect(sampleState(random, index).attack.epsilon).toBe(values[0])
      expect(sampleState(random, index).scene.params.distance).toBe(1.5)
      expect(sampleState(random, index).scene.chain.at(-1)?.params.sigma).toBe(values[1])
    }
  })
})
