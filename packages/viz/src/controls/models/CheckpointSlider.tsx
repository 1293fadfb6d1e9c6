import { useId, type CSSProperties } from 'react'
import { LabelledRange } from '../primitives/SliderRow'
import { useReleaseCommit } from '../primitives/useReleaseCommit'

export interface CheckpointSliderProps {
  /** checkpoint labels in training order */
  checkpoints: readonly string[]
  /** index of the loaded checkpoint */
  value: number
  /** fires once when the thumb is released (pointer up, key up, blur), never while dragging */
  onChange(index: number): void
  label?: string
  color?: string
  disabled?: boolean
}

/**
 * Picks one of a model's training checkpoints. Loading a checkpoint takes seconds, so, as in the
 * thesis (§5.3), it is requested only when the slider is released; while dragging the label
 * shows which checkpoint would load.
 */
export function CheckpointSlider({ checkpoints, value, onChange, label = 'Checkpoint', color, disabled }: CheckpointSliderProps) {
  const id = useId()
  const slider = useReleaseCommit(value, onChange)
  const shown = checkpoints[slider.value] ?? ''
  return (
    <div className="pz-row" style={color ? ({ '--pz-row-accent': color } as CSSProperties) : undefined}>
      <LabelledRange id={id} label={label} min={0} max={checkpoints.length - 1} step={1} disabled={disabled} valueText={shown} {...slider} />
      <output htmlFor={id} style={{ gridColumn: 'span 2', textAlign: 'left' }}>
        {shown}
        {slider.value !== value ? ' …' : ''}
      </output>
    </div>
  )
}
