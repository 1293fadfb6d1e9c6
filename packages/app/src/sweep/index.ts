/**
 * `@perturber/app/sweep`: parameter sweeps on a session — tuning curves, 2D grids and
 * domain-randomised samples, rendered beside the live view and recorded for every shown model —
 * as plain data that round-trips through JSON and CSV, splits into shards and merges back.
 */
export { startSweep, SweepRun, MAX_SWEEP_THUMBNAILS, type SweepOptions, type SweepRunState, type SweepStatus, type SweepThumbnail } from './SweepRunner'
export { parseSweepSpec, sweepSpecToJson, targetKey, targetLabel, targetRange, SweepSpecError } from './spec'
export { sweepSamples, sampleCount, sampleValuesAt, parseShard, shardSamples, type SweepShard } from './samples'
export { sampleScene, sampleAttackEpsilon, designTargets } from './sampleState'
export { mergeSweepResults, validateSweepResult, sampleState, SweepImportError } from './result'
export { sweepToJson, sweepFromJson } from './json'
export { sweepToCsv, sweepFromCsv, sweepCsvColumns } from './csv'
export { measureValue, defaultMeasure, measureOptions, measureKey, lineData, bandData, heatmapData, sharedDomain, type SweepMeasure } from './plotData'
export * from './types'
