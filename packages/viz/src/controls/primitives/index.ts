/**
 * `@perturber/viz/primitives`: the small building blocks every widget is made of (sliders, number
 * field, searchable select, segmented toggles), their hooks, canvas painting and the shared styles.
 */
export { ParamSlider, type ParamSliderProps } from './ParamSlider'
export { RangeSlider, type RangeSliderProps, type ValueRange } from './RangeSlider'
export { NumberField, type NumberFieldProps, type NumericValueProps } from './NumberField'
export { SliderRow, LabelledRange, type SliderRowProps, type LabelledRangeProps } from './SliderRow'
export { SearchableSelect, filterOptions, type SearchableSelectProps, type SelectOption } from './SearchableSelect'
export { Segmented, type SegmentedProps, type SegmentOption } from './Segmented'
export { useReleaseCommit, type ReleaseCommitHandlers } from './useReleaseCommit'
export { useLatest } from '../../hooks/useLatest'
export { useControllableState } from '../../hooks/useControllableState'
export { paintCanvas, clearCanvas, type CanvasPaintCache } from '../../canvas/paintCanvas'
export { ControlStyles, controlsCss } from '../styles'
