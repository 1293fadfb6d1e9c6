import type { CSSProperties, InputHTMLAttributes, ReactNode } from 'react'

export interface LabelledRangeProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type' | 'min' | 'max' | 'step'> {
  /** the input's id, which the label points at */
  id: string
  label: ReactNode
  min: number
  max: number
  step: number
  /** how the value is spoken (aria-valuetext) */
  valueText: string
}

/**
 * A `<label>` and the native range input it names (keyboard, screen readers and touch for free):
 * the label and slider cells of a {@link SliderRow}, and the core of the other sliders.
 */
export function LabelledRange({ id, label, valueText, ...input }: LabelledRangeProps) {
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="range" aria-valuetext={valueText} {...input} />
    </>
  )
}

export interface SliderRowProps {
  /** the parameter's name; the reset button is "Reset <label>" */
  label: string
  /** the label, slider and readout cells */
  children: ReactNode
  /** restores the default; without it the last cell stays empty */
  reset?: { title: string; disabled?: boolean; onReset(): void }
  /** accent colour of the slider(s), set as the CSS variable `accentVariable` */
  color?: string
  accentVariable?: '--pz-row-accent' | '--pz-dual-color'
  title?: string
  role?: 'group'
  'aria-labelledby'?: string
}

/**
 * One row of the controls grid (`.pz-row`: label | slider | readout | reset), with the ↺ reset
 * button in the last cell. ParamSlider and RangeSlider are built on it.
 */
export function SliderRow({ label, children, reset, color, accentVariable = '--pz-row-accent', title, role, 'aria-labelledby': labelledBy }: SliderRowProps) {
  const style = color ? ({ [accentVariable]: color } as CSSProperties) : undefined
  return (
    <div className="pz-row" role={role} aria-labelledby={labelledBy} style={style} title={title}>
      {children}
      {reset ? (
        <button type="button" className="pz-reset" aria-label={`Reset ${label}`} title={reset.title} disabled={reset.disabled} onClick={reset.onReset}>
          ↺
        </button>
      ) : (
        <span />
      )}
    </div>
  )
}
