import type { PerturbationControlsProps } from '@perturber/viz'
import type { SensitivityUnit } from './params'
import type { SensitivityEntry, SensitivityResult } from './sensitivity'

/** What the controls show per parameter key (`PerturbationControls`' `sensitivity`). */
export type SensitivityIndicators = NonNullable<PerturbationControlsProps['sensitivity']>

const unitWords: Record<SensitivityUnit, string> = { degree: 'per degree', pixel: 'per pixel', radian: 'per radian', unit: 'per unit' }
const unitSymbols: Record<SensitivityUnit, string> = { degree: '°', pixel: ' px', radian: ' rad', unit: '' }

/** A number for the words: three significant digits, a real minus sign. */
const number = (value: number, signed = false) => {
  const text = Number.isInteger(value) && Math.abs(value) < 1e4 ? String(value) : Number(value.toPrecision(3)).toString()
  return `${signed && value > 0 ? '+' : ''}${text}`.replace('-', '−')
}

/** How the derivative was taken, in words: "central difference, ±3.6°", "one-sided at the end of the range, +0.01". */
export function describeStep(entry: SensitivityEntry): string {
  const unit = unitSymbols[entry.unit]
  if (entry.scheme !== 'central') {
    const step = entry.scheme === 'forward' ? entry.to - entry.value : entry.from - entry.value
    return `one-sided at the ${entry.scheme === 'forward' ? 'low' : 'high'} end of its range, ${number(step, true)}${unit}`
  }
  const below = entry.value - entry.from
  const above = entry.to - entry.value
  return Math.abs(below - above) < 1e-9 * (entry.max - entry.min)
    ? `central difference, ±${number(above)}${unit}`
    : `central difference over ${number(entry.from)}–${number(entry.to)}${unit}, near an end of its range`
}

/** One parameter's derivative in words, e.g. "d(dog logit)/d(Yaw) ≈ −0.031 per degree (central difference, ±3.6°)". */
export function describeSensitivity(entry: SensitivityEntry, result: Pick<SensitivityResult, 'output'>): string {
  return `d(${result.output.label})/d(${entry.label}) ≈ ${number(entry.derivative, true)} ${unitWords[entry.unit]} (${describeStep(entry)})`
}

/**
 * The controls' indicators: the latest computation's entries, and for the parameters it has not
 * reached yet (or when it is for an earlier state) the previous complete result's, faded. A bar's
 * length is |derivative| × the parameter's range, relative to the largest: the change across each
 * whole slider, so parameters in different units compare.
 */
export function sensitivityIndicators(current: SensitivityResult | null, previous: SensitivityResult | null, stale: boolean): SensitivityIndicators {
  const shown = new Map<string, { entry: SensitivityEntry; result: SensitivityResult; stale: boolean }>()
  for (const entry of previous?.entries ?? []) shown.set(entry.key, { entry, result: previous!, stale: true })
  for (const entry of current?.entries ?? []) shown.set(entry.key, { entry, result: current!, stale })
  const size = (entry: SensitivityEntry) => Math.abs(entry.derivative) * (entry.max - entry.min)
  const largest = Math.max(0, ...[...shown.values()].map(({ entry }) => size(entry)).filter(Number.isFinite))
  const indicators: Record<string, SensitivityIndicators[string]> = {}
  for (const [key, { entry, result, stale: faded }] of shown) {
    indicators[key] = { value: entry.derivative, relative: largest > 0 ? size(entry) / largest : 0, label: describeSensitivity(entry, result), ...(faded ? { stale: true } : {}) }
  }
  return indicators
}
