import { useId, type ReactNode } from 'react'
import { formatValue } from './format'
import { NumberField, type NumericValueProps } from './NumberField'
import { LabelledRange, SliderRow } from './SliderRow'
import { useReleaseCommit } from './useReleaseCommit'

export interface ParamSliderProps extends NumericValueProps {
  /** when given, a reset button restores it (disabled while the value equals it) */
  defaultValue?: number
  /** display factor: shown value = value × scale (min, max, step and onChange stay in value units) */
  scale?: number
  /** appended to the shown value, e.g. "/255" or "°" */
  unit?: string
  description?: string
  disabled?: boolean
  /** slider accent colour, e.g. a model colour */
  color?: string
  /** 'release' reports the value only when the thumb is let go (see useReleaseCommit); default 'input' */
  commit?: 'input' | 'release'
  /** replaces the number box, e.g. with a read-only figure */
  readout?: ReactNode
}

/**
 * One labelled numeric parameter: a native range input (keyboard, screen readers and touch for
 * free), a number box for exact values, and an optional reset-to-default button.
 */
export function ParamSlider(props: ParamSliderProps) {
  const { label, value, min, max, step, onChange, defaultValue, scale = 1, unit = '', description, disabled, color, commit = 'input', readout } = props
  const id = useId()
  const slider = useReleaseCommit(value, onChange, commit === 'input')
  const shown = formatValue(slider.value, step, scale, unit)
  const reset =
    defaultValue === undefined
      ? undefined
      : { title: `Reset to ${formatValue(defaultValue, step, scale, unit)}`, disabled: disabled || value === defaultValue, onReset: () => onChange(defaultValue) }
  return (
    <SliderRow label={label} color={color} title={description} reset={reset}>
      <LabelledRange id={id} label={label} min={min} max={max} step={step} disabled={disabled} valueText={shown} aria-description={description} {...slider} />
      {readout ?? <NumberField label={`${label} value`} value={value} min={min} max={max} step={step} scale={scale} disabled={disabled} onChange={onChange} />}
    </SliderRow>
  )
}
