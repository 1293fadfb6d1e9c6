// The reference app: everything composed into the full Perturber tool
export { PerturberApp, type PerturberAppProps } from './components/PerturberApp'
export { ColumnBoundary, type ColumnBoundaryProps } from './components/ColumnBoundary'
export { ViewToggles, type ViewTogglesProps } from './components/ViewToggles'
export { appCss, AppStyles } from './components/appStyles'
export { configModelUrl, type AppModelConfig } from './config'
export { loadModelIndex, zooInitialState, ZOO_DEFAULT_PAIR, type ModelIndex } from './modelIndex'

// State: plain data, in the URL
export { defaultAppState, defaultViews, type AppState, type AppViews, type AppEdits, type ModelSource } from './state/appState'
export { encodeAppState, decodeAppState, parseAppState, AppStateError, APP_STATE_VERSION, type DecodedAppState } from './state/urlCodec'
export { appStateToJson, appStateFromJson } from './state/urlCodec'
export { stateHash, stateFromHash, STATE_HASH_KEY } from './state/urlHash'

// The frame-path core, and hooks for other layouts
export { PerturberSession, type PerturberSessionOptions, type SessionState, type SlotState, type AppControls } from './session/PerturberSession'
export { usePerturberSession, useSession } from './session/useSession'
export { mirrorSessionState, type StateMirrorOptions } from './session/stateMirror'
export type { ModelLoader, HeldModel } from './session/modelSlot'
export type { ShownModel } from './session/inferenceRequests'

// Embedding: live figures for papers and articles (React component, and <perturber-figure> for plain HTML)
export { PerturberFigure, type PerturberFigureProps } from './embed/PerturberFigure'
export { definePerturberFigure, FIGURE_ATTRIBUTES, FIGURE_STATE_EVENT, type DefineFigureOptions, type PerturberFigureElement } from './embed/PerturberFigureElement'
export { FigureConfigError, FIGURE_PARTS, parseFigureState, parseFigureParts, parseFigureControls, parseAttackSteps, parseFigureSize, type FigurePart, type FigureControl } from './embed/figureConfig'
export { loadFigureModels } from './embed/figureModels'
export { SharedSceneRenderer, type FigureSceneOptions, type FigureSceneHandle } from './embed/sharedSceneRenderer'
export { SharedModels, sharedModelsOf, type SharedModelRequest, type SharedModelLease } from './embed/sharedModels'
