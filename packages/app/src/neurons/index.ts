/**
 * Automatic neuron groups: the channels that changed most since a pinned reference frame
 * (`@changed`) and those most relevant to a class on the frame (`@relevant`, gradient × activation),
 * offered in the neuron-group selector beside the groups a model ships.
 */
export { CHANGED_GROUP, RELEVANT_GROUP } from './groupIds'
export { AutomaticNeuronGroups, type AutomaticGroupsState, type PinnedReference, type ChangedGroupState, type RelevanceState } from './AutomaticNeuronGroups'
export { changedChannels, rankChannels, referenceKey, type ChannelChange } from './changed'
export { AutomaticNeuronGroupSelector, type AutomaticNeuronGroupSelectorProps } from './AutomaticNeuronGroupSelector'
export { ChangedGroupControls, type ChangedGroupControlsProps } from './ChangedGroupControls'
export { RelevantGroupControls, type RelevantGroupControlsProps } from './RelevantGroupControls'
