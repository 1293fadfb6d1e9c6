import { ShaderMaterial, Vector2, type Texture, type WebGLRenderer, type WebGLRenderTarget } from 'three'
import { EffectComposer } from 'three/examples/jsm/postprocessing/EffectComposer.js'
import { FullScreenQuad } from 'three/examples/jsm/postprocessing/Pass.js'
import { fullscreenVertexShader } from '../glsl/common'
import { defaultRegistry } from '../builtins'
import type { PerturbationRegistry } from '../registry'
import type { PerturbationError, PerturbationState } from '../types'
import { PerturbationPass } from './PerturbationPass'
import { createFloatTarget } from './targets'

export interface PerturbationPipelineOptions {
  /** model input size; default 224×224 */
  width?: number
  height?: number
  registry?: PerturbationRegistry
  /**
   * 'linear' when the input is a three.js scene rendered into a render target (three.js keeps
   * those linear), 'srgb' for images. Perturbations always operate on display (sRGB) values.
   */
  inputColorSpace?: 'srgb' | 'linear'
}

const ioShader = (linearInput: boolean) => /* glsl */ `
varying vec2 vUv;
uniform sampler2D tSource;
uniform vec2 uResolution;
vec3 toSrgb(vec3 c) {
  return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(0.0031308, c));
}
void main() {
  // Same size: copy texels exactly (filtering at texel centres is not bit-exact on every GPU).
  ivec2 size = textureSize(tSource, 0);
  vec4 c = size == ivec2(uResolution) ? texelFetch(tSource, ivec2(gl_FragCoord.xy), 0) : texture2D(tSource, vUv);
  ${linearInput ? 'c.rgb = toSrgb(max(c.rgb, 0.0));' : ''}
  // NaN from a user shader must not reach the model; clamp also pins the valid pixel range.
  c = clamp(c, 0.0, 1.0);
  if (c.r != c.r) c.r = 0.0;
  if (c.g != c.g) c.g = 0.0;
  if (c.b != c.b) c.b = 0.0;
  gl_FragColor = vec4(c.rgb, 1.0);
}
`

/**
 * Runs an ordered chain of perturbations over an image on the GPU, at the model's input size.
 * Built on three.js' `EffectComposer`: each enabled perturbation is one `PerturbationPass`.
 *
 * ```ts
 * const pipeline = new PerturbationPipeline(renderer, { width: 224, height: 224 })
 * pipeline.setChain([{ id: 'hue', enabled: true, params: { hue: 0.25 } }])
 * const out = pipeline.render(sceneTarget.texture) // RGBA float render target, values in [0, 1]
 * ```
 */
export class PerturbationPipeline {
  readonly registry: PerturbationRegistry
  /** the last rendered result; a stable target the model runtime can bind once */
  readonly output: WebGLRenderTarget
  private readonly composer: EffectComposer
  private readonly passes = new Map<string, PerturbationPass>()
  private readonly externals = new Map<string, Texture>()
  private readonly quad: FullScreenQuad
  private readonly inputMaterial: ShaderMaterial
  private readonly outputMaterial: ShaderMaterial
  private chain: PerturbationState[] = []
  private errorList: PerturbationError[] = []

  constructor(
    private readonly renderer: WebGLRenderer,
    options: PerturbationPipelineOptions = {},
  ) {
    const width = options.width ?? 224
    const height = options.height ?? 224
    this.registry = options.registry ?? defaultRegistry
    this.composer = new EffectComposer(renderer, createFloatTarget(width, height, 'perturber.ping'))
    this.composer.renderToScreen = false
    this.composer.setPixelRatio(1)
    this.composer.setSize(width, height)
    this.output = createFloatTarget(width, height, 'perturber.output')
    const material = (linear: boolean) =>
      new ShaderMaterial({
        vertexShader: fullscreenVertexShader,
        fragmentShader: ioShader(linear),
        uniforms: { tSource: { value: null }, uResolution: { value: new Vector2(width, height) } },
        depthTest: false,
        depthWrite: false,
      })
    this.inputMaterial = material(options.inputColorSpace === 'linear')
    this.outputMaterial = material(false)
    this.quad = new FullScreenQuad(this.inputMaterial)
  }

  get width(): number {
    return this.output.width
  }
  get height(): number {
    return this.output.height
  }

  /** The chain as last set. */
  get currentChain(): readonly PerturbationState[] {
    return this.chain
  }

