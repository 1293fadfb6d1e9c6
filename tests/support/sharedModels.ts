/**
 * The pretrained ImageNet models in ../shared/models, for real-model tests. They are never copied
 * into the repo: `npm test` sets PERTURBER_MODELS_DIR to that folder when it exists, and tests
 * that need them skip with this message when it is absent.
 */
declare const __PERTURBER_MODELS_DIR__: string

export const sharedModelsDir: string = typeof __PERTURBER_MODELS_DIR__ === 'string' ? __PERTURBER_MODELS_DIR__ : ''

export const sharedModelsMissing = sharedModelsDir
  ? undefined
  : 'PERTURBER_MODELS_DIR is not set (npm test sets it to ../shared/models when present): skipping real-model tests.'

export type SharedModelName = 'mobilenet_v1_0.75_224' | 'mobilenet_v2_1.0_224_quant' | 'darknet_tiny' | 'imagenet_labels'

/** URL of a file in a shared model folder, served raw by tools/sharedModels.mjs (browser tests). */
export function sharedModelUrl(model: SharedModelName, file = 'model.json'): string {
  return `/__shared-models/${model}/${file}`
}

/** Absolute path of a file in a shared model folder (node/jsdom tests). */
export function sharedModelPath(model: SharedModelName, file = 'model.json'): string {
  return `${sharedModelsDir}/${model}/${file}`
}
