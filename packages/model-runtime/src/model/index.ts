/**
 * `@perturber/model-runtime/model`: the model wrappers behind `PerturberModel` (layers and graph
 * models), preprocessing, label spaces, blocks and neuron groups.
 */
export type { ChannelOrder, OutputSpec, ExecuteRequest, ExecuteResult } from '../types'
export { LayersPerturberModel, spatialLayers, type LayersModelOptions } from './LayersPerturberModel'
export type { TappedExecuteRequest } from './BasePerturberModel'
export { applyTap, type LayerTap } from './fusedForward'
export { GraphPerturberModel, graphNodes, type GraphNodeInfo } from './GraphPerturberModel'
export { preprocessPixels, preprocessingKey } from './preprocess'
export { outputToLabelSpace } from './labelSpace'
export { inferBlockName, inferBlocks, layersGraph, groupIntoBlocks, type BlockGraphNode } from './blocks'
export { neuronGroupId, checkNeuronGroups, type ResolvedNeuronGroup } from './neuronGroups'
export { checkFeatureVisualizations } from '../featurevis/precomputed'
