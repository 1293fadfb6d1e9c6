/**
 * `@perturber/model-runtime/load`: loading without a runtime (`runtime.load` is the front door's
 * way): the loader itself, descriptor files, limits, and what the runtime infers when no
 * descriptor says otherwise.
 */
export { loadModel, fetchDescriptor, DEFAULT_MAX_MODEL_BYTES } from './loadModel'
export { DESCRIPTOR_FILE, DESCRIPTOR_METADATA_PATH, MAX_DESCRIPTOR_BYTES } from './descriptorJson'
export { inferDescriptor } from './inferDescriptor'
export type { FetchLike } from './sources'
export { preprocessingPresets, type ImagenetDescriptorOptions } from '../descriptors/imagenet'
