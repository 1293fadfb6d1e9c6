import { memo } from 'react'
import { formatSensitivity, type ParamSensitivity } from './sensitivity'

export interface SensitivityIndicatorProps {
  sensitivity: ParamSensitivity
}

const NEGATIVE = '#c0563b'

/**
 * A parameter's sensitivity under its slider, in the slider's grid column: a bar from the centre,
 * right for a positive derivative and left for a negative one, as long as the derivative times the
 * parameter's range relative to the largest (so parameters in different units compare), and the
 * number beside it. The tooltip and accessible name say it in words.
 */
export const SensitivityIndicator = memo(function SensitivityIndicator({ sensitivity }: SensitivityIndicatorProps) {
  const { value, relative, label, stale } = sensitivity
  const length = Number.isFinite(relative) ? Math.min(1, Math.max(0, relative)) * 50 : 0
  const positive = value >= 0
  return (
    <div className="pz-row pz-sensitivity" role="img" aria-label={label} title={label} data-sensitivity={value} style={{ opacity: stale ? 0.4 : 1, minHeight: 0, fontSize: 10, lineHeight: 1 }}>
      <span />
      <span style={{ position: 'relative', display: 'block', height: 5, borderRadius: 2, background: 'var(--pz-track)' }}>
        <span style={{ position: 'absolute', left: '50%', top: -1, bottom: -1, width: 1, background: 'var(--pz-muted)' }} />
        <span
          data-testid="sensitivity-bar"
          style={{ position: 'absolute', top: 0, bottom: 0, borderRadius: 2, width: `${length}%`, left: positive ? '50%' : `${50 - length}%`, background: positive ? 'var(--pz-accent)' : NEGATIVE }}
        />
      </span>
      <span style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums', color: 'var(--pz-muted)' }}>{formatSensitivity(value)}</span>
      <span />
    </div>
  )
})
