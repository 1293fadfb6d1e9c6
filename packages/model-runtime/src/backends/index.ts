/**
 * `@perturber/model-runtime/backends`: how the runtime picks and shares TF.js backends (forward
 * passes and gradients each where they run best), for tools that manage backends themselves.
 */
export { planBackends, type BackendPlan, type BackendOptions } from './plan'
export { isSoftwareRenderer, webglRenderer } from './detect'
export { BackendQueue, type BackendQueueHooks } from './queue'
export { registerSharedWebGLBackend, isSharedWebGLBackend, SHARED_WEBGL_BACKEND, type SharedWebGLContext } from './sharedContext'
export { TwinModel } from './twin'
export { BACKENDS_WITHOUT_GRADIENTS, assertGradientBackend } from './gradients'
export { forwardFlops, estimateCpuStepMs, CPU_FLOPS_PER_MS, PGD_STEP_FORWARD_PASSES } from './cost'
