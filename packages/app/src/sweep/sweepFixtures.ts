/**
 * Valid sweep specs and seeded random sweep results for the sweep tests: every design kind and
 * target kind, one to three models with and without a layer, problems, labels and problems that
 * need quoting, and float32 numbers from subnormal to near the float32 maximum.
 */
import { defaultRegistry } from '@perturber/perturbations'
import type { ModelRole } from '@perturber/viz'
import { defaultAppState, type AppState } from '../state/appState'
import { sampleCount, shardSamples, sweepSamples } from './samples'
import type { SweepModelInfo, SweepModelValues, SweepResult, SweepSpec } from './types'

type Random = () => number
const int = (random: Random, max: number) => Math.floor(random() * (max + 1))

/** A base state unlike the defaults: a short chain (so a swept perturbation may be appended), an L2 attack. */
export function fixtureBase(): AppState {
  const base = defaultAppState({ kind: 'config', id: 'standard' })
  base.scene.params = { ...base.scene.params, yaw: -12.5, distance: 5 }
  base.scene.chain = [defaultRegistry.defaultState('contrast', true), { ...defaultRegistry.defaultState('custom-glsl', false), source: 'color.rgb = 1.0 - color.rgb; // "quoted", é\n' }]
  base.models.model2 = { kind: 'url', url: 'https://example.org/nets/b,c/model.json' }
  base.attack = { model: 'model2', target: 7, norm: 'l2', epsilon: 0.5 }
  return base
}

/** Specs covering 1D and 2D grids, random designs, every target kind and every record field. */
export function fixtureSpecs(): (SweepSpec & { base: AppState })[] {
  const base = fixtureBase()
  return [
    { version: 1, design: { kind: 'grid', axes: [{ target: { kind: 'scene', param: 'yaw' }, from: -90, to: 90, steps: 7 }] }, record: {}, base },
    {
      version: 1,
      design: {
        kind: 'grid',
        axes: [
          { target: { kind: 'perturbation', id: 'hue', param: 'hue' }, from: 0.5, to: -0.1, steps: 4 },
          { target: { kind: 'scene', param: 'pitch' }, from: 0.1, to: 0.3, steps: 3 },
        ],
      },
      record: { models: ['model2', 'model1'], classes: [3, 1, 4], layer: 'mixed4a', channels: 'all' },
      base,
    },
    {
      version: 1,
      design: {
        kind: 'random',
        samples: 23,
        seed: 4_294_967_295,
        ranges: [
          { target: { kind: 'attack', param: 'epsilon' }, min: 1 / 255, max: 16 / 255 },
          { target: { kind: 'perturbation', id: 'gaussian-noise', param: 'sigma' }, min: 0, max: 0.5 },
          { target: { kind: 'scene', param: 'distance' }, min: 1.5, max: 1.5 },
        ],
      },
      record: { classes: 'top', attackSteps: 3, layer: 'conv2d_1', channels: [5, 0, 17] },
      base,
    },
    {
      version: 1,
      design: { kind: 'grid', axes: [{ target: { kind: 'attack', param: 'epsilon' }, from: 0.25, to: 1, steps: 2 }, { target: { kind: 'scene', param: 'roll' }, from: 180, to: -180, steps: 5 }] },
      record: { models: ['edited'] },
      base,
    },
  ]
}

/** Text that a CSV cell or a JSON string has to escape. */
const awkward = ['plain', 'a, b', 'say "hi"', 'two\nlines', 'crlf\r\nend', 'ünïcödé ✓', ' padded ', '=1+1', '#hash', '']

/** A float32 number (never -0, which JSON cannot hold) of some magnitude or other. */
export function float32(random: Random): number {
  let v: number
  switch (int(random, 5)) {
    case 0:
      v = random()
      break
    case 1:
      v = (random() - 0.5) * 40
      break
    case 2:
      v = (random() - 0.5) * 10 ** (int(random, 74) - 37)
      break
    case 3:
      v = (random() < 0.5 ? -1 : 1) * 3.4028234663852886e38 * (1 - random() * 1e-6)
      break
    case 4:
      v = int(random, 100) * 1.401298464324817e-45
      break
    default:
      v = int(random, 2000) - 1000
  }
  const f = Math.fround(v)
  return f === 0 ? 0 : f
}

const indices = (random: Random, count: number, below: number) => {
  const out = new Set<number>()
  while (out.size < count) out.add(int(random, below - 1))
  return [...out]
}

/**
 * A valid result of `spec`: random models and numbers, the whole sweep or one shard (strided,
 * as `shardSamples` gives it), some samples where a model has a problem.
 */
export function fixtureResult(random: Random, spec: SweepSpec & { base: AppState }, shard?: { k: number; n: number }): SweepResult {
  const roles: ModelRole[] = spec.record.models ?? (['model1', 'model2', 'edited'] as const).filter(() => random() < 0.6)
  if (roles.length === 0) roles.push('model1')
  const models = roles.map((role): SweepModelInfo => {
    const classes = Array.isArray(spec.record.classes) ? spec.record.classes : indices(random, int(random, 5), 1000)
    const info: SweepModelInfo = { role, name: `${role} ${awkward[int(random, awkward.length - 1)]}`, classes, labels: classes.map((c) => `${c}: ${awkward[int(random, awkward.length - 1)]}`) }
    if (spec.record.layer) {
      info.layer = spec.record.layer
      info.channels = spec.record.channels === 'all' || spec.record.channels === undefined ? Array.from({ length: int(random, 6) }, (_, c) => c) : spec.record.channels
    }
    return info
  })
  const all = sweepSamples(spec.design)
  // numbers for every sample, then the shard's share: a shard holds exactly what the unsplit run has
  const samples = all.map((sample) => ({
    ...sample,
    models: models.map((info): SweepModelValues => {
      if (random() < 0.15) return { probabilities: [], logits: [], top: [], ...(info.channels ? { channels: [] } : {}), problem: `failed: ${awkward[int(random, awkward.length - 2)]}` }
      const values: SweepModelValues = {
        probabilities: info.classes.map(() => float32(random)),
        logits: info.classes.map(() => float32(random)),
        top: indices(random, int(random, 5), 1000),
      }
      if (info.channels) values.channels = info.channels.map(() => float32(random))
      return values
    }),
  }))
  const result: SweepResult = { format: 'perturber-sweep', version: 1, spec, models, samples: shard ? shardSamples(samples, shard) : samples, total: sampleCount(spec.design) }
  if (shard) result.shard = shard
  return result
}
