import { useState } from 'react'
import { clamp, formatValue, parseCompleteNumber, tidyNumber } from './format'

/** A number in [min, max] on a step grid, reported through onChange: what NumberField and ParamSlider edit. */
export interface NumericValueProps {
  /** the name: NumberField's accessible name, ParamSlider's visible label */
  label: string
  value: number
  min: number
  max: number
  step: number
  onChange(value: number): void
}

export interface NumberFieldProps extends NumericValueProps {
  /** shown and typed value = value × scale (e.g. 255 for ε in 1/255 units) */
  scale?: number
  disabled?: boolean
  id?: string
}

/**
 * A number box for exact values next to a slider. While focused it keeps the text as typed (so
 * "0." or "-" can be typed) and reports every complete number, clamped to [min, max]; on blur it
 * shows the value again.
 */
export function NumberField({ label, value, min, max, step, onChange, scale = 1, disabled, id }: NumberFieldProps) {
  const [text, setText] = useState<string | null>(null)
  return (
    <input
      id={id}
      type="number"
      aria-label={label}
      min={tidyNumber(min * scale)}
      max={tidyNumber(max * scale)}
      step={tidyNumber(step * scale)}
      disabled={disabled}
      value={text ?? formatValue(value, step, scale)}
      onChange={(event) => {
        setText(event.target.value)
        const typed = parseCompleteNumber(event.target.value)
        if (typed !== undefined) {
          const next = clamp(typed / scale, min, max)
          if (next !== value) onChange(next)
        }
      }}
      onBlur={() => setText(null)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === 'Escape') setText(null)
      }}
    />
  )
}
