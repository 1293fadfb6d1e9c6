import type { Texture } from 'three'

/** Groups follow the Perturber paper's control panel plus the corruption families we add. */
export type PerturbationGroup = 'color' | 'blur' | 'frequency' | 'spatial' | 'noise' | 'adversarial' | 'custom'

/** One numeric slider of a perturbation. */
export interface ParamSpec<K extends string = string> {
  name: K
  label: string
  min: number
  max: number
  step: number
  /** the value at which the perturbation is the identity (where one exists) */
  default: number
  description?: string
}

export type ParamValues<K extends string = string> = Record<K, number>

/** What a pass's `uniforms` function may look at besides the parameters. */
export interface UniformContext {
  /** size in pixels of the image being perturbed */
  width: number
  height: number
  /**
   * Per-perturbation-instance scratch space, for resources that should be built once per
   * parameter value rather than per frame (e.g. a permutation texture). Textures put here
   * are disposed with the pipeline.
   */
  cache: Map<string, unknown>
  /**
   * The external texture bound under `key` with `pipeline.setExternalTexture`, or null. Lets a
   * pass tell "no texture" apart from a texture of zeros (its sampler reads an empty texture then).
   */
  external(key: string): Texture | null
  /** 0-based repetition of the pass being set up (always 0 for passes without `iterations`) */
  iteration: number
}

export type UniformValue = number | boolean | number[] | Float32Array | Int32Array | Texture | { x: number; y: number } | null

/**
 * One full-screen fragment pass. Every shader gets the common header (see `glsl/common.ts`):
 * `vUv`, `uResolution`, the sampler `tInput` (this perturbation's input image) and colour helpers.
 */
export interface PassSpec<K extends string = string> {
  /** later passes of the same perturbation can sample this pass's output under this name */
  name?: string
  /** GLSL (three.js ShaderMaterial dialect: `gl_FragColor`, `texture2D`), given the perturbation's source text */
  fragmentShader: string | ((source: string) => string)
  /** sampler uniform name → `'input'`, the name of an earlier pass, `'external:<key>'`, or a repeated pass's own name */
  samplers?: Record<string, string>
  /** called once per rendered iteration (see `iterations`), with `ctx.iteration` set */
  uniforms?: (params: ParamValues<K>, ctx: UniformContext) => Record<string, UniformValue>
  /**
   * How many times to run this pass in a row (default 1; at least 1 is run), for algorithms
   * whose step count depends on the image size, e.g. the radix stages of an FFT. The pass then
   * renders into two private ping-pong targets: a sampler bound to the pass's own `name` reads
   * the previous iteration's output (on the first iteration, `iterateFrom`), and after the last
   * iteration the name refers to its output. Per-iteration settings come from `uniforms`.
   */
  iterations?: (params: ParamValues<K>, ctx: UniformContext) => number
  /** what the pass's own name reads on its first iteration: `'input'` (default), an earlier pass or `'external:<key>'` */
  iterateFrom?: string
}

/**
 * A perturbation is plain data plus GLSL, like a react-postprocessing effect: register your own
 * with `registerPerturbation` and it shows up in every control panel generated from the registry.
 */
export interface PerturbationDefinition<K extends string = string> {
  id: string
  label: string
  group: PerturbationGroup
  description: string
  params: readonly ParamSpec<K>[]
  passes: readonly PassSpec<K>[]
  /**
   * A user-editable GLSL snippet (the paper's "Custom Parameter"). Its text is passed to
   * `fragmentShader(source)`; the shader should put `#line 1` right before the snippet so that
   * compile errors report snippet line numbers.
   */
  editableSource?: { default: string; language: 'glsl' }
  /** external textures the perturbation samples (e.g. the adversarial perturbation image) */
  externalTextures?: readonly string[]
}

/** The serialisable state of one perturbation in a chain. */
export interface PerturbationState {
  id: string
  enabled: boolean
  params: ParamValues
  /** only for definitions with `editableSource` */
  source?: string
}

/** Custom GLSL that breaks a rule or fails to compile: reported, and never drawn. */
export interface PerturbationError {
  perturbationId: string
  /** first compiler message, without the `ERROR: 0:12:` prefix */
  message: string
  /** 1-based line in the user's snippet (or in the pass shader for built-ins), when known */
  line?: number
  /** the full compiler log */
  log: string
  /** what the pass does meanwhile: runs the last code that worked, or nothing (the input passes through) */
  running?: 'previous' | 'none'
}
