/**
 * `@perturber/viz/predictions`: the predictions view's parts beneath `Predictions` (front door):
 * one model's list, the values toggle, the stale-frame badge, bar values, and result selectors.
 */
export { ModelPredictions, type ModelPredictionsProps } from './ModelPredictions'
export { PredictionValuesToggle, type PredictionValuesToggleProps } from './PredictionValuesToggle'
export { StaleFrameBadge, type StaleFrameBadgeProps } from './StaleFrameBadge'
export { predictionBars, predictionValue, formatPredictionValue, type PredictionBar, type PredictionValueKind } from './predictionValues'
export { selectModelResult, isStaleFrame } from '../hooks/frameResultStore'
