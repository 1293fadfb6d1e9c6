// Output widgets: activation maps, feature visualizations, predictions
export { ActivationMap, type ActivationMapProps } from './activations/ActivationMap'
export { ActivationGrid, type ActivationGridProps, type ActivationGridRow, type ActivationGridFeatureVis } from './activations/ActivationGrid'
export { NeuronCell, type NeuronCellProps } from './activations/NeuronCell'
export { NormalizationSlider, formatNormalization, type NormalizationSliderProps } from './activations/NormalizationSlider'
export { activationToRgba, activationColor, type ActivationColorScheme, type ActivationToRgbaOptions } from './activations/activationToRgba'
export {
  AUTO_NORMALIZATION,
  STD_DIVISOR_MULTIPLIER,
  autoDivisor,
  divisorFromSlider,
  sliderFromDivisor,
  resolveDivisor,
  normalizeActivation,
} from './activations/normalization'
export { activationAt, cellAtPointer, formatActivation, mapOffset, mapSize, type MapCell } from './activations/mapLookup'
export { paintCanvas, clearCanvas, type CanvasPaintCache } from './canvas/paintCanvas'
export { FeatureVisTile, type FeatureVisTileProps } from './featurevis/FeatureVisTile'
export { FeatureVisRow, type FeatureVisRowProps } from './featurevis/FeatureVisRow'
export { FeatureVisCanvas, type FeatureVisCanvasProps } from './featurevis/FeatureVisCanvas'
export { ParameterizationToggle, type ParameterizationToggleProps } from './featurevis/ParameterizationToggle'
export { useFeatureVisGeneration, type FeatureVisGeneration, type FeatureVisGenerationStatus } from './featurevis/useFeatureVisGeneration'
export type { FeatureVisGenerator, FeatureVisGenerateOptions, FeatureVisGenerateProgress, DecorrelatedParameterization } from './featurevis/types'
export { Predictions, type PredictionsProps, type PredictionsModel } from './predictions/Predictions'
export { ModelPredictions, type ModelPredictionsProps } from './predictions/ModelPredictions'
export { PredictionValuesToggle, type PredictionValuesToggleProps } from './predictions/PredictionValuesToggle'
export { StaleFrameBadge, type StaleFrameBadgeProps } from './predictions/StaleFrameBadge'
export { predictionBars, predictionValue, formatPredictionValue, type PredictionBar, type PredictionValueKind } from './predictions/predictionValues'
export {
  createFrameResultStore,
  useFrameResultStore,
  selectModelResult,
  modelResultOf,
  isStaleFrame,
  type FrameResultStore,
  type FrameResultState,
  type ModelResultAtFrame,
} from './hooks/frameResultStore'
export { useLatest } from './hooks/useLatest'
export { useControllableState } from './hooks/useControllableState'

// Control widgets: model and neuron selection, model editing, perturbation controls
export * from './controls'
