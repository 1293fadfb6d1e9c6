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
 * `defaultEpsilon`: L∞ 8/255; L2 8/255 · √(3·h·w), every pixel channel changed by 8/255 on average
 * (RMS): 12.2 at 224×224 (see {@link epsilonPixelTerms}). L∞ goes up to 64/255 in steps of 1/255;
 * L2 up to 100 at 224×224 (the thesis' strong attacks use ε = 100), scaled by √(h·w / 224²).
 */
export function epsilonSpec(norm: PgdNorm, height = 224, width = 224): EpsilonSpec {
  if (norm === 'linf') return { min: 0, max: 64 / 255, step: 1 / 255, default: 8 / 255, scale: 255, unit: '/255' }
  const size = Math.sqrt((height * width) / (224 * 224))
  return { min: 0, max: 100 * size, step: 0.1, default: (8 / 255) * Math.sqrt(3 * height * width), scale: 1, unit: '' }
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

/**
 * L2 ε in pixel terms: the change of every pixel channel that has the same length, ε / √(3·h·w)
 * (the root mean square change per channel), in 1/255 steps, e.g. "every pixel channel changed by
 * 4.0/255 on average (RMS) at 224×224".
 */
export function epsilonPixelTerms(epsilon: number, height = 224, width = 224): string {
  const rms = epsilon / Math.sqrt(3 * height * width)
  return `every pixel channel changed by ${(rms * 255).toFixed(1)}/255 on average (RMS) at ${width}×${height}`
}

/** An expected step time as the attack controls show it: "≈ 0.2 s", "≈ 0.04 s", "≈ 3.1 s", "≈ 12 s". */
export function formatStepTime(ms: number): string {
  const s = ms / 1000
  if (s >= 10) return `≈ ${s.toFixed(0)} s`
  if (s >= 0.095) return `≈ ${s.toFixed(1)} s`
  return s >= 0.005 ? `≈ ${s.toFixed(2)} s` : '< 0.01 s'
}
