/** Control widgets of @perturber/viz: model and neuron selection, model editing, perturbation controls. */
export { modelColors, modelRoleLabels, MODEL_SLOT_IDS, type ModelRole, type ModelSlotId } from './modelColors'
export { ControlStyles, controlsCss } from './styles'

export { ModelSelector, type ModelSelectorProps } from './models/ModelSelector'
export { ModelSlots, type ModelSlotsProps, type ModelSlotsValue } from './models/ModelSlots'
export { CheckpointSlider, type CheckpointSliderProps } from './models/CheckpointSlider'
export { modelDisplayName, type AvailableModel, type ModelSlotValue, type ModelSlotStatus } from './models/types'

export { LayerSelector, groupLayers, type LayerSelectorProps } from './neurons/LayerSelector'
export { NeuronGroupSelector, type NeuronGroupSelectorProps } from './neurons/NeuronGroupSelector'
export {
  resolveNeuronChannels,
  defaultNeuronSelection,
  TOP_ACTIVATING_GROUP,
  CHANNEL_INDEX_GROUP,
  MIN_NEURONS,
  MAX_NEURONS,
  DEFAULT_NEURON_COUNT,
  type NeuronGroup,
  type NeuronSelection,
  type NeuronSources,
} from './neurons/neuronSelection'

export { ModelEditingPanel, type ModelEditingPanelProps } from './editing/ModelEditingPanel'
export { keptChannelCount, withMix, withPrune, mixAlpha, pruneRangeOf, type ModelEdits, type EditingMode } from './editing/modelEdits'

export { PerturbationControls, type PerturbationControlsProps, type PerturbationControlsValue } from './perturbations/PerturbationControls'
export { PerturbationFields, type PerturbationFieldsProps, type PerturbationPatch } from './perturbations/PerturbationFields'
export { AttackSection, type AttackSectionProps, type AttackStatus } from './perturbations/AttackSection'
export { defaultAttackSettings, epsilonSpec, toPgdOptions, type AttackSettings, type EpsilonSpec } from './perturbations/attackSettings'
export { CONTROL_SECTIONS, controlSectionLabels, sectionOfGroup, defaultSectionOf, sectionOfSceneParam, type ControlSectionId } from './perturbations/sections'
export { stateOf, updateChain, useRegistryDefinitions } from './perturbations/chainState'

export * from './primitives'
