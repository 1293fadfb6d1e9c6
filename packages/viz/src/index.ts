/**
 * `@perturber/viz`: widgets for live CNN analysis. Subpaths hold the parts the widgets are made
 * of: `/activations`, `/featurevis`, `/predictions`, `/controls`, `/sweeps`, `/batch`, `/datapath`,
 * `/primitives`.
 */

// Live results: the store the frame path writes and every output widget reads
export { createFrameResultStore, useFrameResultStore, modelResultOf, type FrameResultStore, type FrameResultState, type ModelResultAtFrame } from './hooks/frameResultStore'

// Output widgets
export { ActivationGrid, type ActivationGridProps, type ActivationGridRow } from './activations/ActivationGrid'
export { ActivationMap, type ActivationMapProps } from './activations/ActivationMap'
export { FeatureVisTile, type FeatureVisTileProps } from './featurevis/FeatureVisTile'
export type { FeatureVisGenerator } from './featurevis/types'
export { Predictions, type PredictionsProps, type PredictionsModel } from './predictions/Predictions'

// Models: slots, their colour code, layer and neuron selection
export { modelColors, modelRoleLabels, MODEL_SLOT_IDS, type ModelRole, type ModelSlotId } from './controls/modelColors'
export { ModelSlots, type ModelSlotsProps, type ModelSlotsValue } from './controls/models/ModelSlots'
export type { AvailableModel, ModelSlotStatus } from './controls/models/types'
export { LayerSelector, type LayerSelectorProps } from './controls/neurons/LayerSelector'
export { NeuronGroupSelector, type NeuronGroupSelectorProps } from './controls/neurons/NeuronGroupSelector'
export { resolveNeuronChannels, defaultNeuronSelection, TOP_ACTIVATING_GROUP, type NeuronSelection } from './controls/neurons/neuronSelection'

// Editing and perturbation controls
export { ModelEditingPanel, type ModelEditingPanelProps } from './controls/editing/ModelEditingPanel'
export type { ModelEdits, EditingMode } from './controls/editing/modelEdits'
export { PerturbationControls, type PerturbationControlsProps, type PerturbationControlsValue } from './controls/perturbations/PerturbationControls'
export { defaultAttackSettings, toPgdOptions, type AttackSettings } from './controls/perturbations/attackSettings'
export type { AttackStatus } from './controls/perturbations/AttackSection'
