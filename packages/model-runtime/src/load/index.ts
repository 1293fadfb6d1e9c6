/**
 * `@perturber/model-runtime/load`: loading without a runtime (`runtime.load` is the front door's
 * way): the loader itself, descriptor files, limits, and what the runtime infers when no
 * descriptor says otherwise.
 */
export { loadModel, fetchDescriptor, DEFAULT_MAX_MODEL_BYTES, DEFAULT_STALL_TIMEOUT_MS } from './loadModel'
export { DESCRIPTOR_FILE, DESCRIPTOR_METADATA_PATH, LABELS_FILE, MAX_DESCRIPTOR_BYTES } from './descriptorJson'
export { MAX_INPUT_SIDE } from './signature'
export { MAX_JSON_DEPTH } from './structure'
export { inferDescriptor } from './inferDescriptor'
export { modelNameOfFiles, type FetchLike } from './sources'
export { preprocessingPresets, type ImagenetDescriptorOptions } from '../descriptors/imagenet'
