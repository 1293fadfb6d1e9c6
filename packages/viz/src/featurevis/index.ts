/**
 * `@perturber/viz/featurevis`: feature-visualization widgets beneath `FeatureVisTile` (front door):
 * a row of tiles, the canvas, the parameterisation toggle and the generation hook.
 */
export { FeatureVisRow, type FeatureVisRowProps } from './FeatureVisRow'
export { FeatureVisCanvas, type FeatureVisCanvasProps } from './FeatureVisCanvas'
export { ParameterizationToggle, type ParameterizationToggleProps } from './ParameterizationToggle'
export { useFeatureVisGeneration, type FeatureVisGeneration, type FeatureVisGenerationStatus } from './useFeatureVisGeneration'
export type { FeatureVisGenerateOptions, FeatureVisGenerateProgress, FeatureVisGenerated, DecorrelatedParameterization } from './types'
