/**
 * `@perturber/viz/activations`: the activation view's parts beneath `ActivationGrid` and
 * `ActivationMap` (front door): one cell, the normalisation slider, colour mapping and map lookup.
 */
export { NeuronCell, type NeuronCellProps } from './NeuronCell'
export { NormalizationSlider, formatNormalization, type NormalizationSliderProps } from './NormalizationSlider'
export { activationToRgba, activationColor, type ActivationColorScheme, type ActivationToRgbaOptions } from './activationToRgba'
export { AUTO_NORMALIZATION, STD_DIVISOR_MULTIPLIER, autoDivisor, divisorFromSlider, sliderFromDivisor, resolveDivisor, normalizeActivation } from './normalization'
export { activationAt, cellAtPointer, formatActivation, mapOffset, mapSize, type MapCell } from './mapLookup'
export type { ActivationGridFeatureVis } from './ActivationGrid'
