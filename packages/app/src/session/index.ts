/**
 * `@perturber/app/session`: the frame-path core's parts beneath `PerturberSession` (front door):
 * the scene-frame feed, model slots and loaders, the edited model, inference requests, the page's
 * shared runtime and the state mirror's options.
 */
export type { StateMirrorOptions } from './stateMirror'
export { SceneFrameFeed, type FramePixelsData, type FrameSink } from './sceneFrames'
export { ModelSlot, runtimeModelLoader, disposeModel, type ModelLoader, type HeldModel, type ModelSlotSnapshot } from './modelSlot'
export { EditedModelController, type EditedModelState } from './editedModel'
export { inferenceRequests, topChannelsOf, requestsKey, defaultLayer, type ShownModel } from './inferenceRequests'
export { sharedRuntime } from './sharedRuntime'
