/**
 * Analyses over a session on any loaded models: the Perturber thesis' quantitative experiments
 * (§7.3: yaw fluctuation, background dependence), a recognition check with the cue conflicts, and
 * AEVis datapath comparisons — as pure arithmetic and as background runs.
 */
export { YAW_FLUCTUATION, fluctuationScore, fluctuationSummary, logitStd, topClasses, type YawFluctuationDesign } from './fluctuation'
export { ObjectFamilyError, objectFamilies, familyPrediction, IMAGENET_FAMILIES } from './families'
export { BACKGROUND_CONDITIONS, BACKGROUND_CONDITION_LABELS, backgroundDependence, type BackgroundCondition, type BackgroundTrial, type BackgroundDependenceTable } from './backgroundDependence'
export { SCENE_OBJECTS, pickObjects, morphOf, type SceneObject } from './objects'
export { YawFluctuationRun, startYawFluctuation, withSummary, type YawFluctuationOptions, type YawFluctuationResult, type YawFluctuationState, type YawPrototype, type YawSummary } from './YawFluctuationRun'
export { yawFluctuationToCsv, yawFluctuationToJson } from './yawCsv'
export { BackgroundDependenceRun, startBackgroundDependence, tablesOf, BACKGROUND_VIEWS, NEUTRAL_BACKGROUND, type BackgroundDependenceOptions, type BackgroundDependenceResult, type BackgroundImage, type BackgroundView } from './BackgroundDependenceRun'
export { backgroundDependenceToCsv, backgroundDependenceToJson } from './backgroundCsv'
export { SceneExperiment } from './SceneExperiment'
export { RecognitionRun, startRecognition, summarised, type RecognitionAnswer, type RecognitionImage, type RecognitionOptions, type RecognitionResult, type RecognitionSummary, type RecognitionView } from './RecognitionRun'
export { recognitionToCsv, recognitionToJson, recognitionSummaryText } from './recognitionCsv'
export { compareOnSession, DATAPATH_COMPARISONS, type DatapathComparison, type DatapathPair, type DatapathSide, type DatapathCompareOptions } from './compareOnSession'
