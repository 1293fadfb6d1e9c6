/**
 * `@perturber/viz/datapath`: AEVis' views of datapaths (Liu et al. 2018): the layer-level
 * overview wrapped into rows without cutting building blocks (eq. (6)), and the feature-map level
 * as a compact Euler diagram of two critical sets. They take plain arrays, like every widget here.
 */
export { LayerOverview, type LayerOverviewProps, type OverviewLayer } from './LayerOverview'
export { CriticalMapSets, type CriticalMapSetsProps, type CriticalMapSet } from './CriticalMapSets'
export { segmentLayers, type SegmentNode, type Segmentation } from './segmentLayers'
export { splitMapSets, jaccard, clusterMaps, stackedRectangles, gridCells, type MapSetRegions, type MapCluster } from './mapSets'
