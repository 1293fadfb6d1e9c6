/**
 * What a parameter's sensitivity indicator shows: the derivative of some output (a class score, a
 * channel's mean) with respect to the parameter at the current state. Plain numbers and words, so
 * the controls stay free of whatever computed them.
 */
export interface ParamSensitivity {
  /** the derivative, in output units per parameter unit */
  value: number
  /** |value| × the parameter's range relative to the largest such among the parameters shown, in [0, 1]: the bar's length */
  relative: number
  /** the number in words, the tooltip and accessible name, e.g. "d(dog logit)/d(Yaw) ≈ +0.031 per degree" */
  label: string
  /** computed for an earlier state (a newer one is on its way): drawn faded */
  stale?: boolean
}

/** Sensitivities by parameter key: {@link sceneSensitivityKey} and {@link perturbationSensitivityKey}. */
export type ParamSensitivities = Readonly<Record<string, ParamSensitivity>>

/** A scene parameter's key in {@link ParamSensitivities} (`scene.yaw`), as a sweep target's key. */
export const sceneSensitivityKey = (name: string) => `scene.${name}`

/** A perturbation parameter's key in {@link ParamSensitivities} (`perturbation.hue.hue`), as a sweep target's key. */
export const perturbationSensitivityKey = (id: string, param: string) => `perturbation.${id}.${param}`

/** A derivative as the indicator's readout shows it: signed, three significant digits. */
export function formatSensitivity(value: number): string {
  if (!Number.isFinite(value)) return '–'
  if (value === 0) return '0'
  const text = Math.abs(value) >= 1e4 || Math.abs(value) < 1e-3 ? value.toExponential(1) : value.toPrecision(2)
  return value > 0 ? `+${text}` : text.replace('-', '−')
}
