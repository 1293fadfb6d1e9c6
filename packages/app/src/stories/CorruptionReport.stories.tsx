import type { Meta, StoryObj } from '@storybook/react-vite'
import { defaultChain, defaultRegistry } from '@perturber/perturbations'
import { CorruptionReport } from '../components/CorruptionReport'
import { corruptionSettings } from '../batch/corruptions'
import type { BatchResult } from '../batch/types'

/** Synthetic answers on 20 images: errors grow with severity, faster for the first model. */
function syntheticResult(): BatchResult {
  const settings = corruptionSettings(defaultChain(), defaultRegistry, { corruptions: ['gaussian_noise', 'defocus-blur', 'contrast', 'speckle-noise'] })
  const models = [
    { role: 'model1' as const, name: 'ZooNet standard', classes: ['dog', 'cat'] },
    { role: 'model2' as const, name: 'ZooNet adversarial', classes: ['dog', 'cat'] },
  ]
  const wrongShare = (model: number, setting: number) => {
    if (setting === 0) return model === 0 ? 0.05 : 0.1
    const severity = ((setting - 1) % 5) + 1
    const corruption = Math.floor((setting - 1) / 5)
    return Math.min(0.95, (model === 0 ? 0.12 : 0.07) * severity * (1 + corruption / 3))
  }
  const items = Array.from({ length: 20 }, (_, index) => ({
    index,
    name: `dog/${index}.png`,
    truth: [0, 0],
    labelText: 'dog',
    predictions: settings.map((_, s) => models.map((_, m) => ({ top: index / 20 < wrongShare(m, s) ? [1, 0] : [0, 1], probabilities: [0.8, 0.2] }))),
  }))
  return { format: 'perturber-batch', version: 1, models, settings, items, skipped: [], total: 20, width: 128, height: 128 }
}

/**
 * A corruption benchmark (the batch section's "ImageNet-C benchmark" settings, or `npm run
 * experiment -- imagenet-c`): top-1 error per corruption and severity for each model, CE and mCE
 * against the baseline picked, and the CSV. Synthetic answers.
 */
const meta: Meta<typeof CorruptionReport> = {
  title: 'App/CorruptionReport',
  component: CorruptionReport,
  tags: ['autodocs'],
}
export default meta

export const TwoModels: StoryObj<typeof CorruptionReport> = { args: { result: syntheticResult() } }
