import { useId, type CSSProperties } from 'react'
import { LabelledRange } from '../controls/primitives/SliderRow'
import { divisorFromSlider } from './normalization'

export interface NormalizationSliderProps {
  /** log10 of the divisor; 0 = automatic (4σ of the layer). */
  value: number
  onChange: (value: number) => void
  /** Slider range in log10 units (default 0..4: divisors 1 to 10 000). */
  min?: number
  max?: number
  step?: number
  label?: string
  className?: string
  style?: CSSProperties
}

/** The divisor as the readout shows it: "auto (4σ)" or "÷ 144". */
export function formatNormalization(value: number): string {
  const divisor = divisorFromSlider(value)
  if (divisor === null) return 'auto (4σ)'
  return `÷ ${divisor >= 100 ? Math.round(divisor) : divisor.toPrecision(3)}`
}

/**
 * The thesis' "Act. Normalization" slider: its value is the log10 of a manual divisor shared by
 * all maps, and 0 switches back to each layer's 4σ. A native range input (keyboard and screen
 * reader support for free) with the divisor read out next to it.
 */
export function NormalizationSlider({ value, onChange, min = 0, max = 4, step = 0.01, label = 'Act. normalization', className, style }: NormalizationSliderProps) {
  const id = useId()
  const readout = formatNormalization(value)
  return (
    <div className={className} style={{ display: 'flex', alignItems: 'center', gap: 8, font: '12px system-ui, sans-serif', ...style }}>
      <LabelledRange id={id} label={label} min={min} max={max} step={step} value={value} valueText={readout} onChange={(event) => onChange(Number(event.currentTarget.value))} />
      <output htmlFor={id} style={{ minWidth: '6em', fontVariantNumeric: 'tabular-nums' }}>
        {readout}
      </output>
      {value !== 0 ? (
        <button type="button" onClick={() => onChange(0)} style={{ font: 'inherit' }}>
          auto
        </button>
      ) : null}
    </div>
  )
}
