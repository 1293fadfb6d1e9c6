/**
 * `@perturber/model-runtime`: any TF.js image classifier behind one runtime (`createModelRuntime`):
 * load, infer frames, edit, attack, visualize. Subpaths hold the primitives: `/load`, `/model`,
 * `/inference`, `/backends`, `/editing`, `/attacks`, `/featurevis`, `/datapath`.
 */
export { createModelRuntime, type ModelRuntime, type ModelRuntimeOptions } from './runtime/ModelRuntime'
export type { RuntimeAttack } from './runtime/RuntimeAttack'
export type { AttackBackend } from './runtime/attackBackends'
export { InferenceScheduler, type InferenceSchedulerOptions } from './inference/InferenceScheduler'

// Models and what they say about themselves
export type { PerturberModel, ModelDescriptor, LayerInfo, LayerBlock, LabelSet, Preprocessing, PrecomputedFeatureVis, PrecomputedFeatureVisImage, NeuronGroupSpec, FramePixels, LoadProgress } from './types'
export type { LoadModelOptions, ModelSourceInput } from './load/loadModel'
export type { DescriptorHints } from './load/inferDescriptor'
export { ModelLoadError, isModelLoadError, type ModelLoadErrorCode } from './load/errors'
export { imagenetDescriptor, imagenetLabels } from './descriptors/imagenet'
export { neuronGroupsOf } from './model/neuronGroups'
export { featureVisualizationsFor } from './featurevis/precomputed'

// Frames in, maps and predictions out
export type { ModelRequest, FrameInput, FrameTexture, FrameResult, ModelFrameResult, ModelFrameProblem, ActivationMaps, Prediction, TopChannelsSpec } from './inference/types'

// Editing, attacks, feature visualization (through the runtime)
export { ArchitectureMismatchError } from './editing/architecture'
export type { EditedModel, EditedModelOptions } from './editing/EditedModel'
export type { EditState, MixGranularity } from './editing/editState'
export { defaultEpsilon } from './attacks/projection'
export type { PgdOptions, PgdNorm, PgdStepResult } from './attacks/types'
export type { FeatureVisOptions, FeatureVisResult, FeatureVisImage } from './featurevis/types'
export type { FeatureVisParameterization } from './featurevis/parameterizations'
export type { RunFeatureVisOptions, FeatureVisProgress } from './featurevis/runFeatureVis'
export type { Datapath, DatapathLayer, DatapathOptions, DatapathProgress } from './datapath/types'
