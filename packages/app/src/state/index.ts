/**
 * `@perturber/app/state`: the state's encodings and helpers beyond the front door (which has
 * `AppState`, `encodeAppState`/`decodeAppState`, `stateHash` and the zoo index).
 */
export { defaultViews, type AppEdits } from './appState'
export { parseAppState, appStateToJson, appStateFromJson, AppStateError, APP_STATE_VERSION, type DecodedAppState } from './urlCodec'
export { APP_STATE_LIMITS, isHttpOrRelativeUrl, type StateAdjustment } from './stateText'
export { reconcileWithModel, type ReconcileModel, type ReconciledAppState } from './reconcile'
export { stateFromHash } from './urlHash'
export { resolveSlot, nameFromUrl, type ModelSlotRequest, type ResolvedSlot } from './modelSlots'
export { configModelUrl } from '../config'
export { ZOO_DEFAULT_PAIR, MODEL_INDEX_LIMITS, ModelIndexError, type ModelIndex } from '../modelIndex'
