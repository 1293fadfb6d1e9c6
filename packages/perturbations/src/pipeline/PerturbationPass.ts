import { ShaderMaterial, Vector2, type Texture, type WebGLRenderer, type WebGLRenderTarget } from 'three'
import { FullScreenQuad, Pass } from 'three/examples/jsm/postprocessing/Pass.js'
import { commonHeader, fullscreenVertexShader } from '../glsl/common'
import type { PerturbationDefinition, PerturbationError, PerturbationState, UniformContext } from '../types'
import { programError } from './compileCheck'
import { checkCustomGlsl } from './customGlslRules'
import { createFloatTarget } from './targets'

/**
 * One perturbation as a three.js post-processing `Pass` (so it runs in an `EffectComposer`).
 * Multi-pass perturbations render their inner passes into private targets; the last inner pass
 * writes the composer's write buffer.
 */
export class PerturbationPass extends Pass {
  readonly definition: PerturbationDefinition
  /**
   * Set when the user's GLSL breaks a rule or does not compile: the pass then keeps running the
   * last source that worked (`error.running === 'previous'`), or copies its input through when
   * none did yet.
   */
  error: PerturbationError | null = null
  private state: PerturbationState
  private materials: ShaderMaterial[] = []
  /** per pass: none (the last pass writes the composer's buffer), one, or two ping-pong targets for repeated passes */
  private targets: WebGLRenderTarget[][] = []
  private readonly quad = new FullScreenQuad()
  private readonly cache = new Map<string, unknown>()
  /** pass name → texture within one render; reused so a frame allocates nothing here */
  private readonly outputs = new Map<string, Texture>()
  /** the last source tried (the materials in use may be an earlier one's) */
  private attemptedSource: string | undefined = undefined
  private readonly ctx: UniformContext = {
    width: 1,
    height: 1,
    cache: this.cache,
    // looked up at call time: `externals` is shared with the pipeline and changes between frames
    external: (key) => this.externals.get(key) ?? null,
    iteration: 0,
  }
  private get width() {
    return this.ctx.width
  }
  private get height() {
    return this.ctx.height
  }

  constructor(
    definition: PerturbationDefinition,
    state: PerturbationState,
    private readonly externals: Map<string, Texture>,
  ) {
    super()
    this.definition = definition
    this.state = state
  }

  /** Cheap per-frame update; rebuilds materials only when the GLSL source changed. */
  setState(state: PerturbationState): void {
    this.state = state
    this.enabled = state.enabled
  }

  override setSize(width: number, height: number): void {
    this.ctx.width = width
    this.ctx.height = height
    this.targets.flat().forEach((t) => t.setSize(width, height))
  }

  /**
   * Compiles (or recompiles) the shaders when the source changed; returns the error of user GLSL,
   * if any. Built-in GLSL is tested; an editable source is checked against the rules
   * (`checkCustomGlsl`) and then compiled and linked as three.js will run it (`programError`),
   * and only a source that passes both replaces the materials in use.
   */
  prepare(renderer: WebGLRenderer): PerturbationError | null {
    const source = this.state.source ?? this.definition.editableSource?.default ?? ''
    if (source === this.attemptedSource && (this.materials.length || this.error)) return this.error
    this.attemptedSource = source
    const shaders = this.definition.passes.map((p) => (typeof p.fragmentShader === 'string' ? p.fragmentShader : p.fragmentShader(source)))
    const editable = !!this.definition.editableSource
    const broken = editable ? checkCustomGlsl(source, this.definition.id) : null
    if (broken) return this.reject(broken)
    const materials = this.createMaterials(shaders)
    if (editable) {
      for (const material of materials) {
        const error = programError(renderer, material, this.definition.id)
        if (!error) continue
        materials.forEach((m) => m.dispose())
        return this.reject(error)
      }
    }
    this.disposeMaterials()
    this.materials = materials
    const last = this.definition.passes.length - 1
    this.targets = this.definition.passes.map((pass, i) => {
      const count = pass.iterations ? 2 : i < last ? 1 : 0
      return Array.from({ length: count }, (_, k) => createFloatTarget(this.width, this.height, `${this.definition.id}#${i}.${k}`))
    })
    this.error = null
    return null
  }

