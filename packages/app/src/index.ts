// The reference app: everything composed into the full Perturber tool
export { PerturberApp, type PerturberAppProps } from './components/PerturberApp'
export { ColumnBoundary, type ColumnBoundaryProps } from './components/ColumnBoundary'
export { ViewToggles, type ViewTogglesProps } from './components/ViewToggles'
export { appCss, AppStyles } from './components/appStyles'
export { configModelUrl, type AppModelConfig } from './config'
export { loadModelIndex, fetchDescriptor, zooInitialState, ZOO_DEFAULT_PAIR, type ModelIndex } from './modelIndex'

// State: plain data, in the URL
export { defaultAppState, defaultViews, type AppState, type AppViews, type AppEdits, type ModelSource } from './state/appState'
export { encodeAppState, decodeAppState, parseAppState, AppStateError, APP_STATE_VERSION, type DecodedAppState } from './state/urlCodec'
export { appStateToJson, appStateFromJson } from './state/urlCodec'
export { stateHash, stateFromHash, STATE_HASH_KEY } from './state/urlHash'

// Hooks, for other layouts
export { useRuntime, type RuntimeState } from './hooks/useRuntime'
export { useModelSlot, type ModelSlotRequest, type ModelSlotState } from './hooks/useModelSlot'
export { useEditedModel, type EditedModelState } from './hooks/useEditedModel'
export { useInference, type InferenceState } from './hooks/useInference'
export { useInferenceRequests } from './hooks/useInferenceRequests'
export { useSceneFrames, type SceneFrames } from './hooks/useSceneFrames'
export { useAttack, ADVERSARIAL_OVERLAY_ID } from './hooks/useAttack'
export { useAppState, type AppControls, type AppStateHandle } from './hooks/useAppState'
export { useUrlState } from './hooks/useUrlState'

// Embedding: live figures for papers and articles (React component, and <perturber-figure> for plain HTML)
export { PerturberFigure, type PerturberFigureProps } from './embed/PerturberFigure'
export { definePerturberFigure, FIGURE_ATTRIBUTES, FIGURE_STATE_EVENT, type DefineFigureOptions, type PerturberFigureElement } from './embed/PerturberFigureElement'
export { FigureConfigError, FIGURE_PARTS, parseFigureState, parseFigureParts, parseFigureControls, parseAttackSteps, parseFigureSize, type FigurePart, type FigureControl } from './embed/figureConfig'
export { loadFigureModels } from './embed/figureModels'
export { SharedSceneRenderer, type FigureSceneOptions, type FigureSceneHandle } from './embed/sharedSceneRenderer'
export { SharedModels, sharedModelsOf, type SharedModelRequest, type SharedModelLease } from './embed/sharedModels'
