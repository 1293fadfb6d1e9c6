import { useId, type CSSProperties } from 'react'
import type { FeatureVisParameterization } from '@perturber/model-runtime'
import type { DecorrelatedParameterization } from './types'

export interface ParameterizationToggleProps {
  value: FeatureVisParameterization
  onChange: (value: FeatureVisParameterization) => void
  /** What "not naive" means: `'fourier'` (default, Lucid's) or `'laplacian'` (the thesis' choice for the edited model). */
  decorrelated?: DecorrelatedParameterization
  className?: string
  style?: CSSProperties
}

/**
 * The thesis' "Naive Parameterization" checkbox: checked, feature visualizations are optimised in
 * plain pixel space without colour decorrelation; unchecked, in a decorrelated (Fourier or
 * Laplacian-pyramid) space that looks more natural but biases the result towards it.
 */
export function ParameterizationToggle({ value, onChange, decorrelated = 'fourier', className, style }: ParameterizationToggleProps) {
  const id = useId()
  return (
    <span className={className} style={{ display: 'inline-flex', alignItems: 'center', gap: 4, font: '12px system-ui, sans-serif', ...style }}>
      <input id={id} type="checkbox" checked={value === 'pixel'} onChange={(event) => onChange(event.currentTarget.checked ? 'pixel' : decorrelated)} />
      <label htmlFor={id} title={value === 'pixel' ? 'Pixel space, no colour decorrelation' : `Decorrelated (${value})`}>
        Naive parameterization
      </label>
    </span>
  )
}