  /** The new source is refused; what ran before keeps running. */
  private reject(error: PerturbationError): PerturbationError {
    this.error = { ...error, running: this.materials.length ? 'previous' : 'none' }
    return this.error
  }

  private createMaterials(shaders: string[]): ShaderMaterial[] {
    return this.definition.passes.map((pass, i) => {
      const uniforms: Record<string, { value: unknown }> = {
        uResolution: { value: new Vector2(this.width, this.height) },
        tInput: { value: null },
      }
      for (const name of Object.keys(pass.samplers ?? {})) uniforms[name] = { value: null }
      // three.js fixes a material's uniform list when it compiles, so declare every uniform now.
      this.ctx.iteration = 0
      const initial = pass.uniforms?.(this.state.params, this.ctx) ?? {}
      for (const [name, value] of Object.entries(initial)) uniforms[name] = { value }
      return new ShaderMaterial({
        name: `${this.definition.id}#${i}`,
        vertexShader: fullscreenVertexShader,
        fragmentShader: commonHeader + shaders[i],
        uniforms,
        depthTest: false,
        depthWrite: false,
      })
    })
  }

  override render(renderer: WebGLRenderer, writeBuffer: WebGLRenderTarget, readBuffer: WebGLRenderTarget): void {
    if (!this.materials.length) {
      this.needsSwap = false // bypass: the input stays in the read buffer
      return
    }
    this.needsSwap = true
    const outputs = this.outputs
    outputs.clear()
    outputs.set('input', readBuffer.texture)
    const passes = this.definition.passes
    const last = passes.length - 1
    for (let i = 0; i < passes.length; i++) {
      const pass = passes[i]
      const material = this.materials[i]
      const u = material.uniforms
      ;(u.uResolution.value as Vector2).set(this.width, this.height)
      u.tInput.value = readBuffer.texture
      this.ctx.iteration = 0
      const iterations = pass.iterations ? Math.max(1, Math.floor(pass.iterations(this.state.params, this.ctx)) || 1) : 1
      // a repeated pass reads its own name: iterateFrom first, then its previous iteration
      if (pass.iterations && pass.name) {
        const first = this.source(pass.iterateFrom ?? 'input')
        if (first) outputs.set(pass.name, first)
        else outputs.delete(pass.name)
      }
      for (let iteration = 0; iteration < iterations; iteration++) {
        this.ctx.iteration = iteration
        for (const [uniform, src] of Object.entries(pass.samplers ?? {})) u[uniform].value = this.source(src)
        const values = pass.uniforms?.(this.state.params, this.ctx) ?? {}
        for (const [name, value] of Object.entries(values)) if (u[name]) u[name].value = value
        const own = this.targets[i]
        const target = i === last && iteration === iterations - 1 ? writeBuffer : own[iteration % own.length]
        renderer.setRenderTarget(target)
        this.quad.material = material
        this.quad.render(renderer)
        if (pass.name) outputs.set(pass.name, target.texture)
      }
    }
    this.ctx.iteration = 0
  }

  /** The texture a sampler bound to `src` reads now: 'input', a pass name or 'external:<key>'. */
  private source(src: string): Texture | null {
    return src.startsWith('external:') ? (this.externals.get(src.slice(9)) ?? null) : (this.outputs.get(src) ?? null)
  }

  private disposeMaterials(): void {
    this.materials.forEach((m) => m.dispose())
    this.targets.flat().forEach((t) => t.dispose())
    this.materials = []
    this.targets = []
  }

  override dispose(): void {
    this.disposeMaterials()
    this.quad.dispose()
    for (const value of this.cache.values()) (value as { dispose?: () => void })?.dispose?.()
    this.cache.clear()
  }
}
