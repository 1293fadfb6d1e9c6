/**
 * `@perturber/app`: the reference app and live figures, as layouts over one frame-path core
 * (`PerturberSession`). Subpaths: `/session`, `/state`, `/embed`, `/components`; the no-build
 * embed bundle is `@perturber/app/perturber-embed.js`.
 */
export { PerturberApp, type PerturberAppProps } from './components/PerturberApp'
export { PerturberFigure, type PerturberFigureProps } from './embed/PerturberFigure'
export { definePerturberFigure } from './embed/PerturberFigureElement'

// The frame-path core, without React or with its hooks
export { PerturberSession, type PerturberSessionOptions, type SessionState, type SlotState, type SceneChange, type AppControls } from './session/PerturberSession'
export { usePerturberSession, useSession } from './session/useSession'
export { mirrorSessionState } from './session/stateMirror'

// The state: plain data, in links
export { defaultAppState, type AppState, type AppViews, type ModelSource } from './state/appState'
export { encodeAppState, decodeAppState } from './state/urlCodec'
export { stateHash, STATE_HASH_KEY } from './state/urlHash'
export { loadModelIndex, zooInitialState } from './modelIndex'
export type { AppModelConfig } from './config'
