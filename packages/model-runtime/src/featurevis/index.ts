/**
 * `@perturber/model-runtime/featurevis`: feature visualization's parts (`runtime.featureVis` is the
 * front door's way): the optimisation run, its cache, transformations and colour decorrelation.
 */
export { FeatureVisRun, resolveFeatureVisOptions, defaultFeatureVisSize, responded } from './FeatureVisRun'
export { channelTarget, type ChannelTarget } from './channelTarget'
export { runFeatureVis } from './runFeatureVis'
export { FeatureVisCache, defaultFeatureVisCache, type FeatureVisRequest } from './cache'
export { lucidTransforms, affineWarp, type TransformRobustness } from './transforms'
export { colorCorrelationSvdSqrt } from './color'
export type { FeatureVisObjective, FeatureVisStep, FeatureVisEvaluation, ResolvedFeatureVisOptions } from './types'
