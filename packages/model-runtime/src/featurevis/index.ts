/**
 * `@perturber/model-runtime/featurevis`: feature visualization's parts (`runtime.featureVis` is the
 * front door's way): the optimisation run, its cache, transformations and colour decorrelation.
 */
export { FeatureVisRun, resolveFeatureVisOptions } from './FeatureVisRun'
export { runFeatureVis } from './runFeatureVis'
export { FeatureVisCache, defaultFeatureVisCache, type FeatureVisRequest } from './cache'
export { lucidTransforms, type TransformRobustness } from './transforms'
export { colorCorrelationSvdSqrt } from './color'
export type { FeatureVisObjective, FeatureVisStep, ResolvedFeatureVisOptions } from './types'
