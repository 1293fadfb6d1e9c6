import { describe, expect, it } from 'vitest'
import { defaultChain, defaultRegistry } from '@perturber/perturbations'
import { corruptionToCsv } from './corruptionCsv'
import { corruptionSettings, corruptionTable } from './corruptions'
import type { BatchResult } from './types'

describe('corruptionToCsv', () => {
  it('per model: clean, each corruption and severity with its CE, then the mCE; the reference name beside ours', () => {
    const settings = corruptionSettings(defaultChain(), defaultRegistry, { corruptions: ['speckle-noise', 'impulse-noise'], severities: [2, 4] })
    const models = [{ role: 'model1' as const, name: 'A, "quoted"', classes: ['dog', 'cat'] }]
    // two images; setting k is wrong on image 0 when k is odd
    const items = [0, 1].map((index) => ({
      index,
      name: `dog/${index}.png`,
      truth: [0],
      labelText: 'dog',
      predictions: settings.map((_, k) => [{ top: index === 0 && k % 2 === 1 ? [1] : [0], probabilities: [1] }]),
    }))
    const result: BatchResult = { format: 'perturber-batch', version: 1, models, settings, items, skipped: [], total: 2, width: 8, height: 8 }
    const lines = corruptionToCsv(result, corruptionTable(result, 0)).trim().split('\n')
    expect(lines).toEqual([
      '# perturber-corruption-benchmark 1',
      '# baseline {"role":"model1","name":"A, \\"quoted\\""}',
      '# images 2 of 2 (0 skipped)',
      'model,role,corruption,imagenet_c_name,held_out,severity,top1_error,ce,relative_ce',
      '"A, ""quoted""",model1,clean,,,,0.00000000,,',
      '"A, ""quoted""",model1,speckle-noise,speckle_noise,true,2,0.500000000,1.00000000,1.00000000',
      '"A, ""quoted""",model1,speckle-noise,speckle_noise,true,4,0.00000000,1.00000000,1.00000000',
      '"A, ""quoted""",model1,impulse-noise,impulse_noise,false,2,0.500000000,1.00000000,1.00000000',
      '"A, ""quoted""",model1,impulse-noise,impulse_noise,false,4,0.00000000,1.00000000,1.00000000',
      '"A, ""quoted""",model1,mCE,,,,,1.00000000,1.00000000',
    ])
  })
})
