import { useId, type CSSProperties } from 'react'

export interface SegmentOption<T extends string> {
  value: T
  label: string
  /** a colour dot before the label (model colours) */
  color?: string
  disabled?: boolean
}

export interface SegmentedProps<T extends string> {
  /** accessible name of the radio group */
  label: string
  options: readonly SegmentOption<T>[]
  value: T
  onChange(value: T): void
  disabled?: boolean
}

/** A row of native radio buttons (one tab stop, arrow keys move the choice), styled as segments. */
export function Segmented<T extends string>({ label, options, value, onChange, disabled }: SegmentedProps<T>) {
  const name = useId()
  return (
    <div role="radiogroup" aria-label={label} className="pz-segmented">
      {options.map((option) => (
        <label key={option.value}>
          <input
            type="radio"
            name={name}
            value={option.value}
            checked={option.value === value}
            disabled={disabled || option.disabled}
            onChange={() => onChange(option.value)}
          />
          {option.color && <span className="pz-swatch" aria-hidden="true" style={{ '--pz-swatch': option.color } as CSSProperties} />}
          {option.label}
        </label>
      ))}
    </div>
  )
}