  /** Compile errors of custom GLSL in the current chain; those passes are bypassed. */
  get errors(): readonly PerturbationError[] {
    return this.errorList
  }

  /**
   * Sets the ordered chain. Passes are reused by id, so moving a slider costs nothing but a
   * uniform update; only a changed GLSL source recompiles. Unknown ids throw.
   */
  setChain(chain: readonly PerturbationState[]): readonly PerturbationError[] {
    const keep = new Set(chain.map((s) => s.id))
    for (const [id, pass] of this.passes) {
      if (!keep.has(id)) {
        pass.dispose()
        this.passes.delete(id)
      }
    }
    const errors: PerturbationError[] = []
    for (const state of chain) {
      let pass = this.passes.get(state.id)
      if (!pass) {
        pass = new PerturbationPass(this.registry.require(state.id), state, this.externals)
        pass.setSize(this.width, this.height)
        this.passes.set(state.id, pass)
      }
      pass.setState(state)
      if (state.enabled) {
        const error = pass.prepare(this.renderer)
        if (error) errors.push(error)
      }
    }
    this.chain = chain.map((s) => s)
    this.composer.passes = this.chain.filter((s) => s.enabled).map((s) => this.passes.get(s.id)!)
    this.errorList = errors
    return errors
  }

  /** Textures that perturbations declare in `externalTextures`, e.g. `'adversarial'`. */
  setExternalTexture(key: string, texture: Texture | null): void {
    if (texture) this.externals.set(key, texture)
    else this.externals.delete(key)
  }

  setSize(width: number, height: number): void {
    for (const m of [this.inputMaterial, this.outputMaterial]) m.uniforms.uResolution.value.set(width, height)
    this.composer.setSize(width, height)
    this.output.setSize(width, height)
    for (const pass of this.passes.values()) pass.setSize(width, height)
  }

  /**
   * Perturbs `input` into `output` (default `this.output`, the stable target the live frame
   * lives in; another target leaves that frame as it was) and returns it. Restores the
   * renderer's target.
   */
  render(input: Texture, output: WebGLRenderTarget = this.output): WebGLRenderTarget {
    const previous = this.renderer.getRenderTarget()
    this.blit(this.inputMaterial, input, this.composer.readBuffer)
    // The composer starts by writing, so hand it the prepared image as its read buffer.
    this.composer.render(0)
    this.blit(this.outputMaterial, this.composer.readBuffer.texture, output)
    this.renderer.setRenderTarget(previous)
    return output
  }

  /** Synchronous readback of `output` as RGBA floats, row 0 at the top (image order). */
  readPixels(target: WebGLRenderTarget = this.output): Float32Array {
    const { width, height } = target
    const raw = new Float32Array(width * height * 4)
    this.renderer.readRenderTargetPixels(target, 0, 0, width, height, raw)
    return flipRows(raw, width, height)
  }

  /** Asynchronous readback (no pipeline stall where the browser supports it). */
  async readPixelsAsync(target: WebGLRenderTarget = this.output): Promise<Float32Array> {
    const { width, height } = target
    const raw = new Float32Array(width * height * 4)
    await this.renderer.readRenderTargetPixelsAsync(target, 0, 0, width, height, raw)
    return flipRows(raw, width, height)
  }

  dispose(): void {
    for (const pass of this.passes.values()) pass.dispose()
    this.passes.clear()
    this.composer.dispose()
    this.output.dispose()
    this.inputMaterial.dispose()
    this.outputMaterial.dispose()
    this.quad.dispose()
  }

  private blit(material: ShaderMaterial, source: Texture, target: WebGLRenderTarget): void {
    material.uniforms.tSource.value = source
    this.quad.material = material
    this.renderer.setRenderTarget(target)
    this.quad.render(this.renderer)
  }
}

/** Turns rows bottom-up (GL) into top-down (image order) in place: one row of scratch, not a second frame-sized copy. */
function flipRows(data: Float32Array, width: number, height: number): Float32Array {
  const row = width * 4
  const scratch = new Float32Array(row)
  for (let top = 0, bottom = height - 1; top < bottom; top++, bottom--) {
    const a = top * row
    const b = bottom * row
    scratch.set(data.subarray(a, a + row))
    data.copyWithin(a, b, b + row)
    data.set(scratch, b)
  }
  return data
}
