/**
 * `@perturber/perturbations/authoring`: what writing a perturbation of your own takes beyond its
 * definition (`PerturbationDefinition`, at the front door): the GLSL helpers every pass can call,
 * the compile check custom GLSL goes through, the seeded random numbers the built-ins share with
 * their CPU references, and the pass the pipeline builds from a definition.
 */
export type { ParamValues, UniformContext, UniformValue } from './types'
export { defaultParams } from './registry'
export { PerturbationPass } from './pipeline/PerturbationPass'
export { programError, parseCompilerLog } from './pipeline/compileCheck'
export { checkCustomGlsl, MAX_CUSTOM_GLSL_LENGTH, MAX_CUSTOM_LOOP_ITERATIONS } from './pipeline/customGlslRules'
export { commonHeader } from './glsl/common'
export { mulberry32, seededPermutation } from './random'
