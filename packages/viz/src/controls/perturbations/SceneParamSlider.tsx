import { memo } from 'react'
import type { SceneParamSpec } from '@perturber/scene'
import { ParamSlider } from '../primitives/ParamSlider'
import type { ParamSensitivity } from './sensitivity'
import { SensitivityIndicator } from './SensitivityIndicator'

export interface SceneParamSliderProps {
  spec: SceneParamSpec
  value: number
  /** stable across renders (it is called with the parameter's name), so unchanged sliders skip rendering */
  onParamChange(name: string, value: number): void
  /** the derivative of the analysed output with respect to this parameter, shown under the slider */
  sensitivity?: ParamSensitivity
}

/**
 * One scene parameter's slider. Memoized: while the camera turns, only the camera sliders whose
 * values changed re-render, not the whole panel (it re-renders on every frame of a drag).
 */
export const SceneParamSlider = memo(function SceneParamSlider({ spec, value, onParamChange, sensitivity }: SceneParamSliderProps) {
  const slider = (
    <ParamSlider
      label={spec.label}
      description={spec.description}
      value={value}
      min={spec.min}
      max={spec.max}
      step={spec.step}
      defaultValue={spec.default}
      onChange={(v) => onParamChange(spec.name, v)}
    />
  )
  return sensitivity ? (
    <>
      {slider}
      <SensitivityIndicator sensitivity={sensitivity} />
    </>
  ) : (
    slider
  )
})
