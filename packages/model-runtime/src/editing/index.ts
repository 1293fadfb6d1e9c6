/**
 * `@perturber/model-runtime/editing`: weight mixing and pruning without a runtime
 * (`runtime.createEditedModel` is the front door's way): the edited model's class, architecture
 * comparison, editable layers, and the mixing and pruning arithmetic.
 */
export { createEditedModel } from './EditedModel'
export { compareArchitectures, describeDifference, type ArchitectureDifference } from './architecture'
export { NonFiniteWeightsError } from './errors'
export { describeEditableLayers, type EditableLayers, type MixableLayer, type MixUnit, type PrunableKind, type PrunableLayer } from './editableLayers'
export { mixWeights } from './mixWeights'
export { pruneMask, argsortAscending, FULL_PRUNE_RANGE, type PruneRange, type PruneBoundaries } from './pruneMask'
export { channelMagnitudes, maskOutputChannels } from './pruneWeights'
