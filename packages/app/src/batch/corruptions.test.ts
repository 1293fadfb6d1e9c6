import { describe, expect, it } from 'vitest'
import { defaultChain, defaultRegistry } from '@perturber/perturbations'
import { CorruptionSpecError, IMAGENET_C_CORRUPTIONS, corruptionSettings, corruptionTable, imagenetCIds } from './corruptions'
import type { BatchResult } from './types'

const chain = defaultChain()

describe('corruptionSettings', () => {
  it('clean, then each ImageNet-C corruption alone at each severity, the rest of the chain off', () => {
    const settings = corruptionSettings(chain, defaultRegistry, { corruptions: ['speckle-noise', 'contrast'], severities: [1, 5] })
    expect(settings.map((s) => [s.id, s.name])).toEqual([['clean', 'clean'], ['speckle-noise@1', 'Speckle Noise 1'], ['speckle-noise@5', 'Speckle Noise 5'], ['contrast@1', 'Contrast 1'], ['contrast@5', 'Contrast 5']])
    for (const s of settings) expect(s.chain.map((p) => p.id)).toEqual(chain.map((p) => p.id))
    const on = settings[3].chain.filter((p) => p.enabled)
    expect(on).toEqual([{ id: 'contrast', enabled: true, params: { contrast: 1, severity: 1 } }])
    expect(settings[0].chain.every((p) => !p.enabled)).toBe(true)
  })

  it("by default all 19 ImageNet-C corruptions, in the reference's order, at the five levels", () => {
    const ids = imagenetCIds(defaultRegistry)
    expect(ids).toEqual(IMAGENET_C_CORRUPTIONS.map((c) => c.id))
    expect(ids).toHaveLength(19)
    expect(corruptionSettings(chain, defaultRegistry)).toHaveLength(1 + 19 * 5)
  })

  it("takes the reference's names too, each corruption once", () => {
    const settings = corruptionSettings(chain, defaultRegistry, { corruptions: ['jpeg_compression', 'jpeg', 'saturate'], severities: [3] })
    expect(settings.map((s) => s.id)).toEqual(['clean', 'jpeg@3', 'saturation@3'])
  })

  it('refuses an unknown corruption, one without a severity, and severities other than 1–5, naming them', () => {
    expect(() => corruptionSettings(chain, defaultRegistry, { corruptions: ['hail', 'hue'] })).toThrow(new CorruptionSpecError(`No ImageNet-C corruption named "hail", "hue": choose from ${IMAGENET_C_CORRUPTIONS.map((c) => c.id).join(', ')}.`))
    expect(() => corruptionSettings(chain, defaultRegistry, { severities: [0, 2.5, 6] })).toThrow('Severities are whole numbers from 1 to 5; got 0, 2.5, 6.')
    expect(() => corruptionSettings(chain, defaultRegistry, { corruptions: [] })).toThrow('Choose at least one corruption and one severity.')
  })
})

describe('corruptionTable', () => {
  /** four labelled images; per model and setting, how many of them the model gets wrong */
  function result(wrong: number[][]): BatchResult {
    const settings = corruptionSettings(chain, defaultRegistry, { corruptions: ['speckle-noise', 'impulse-noise'], severities: [1, 2] })
    const models = [
      { role: 'model1' as const, name: 'A', classes: ['dog', 'cat'] },
      { role: 'model2' as const, name: 'B', classes: ['dog', 'cat'] },
    ]
    const items = [0, 1, 2, 3].map((index) => ({
      index,
      name: `dog/${index}.png`,
      truth: [0, 0],
      labelText: 'dog',
      predictions: settings.map((_, s) => models.map((_, m) => ({ top: [index < wrong[m][s] ? 1 : 0, index < wrong[m][s] ? 0 : 1], probabilities: [0.9, 0.1] }))),
    }))
    return { format: 'perturber-batch', version: 1, models, settings, items, skipped: [], total: 4, width: 8, height: 8 }
  }

  it('CE and mCE relative to the baseline, as Hendrycks & Dietterich define them (by hand)', () => {
    // settings: clean, speckle@1, speckle@2, impulse@1, impulse@2
    const table = corruptionTable(result([[0, 1, 2, 1, 3], [1, 2, 3, 2, 4]]), 1)
    const [a, b] = table.models
    expect(a.clean).toBe(0)
    expect(a.rows.map((r) => [r.corruption, r.errors])).toEqual([['speckle-noise', [0.25, 0.5]], ['impulse-noise', [0.25, 0.75]]])
    // speckle: (0.25 + 0.5) / (0.5 + 0.75) = 0.6; impulse: (0.25 + 0.75) / (0.5 + 1) = 2/3
    expect(a.rows[0].ce).toBeCloseTo(0.6, 12)
    expect(a.rows[1].ce).toBeCloseTo(2 / 3, 12)
    // speckle noise is held out (an ImageNet-C validation corruption): shown, not in the mean
    expect(a.rows.map((r) => r.heldOut)).toEqual([true, false])
    expect(a.mce).toBeCloseTo(2 / 3, 12)
    // relative: (1 − 0) / (1.5 − 2·0.25) = 1
    expect(a.relativeMce).toBeCloseTo(1, 12)
    expect([b.mce, b.relativeMce]).toEqual([1, 1])
    // and with held-out corruptions alone, the mean is over them
    const heldOnly = corruptionTable({ ...result([[0, 1, 2, 1, 3], [1, 2, 3, 2, 4]]), settings: result([[0], [0]]).settings.slice(0, 3) }, 1)
    expect(heldOnly.models[0].mce).toBeCloseTo(0.6, 12)
  })

  it('a baseline that is not a model of the run is refused', () => {
    expect(() => corruptionTable(result([[0, 0, 0, 0, 0], [0, 0, 0, 0, 0]]), 2)).toThrow("The baseline must be one of the run's 2 models.")
  })
})
