import { useId, type CSSProperties } from 'react'
import type { PredictionValueKind } from './predictionValues'

export interface PredictionValuesToggleProps {
  value: PredictionValueKind
  onChange: (value: PredictionValueKind) => void
  className?: string
  style?: CSSProperties
}

/** Logits or probabilities: a two-option radio group. */
export function PredictionValuesToggle({ value, onChange, className, style }: PredictionValuesToggleProps) {
  const name = useId()
  return (
    <div role="radiogroup" aria-label="Prediction values" className={className} style={{ display: 'inline-flex', gap: 10, font: '12px system-ui, sans-serif', ...style }}>
      {(['logits', 'probabilities'] as const).map((kind) => (
        <label key={kind} style={{ display: 'inline-flex', alignItems: 'center', gap: 3 }}>
          <input type="radio" name={name} value={kind} checked={value === kind} onChange={() => onChange(kind)} />
          {kind === 'logits' ? 'Logits' : 'Probabilities'}
        </label>
      ))}
    </div>
  )
}
