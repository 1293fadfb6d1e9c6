/**
 * `@perturber/perturbations`: GPU shader perturbations, one registry. `@perturber/perturbations/authoring`
 * holds what writing your own takes beyond its definition (GLSL helpers, the compile check, seeded random numbers).
 */
export type { PerturbationDefinition, PerturbationState, PerturbationError, PerturbationGroup, ParamSpec, PassSpec } from './types'
export { PerturbationRegistry } from './registry'
export { builtinPerturbations, defaultRegistry, registerPerturbation, defaultChain } from './builtins'
export { serializeChain, parseChain, ChainParseError, type SerializedChain } from './serialize'
export { PerturbationPipeline, type PerturbationPipelineOptions } from './pipeline/PerturbationPipeline'
export { adversarialOverlay, ADVERSARIAL_TEXTURE } from './builtins/adversarialOverlay'
