/**
 * `@perturber/model-runtime/datapath`: AEVis datapaths (Liu et al. 2018, Sec. 4), the critical
 * feature maps of each layer for a class on a frame or a set of frames, and how two datapaths
 * diverge. `runtime.datapath` is the front door's way (it runs on a backend with gradients).
 */
export { extractDatapath, datapathLayers, criticalMaps } from './extract'
export { batchContributions, framesInput, type BatchContributions } from './contributions'
export { compareDatapaths, cosineSimilarity, jaccardIndex } from './compare'
export { keepOnlyMaps, mostActivatedMaps } from './keepMaps'
export { datapathLambda, solveDatapathQp, solveSingleFrame, solveFrameSet, kktResidual, qpObjective, type FrameContributions, type QpSolution, type SolverOptions } from './qp'
export type { DatapathExecute, LayerDivergence } from './types'
