import type { PgdNorm, PgdOptions } from '@perturber/model-runtime'
import type { ModelRole } from '../modelColors'

/** The attack panel's settings; a PGD step is the app's (see {@link toPgdOptions}). */
export interface AttackSettings {
  /** the model whose gradients drive the attack */
  model: ModelRole
  /** label-space index of the target class; null = untargeted (suppress the top class) */
  target: number | null
  norm: PgdNorm
  /** ball radius in pixel units ([0, 1] per channel) */
  epsilon: number
}

export interface EpsilonSpec {
  min: number
  max: number
  step: number
  default: number
  /** display factor and unit: L∞ is shown in 1/255 steps */
  scale: number
  unit: string
}

/**
 * ε slider per norm for an image of height × width pixels. Defaults are model-runtime's
 * `defaultEpsilon`: L∞ 8/255, L2 3.0 at 224×224 scaled by √(h·w / 224²). L∞ goes up to 64/255 in
 * steps of 1/255; L2 up to 100 at 224×224 (the thesis' strong attacks use ε = 100).
 */
export function epsilonSpec(norm: PgdNorm, height = 224, width = 224): EpsilonSpec {
  if (norm === 'linf') return { min: 0, max: 64 / 255, step: 1 / 255, default: 8 / 255, scale: 255, unit: '/255' }
  const size = Math.sqrt((height * width) / (224 * 224))
  return { min: 0, max: 100 * size, step: 0.1, default: 3 * size, scale: 1, unit: '' }
}

export const defaultAttackSettings: AttackSettings = { model: 'model1', target: null, norm: 'linf', epsilon: 8 / 255 }

/** The settings as model-runtime `PgdOptions` (step size left to its default, ε/8 as in the paper). */
export function toPgdOptions(settings: AttackSettings): PgdOptions {
  return {
    norm: settings.norm,
    epsilon: settings.epsilon,
    targeted: settings.target === null ? false : { target: settings.target },
  }
}
