/**
 * `@perturber/model-runtime/inference`: one frame's computation without the runtime's queue
 * (`runtime.infer` and `runtime.createScheduler` are the front door's way): frames to tensors,
 * the pass itself, request keys.
 */
export { framePixelsToTensor } from './framePixels'
export { frameToTensor, frameTextureToTensor, isFrameTexture } from './frameTexture'
export { inferFrame } from './inferFrame'
export { isTopChannelsSpec, channelsKey } from './channels'
export type { RunFrame } from './InferenceScheduler'
