import type { ModelRequest, ModelRuntime, ModelRuntimeOptions, PerturberModel } from '@perturber/model-runtime'
import type { PerturbationRegistry } from '@perturber/perturbations'
import type { FramePacer, SceneParams, SceneSnapshot, SceneStore } from '@perturber/scene'
import type { AttackStatus, ModelSlotId, ModelSlotStatus } from '@perturber/viz'
import type { AppModelConfig } from '../config'
import type { AppState } from '../state/appState'
import type { SlotFilesBySlot } from '../state/modelSlots'
import type { StateAdjustment } from '../state/stateText'
import type { EditedModelState } from './editedModel'
import type { ShownModel } from './inferenceRequests'
import type { ModelLoader } from './modelSlot'

/** The state's parts other than the scene (which lives in the scene store: hot state). */
export type AppControls = Omit<AppState, 'scene'>

export interface PerturberSessionOptions {
  /** the models offered by id (e.g. a model zoo's index); any other loads by URL or files */
  models?: readonly AppModelConfig[]
  /** the state to start from (default: the defaults, with the first offered model in Model 1) */
  state?: AppState
  /** a scene store to drive from outside (it is set to `state.scene` when a state is given) */
  scene?: SceneStore
  registry?: PerturbationRegistry
  /** a runtime to use; otherwise the page's shared one for `runtimeOptions` */
  runtime?: ModelRuntime | Promise<ModelRuntime>
  runtimeOptions?: ModelRuntimeOptions
  /**
   * When the scene renders: `'inference'` when inference can take a new frame (one frame ahead:
   * the next is rendered and read back while the current one is inferred), `'display'` on every
   * change, `'auto'` (default) `'inference'` where WebGL is a software rasteriser.
   */
  framePacing?: 'auto' | 'inference' | 'display'
  /** how the slots load models (default: `runtime.load`, each slot its own copy) */
  modelLoader?: (runtime: ModelRuntime) => ModelLoader
  /**
   * what was changed in `state` when it was read from a link (`decodeAppState`'s adjustments): the
   * session adds what the models turn out to lack (layer, channels, groups, edits) once Model 1
   * has loaded, and keeps them all in `notices`
   */
  adjustments?: readonly StateAdjustment[]
}

/** Part of a scene state: the parts it names replace the current ones, its parameters merge over them. */
export type SceneChange = Omit<Partial<SceneSnapshot>, 'params'> & { params?: Partial<SceneParams> }

/** A slot as the interface shows it. */
export interface SlotState {
  model: PerturberModel | null
  /** loading progress, or why the slot has no (new) model */
  status: ModelSlotStatus
  /** the model's name as its source gives it (configured name, URL folder, file name) */
  name: string
}

/** The session's observable state (`session.store`); frame-rate results live in `session.results`. */
export interface SessionState {
  runtime: ModelRuntime | null
  /** why the model runtime could not start */
  runtimeError: string | null
  controls: AppControls
  /** files the user picked per slot (not shareable by link, so kept beside the state) */
  slotFiles: SlotFilesBySlot
  slots: Record<ModelSlotId, SlotState>
  editing: EditedModelState
  /** the models on screen, in order: Model 1, Model 2, the edited model (those loaded and switched on) */
  shown: readonly ShownModel[]
  /** what every frame computes */
  requests: readonly ModelRequest[]
  /** the first shown model's most active channels of the selected layer in the latest result */
  topChannels: readonly number[] | undefined
  /** the last inference error, cleared by the next result */
  inferenceError: string | null
  attack: AttackStatus
  /** whether the scene is paced to inference (its frames then display from their read-back pixels) */
  paced: boolean
  /** what the scene renderer paces to (null: it renders on every change) */
  pacer: FramePacer | null
  /** what was changed in the state the session was given (a link's), in the user's terms, until dismissed */
  notices: readonly string[]
}
