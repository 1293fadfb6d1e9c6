/**
 * `@perturber/viz/controls`: the control widgets' parts beneath the front door's panels: the
 * model picker and checkpoint slider, layer grouping, neuron-selection constants, edit helpers,
 * the perturbation fields and attack section, the sections the controls are grouped in, and the
 * scene content controls (object pair, background, uploads) with the file types the scene takes.
 */
export { ModelSelector, type ModelSelectorProps } from './models/ModelSelector'
export { CheckpointSlider, type CheckpointSliderProps } from './models/CheckpointSlider'
export { modelDisplayName, type ModelSlotValue } from './models/types'
export { groupLayers } from './neurons/LayerSelector'
export { CHANNEL_INDEX_GROUP, MIN_NEURONS, MAX_NEURONS, DEFAULT_NEURON_COUNT, type NeuronGroup, type NeuronSources } from './neurons/neuronSelection'
export { keptChannelCount, withMix, withPrune, mixAlpha, pruneRangeOf } from './editing/modelEdits'
export { PerturbationFields, type PerturbationFieldsProps, type PerturbationPatch } from './perturbations/PerturbationFields'
export { AttackSection, type AttackSectionProps, type AttackStepEstimate } from './perturbations/AttackSection'
export { epsilonSpec, epsilonPixelTerms, formatStepTime, type EpsilonSpec } from './perturbations/attackSettings'
export { CONTROL_SECTIONS, controlSectionLabels, sectionOfGroup, defaultSectionOf, sectionOfSceneParam, type ControlSectionId } from './perturbations/sections'
export { stateOf, updateChain, useRegistryDefinitions } from './perturbations/chainState'
export {
  SceneContentControls,
  builtinObjectOptions,
  builtinBackgroundOptions,
  GREY_BACKGROUND,
  type SceneContentControlsProps,
  type SceneContentValue,
  type SceneContentOption,
  type SceneImageTarget,
} from './scene/SceneContentControls'
export { sceneFileKind, unsupportedSceneFileMessage, OBJECT_FILE_EXTENSIONS, IMAGE_FILE_EXTENSIONS, OBJECT_FILE_ACCEPT, IMAGE_FILE_ACCEPT } from './scene/sceneFiles'
