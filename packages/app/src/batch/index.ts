/**
 * Batch evaluation: a folder of the user's images (or views of the scene's object, `sceneViews`) through the session's
 * perturbation settings and shown models, as an accuracy and agreement table with the mistaken
 * images to browse. Labels come from folder and file names matched to each model's classes.
 */
export { BatchRun, startBatch, defaultBatchSettings, chainForImage, MAX_BATCH_THUMBNAILS, type BatchOptions, type BatchRunState, type BatchStatus, type BatchThumbnail } from './BatchRun'
export { BATCH_LIMITS, BatchInputError, batchFiles, screenFiles, decodeBatchFile, inputFrame, inputName, isBatchFile, folderOf, type BatchFile, type BatchImage, type BatchRender, type BatchInput, type SkippedFile } from './images'
export { sceneViews, SCENE_VIEW_LIMITS, SCENE_VIEW_CAMERA, type SceneViewOptions, type SceneViews } from './sceneViews'
export { droppedFiles, type DroppedData } from './dropFiles'
export { corruptionSettings, corruptionTable, imagenetCIds, isImagenetC, isHeldOut, isCorruptionBenchmark, CorruptionSpecError, IMAGENET_C_CORRUPTIONS, IMAGENET_C_SEVERITIES, type CorruptionOptions, type CorruptionTable, type CorruptionErrorRow } from './corruptions'
export { corruptionToCsv } from './corruptionCsv'
export { normalizeLabel, fileStem, labelCandidates, labelMatcher, matchLabel, type LabelMatcher } from './labels'
export { centreCrop, resampleRgba, fitImage, thumbnailOf, type CropRect, type RgbaPixels } from './resample'
export { batchTable, batchMistakes, mistakeOf, fraction, type BatchTable, type BatchModelRow, type BatchAgreementRow, type BatchMistake } from './table'
export type { BatchResult, BatchItem, BatchModelInfo, BatchPrediction, BatchSetting } from './types'
