import { useId, type ReactNode } from 'react'
import { formatValue } from './format'
import { SliderRow } from './SliderRow'
import { useReleaseCommit } from './useReleaseCommit'

export type ValueRange = readonly [lower: number, upper: number]

export interface RangeSliderProps {
  /** visible label; the thumbs are named "<label> lower bound" and "<label> upper bound" */
  label: string
  value: ValueRange
  onChange(value: [number, number]): void
  min?: number
  max?: number
  step?: number
  /** when given, a reset button restores it */
  defaultValue?: ValueRange
  /** how a bound is spoken and shown (default: as a percentage of [min, max]) */
  formatBound?(value: number): string
  /** shown right of the track, e.g. the number of kept channels */
  readout?: ReactNode
  color?: string
  /** 'release' reports a bound only when its thumb is let go; default 'input' */
  commit?: 'input' | 'release'
  disabled?: boolean
}

/**
 * A two-thumb range [lower, upper]: two native range inputs on one track, so each thumb keeps
 * the native slider semantics (role, arrow keys, aria-valuetext). A thumb pushed past the other
 * stops at it: the reported range always has lower ≤ upper.
 */
export function RangeSlider(props: RangeSliderProps) {
  const { label, value, onChange, min = 0, max = 1, step = 0.01, defaultValue, readout, color, commit = 'input', disabled } = props
  const labelId = useId()
  const [lower, upper] = value
  const format = props.formatBound ?? ((v: number) => `${formatValue(((v - min) / (max - min)) * 100, step * 100)}%`)
  const lowerThumb = useReleaseCommit(lower, (v) => onChange([Math.min(v, upper), upper]), commit === 'input')
  const upperThumb = useReleaseCommit(upper, (v) => onChange([lower, Math.max(v, lower)]), commit === 'input')
  // what the thumbs show while dragging, already kept from crossing
  const shownLower = Math.min(lowerThumb.value, upper)
  const shownUpper = Math.max(upperThumb.value, lower)
  const percent = (v: number) => ((v - min) / (max - min)) * 100
  // both thumbs at the top end: the lower one must be on top, or it could never be dragged down
  const lowerOnTop = shownLower === shownUpper && shownLower > (min + max) / 2
  const isDefault = !!defaultValue && lower === defaultValue[0] && upper === defaultValue[1]
  const reset = defaultValue && {
    title: `Reset to ${format(defaultValue[0])} – ${format(defaultValue[1])}`,
    disabled: disabled || isDefault,
    onReset: () => onChange([defaultValue[0], defaultValue[1]]),
  }
  const thumbs = [
    { bound: 'lower', handlers: lowerThumb, shown: shownLower, zIndex: lowerOnTop ? 2 : 1 },
    { bound: 'upper', handlers: upperThumb, shown: shownUpper, zIndex: lowerOnTop ? 1 : 2 },
  ]
  return (
    <SliderRow label={label} role="group" aria-labelledby={labelId} color={color} accentVariable="--pz-dual-color" reset={reset}>
      <span id={labelId} className="pz-row-label" title={label}>
        {label}
      </span>
      <div className="pz-dual">
        <div className="pz-dual-track" aria-hidden="true">
          <div className="pz-dual-fill" style={{ left: `${percent(shownLower)}%`, right: `${100 - percent(shownUpper)}%` }} />
        </div>
        {thumbs.map(({ bound, handlers, shown, zIndex }) => (
          <input
            key={bound}
            type="range"
            aria-label={`${label} ${bound} bound`}
            min={min}
            max={max}
            step={step}
            disabled={disabled}
            aria-valuetext={format(shown)}
            style={{ zIndex }}
            {...handlers}
            value={shown}
          />
        ))}
      </div>
      <output aria-live="off">{readout}</output>
    </SliderRow>
  )
}
