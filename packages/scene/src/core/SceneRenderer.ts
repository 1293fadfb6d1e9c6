import {
  Color,
  FloatType,
  HalfFloatType,
  RGBAFormat,
  LinearFilter,
  Matrix4,
  PerspectiveCamera,
  Scene,
  Vector3,
  WebGLRenderTarget,
  type Texture,
  type WebGLRenderer,
} from 'three'
import { FullScreenQuad } from 'three/examples/jsm/postprocessing/Pass.js'
import { PerturbationPipeline, type PerturbationError, type PerturbationRegistry, type PerturbationState } from '@perturber/perturbations'
import { applyOrbit } from '../camera/orbitCamera'
import { BackgroundMaterial } from '../background/BackgroundMaterial'
import { defaultSceneParams, effectiveMorph, sanitizeSceneParams, type SceneParams } from '../params'
import type { MorphableObject, RgbaImage } from '../objects/types'
import { createImagePlane, createObjectMesh, type ObjectMesh } from './objectMesh'
import { createColorTexture } from './textures'

export interface SceneRendererOptions {
  /** model input size; default 224×224 */
  width?: number
  height?: number
  /** MSAA samples of the scene render (0 disables); default 4 */
  samples?: number
  /** perturbation registry; default: the built-ins plus anything registered globally */
  registry?: PerturbationRegistry
  /** called whenever a new frame becomes necessary (hook a demand-driven render loop here) */
  onInvalidate?: () => void
  /** holds changes back while the frames' consumer is busy (see {@link FramePacer}) */
  pacer?: FramePacer | null
}

/**
 * Paces live frames to their consumer, e.g. inference: while `ready()` is false, changes do not
 * ask for a frame (the latest state waits), and when the consumer signals readiness the waiting
 * state renders at once. Where rendering is expensive (a software rasteriser), frames nobody will
 * analyse would otherwise take the CPU from the analysis; the display then also shows the frame
 * being analysed. The model runtime's `InferenceScheduler` fits (`waiting`, `subscribeReady`).
 */
export interface FramePacer {
  /** whether the consumer takes a new frame now */
  ready(): boolean
  /** calls `listener` whenever the consumer becomes ready; returns an unsubscribe */
  subscribe(listener: () => void): () => void
}

/** A state to render beside the live one (`renderSample`): parameters merge over the live ones; a chain replaces the live chain. */
export interface SceneSample {
  params?: Partial<SceneParams>
  chain?: readonly PerturbationState[]
  /** draw the background alone, without the object (e.g. how much a background says by itself) */
  hideObject?: boolean
}

/** A finished frame: the scene after all perturbations, at the model's input size. */
export interface SceneFrame {
  /** strictly increasing; results computed from a frame carry its id */
  frameId: number
  /** RGBA float, display (sRGB) values in [0,1]; owned by the renderer, valid until the next frame */
  texture: Texture
  target: WebGLRenderTarget
  width: number
  height: number
}

/**
 * The current frame as a raw WebGL texture of the renderer's context, for consumers computing on
 * the same context (the model runtime's shared-context backend). Structurally a model-runtime
 * `FrameTexture`.
 */
export interface SceneFrameTexture {
  frameId: number
  width: number
  height: number
  /** RGBA32F, display (sRGB) values in [0,1]; owned by the renderer, overwritten by the next frame */
  texture: WebGLTexture
  /** texel row 0 is the image's bottom row (rendered into a target); `readPixels()` flips it */
  rowOrder: 'bottom-up'
}

export type SceneBackground = { kind: 'solid'; color: string } | { kind: 'equirect'; image: RgbaImage } | { kind: 'image'; image: RgbaImage }

const worldLights = [new Vector3(-0.6, 0.8, 0.9).normalize(), new Vector3(0.9, 0.2, 0.4).normalize(), new Vector3(0.2, 0.9, -0.8).normalize()]

/**
 * The perturbable scene as plain three.js: object + background + camera, rendered off-screen at
 * the model's input size and run through the perturbation pipeline. Renders only when something
 * changed (`invalidate()`), never in a busy loop. React components wrap this; it also works alone.
 */
export class SceneRenderer {
  readonly pipeline: PerturbationPipeline
  readonly camera = new PerspectiveCamera(40, 1, 0.05, 100)
  readonly scene = new Scene()
  private readonly sceneTarget: WebGLRenderTarget
  /** where `renderSample` puts its frames, created on first use */
  private sampleTarget: WebGLRenderTarget | null = null
  private readonly background = new BackgroundMaterial()
  private readonly backgroundQuad = new FullScreenQuad(this.background)
  private backgroundTexture: Texture | null = null
  private object: ObjectMesh | null = null
  private featureVis: ObjectMesh | null = null
  private textureOverride: Texture | null = null
  private params: SceneParams = { ...defaultSceneParams }
  private dirty = true
  private frameCounter = 0
  private lastFrame: SceneFrame | null = null
  private readonly listeners = new Set<(frame: SceneFrame) => void>()
  private readonly viewProjection = new Matrix4()
  private readonly savedClearColor = new Color()
  private readonly onInvalidate?: () => void
  private pacer: FramePacer | null = null
  private unsubscribePacer: (() => void) | null = null
  private held = false

  constructor(
    readonly renderer: WebGLRenderer,
    options: SceneRendererOptions = {},
  ) {
    this.onInvalidate = options.onInvalidate
    this.setPacer(options.pacer ?? null)
    const width = options.width ?? 224
    const height = options.height ?? 224
    this.sceneTarget = new WebGLRenderTarget(width, height, {
      type: HalfFloatType,
      samples: options.samples ?? 4,
      minFilter: LinearFilter,
      magFilter: LinearFilter,
      depthBuffer: true,
    })
    this.pipeline = new PerturbationPipeline(renderer, { width, height, registry: options.registry, inputColorSpace: 'linear' })
    this.camera.aspect = width / height
    this.background.setSolid(new Color(0.5, 0.5, 0.5))
  }

  get width(): number {
    return this.sceneTarget.width
  }
  get height(): number {
    return this.sceneTarget.height
  }
  get frameId(): number {
    return this.frameCounter
  }
  get currentParams(): Readonly<SceneParams> {
    return this.params
  }
  /** whether the next `render()` will draw */
  get needsRender(): boolean {
    return this.dirty
  }

  invalidate(): void {
    this.dirty = true
    if (this.pacer && !this.pacer.ready()) this.held = true
    else this.onInvalidate?.()
  }

  /** Paces frames to a consumer from now on (null: render on every change again). */
  setPacer(pacer: FramePacer | null): void {
    if (pacer === this.pacer) return
    this.unsubscribePacer?.()
    this.pacer = pacer
    this.unsubscribePacer = pacer ? pacer.subscribe(() => this.release()) : null
    // a change held for the previous pacer must not wait for a signal the new one may never send
    if (!pacer || pacer.ready()) this.release()
  }

  /** whether a change waits for the pacer */
  get isHeld(): boolean {
    return this.held
  }

  private release(): void {
    if (!this.held) return
    this.held = false
    // render now, not at the next animation frame: the consumer is idle and waits for this frame
    if (this.dirty) this.render()
    this.onInvalidate?.()
  }

  setParams(params: Partial<SceneParams>): void {
    this.params = sanitizeSceneParams({ ...this.params, ...params })
    this.invalidate()
  }

  /** Sets the perturbation chain; returns compile errors of custom GLSL (those passes are bypassed). */
  setChain(chain: readonly PerturbationState[]): readonly PerturbationError[] {
    const errors = this.pipeline.setChain(chain)
    this.invalidate()
    return errors
  }

  setExternalTexture(key: string, texture: Texture | null): void {
    this.pipeline.setExternalTexture(key, texture)
    this.invalidate()
  }

  /** Replaces the foreground object; the previous one's GPU resources are freed. */
  setObject(object: MorphableObject): void {
    const next = createObjectMesh(object)
    next.setTextureOverride(this.textureOverride)
    this.object?.mesh.removeFromParent()
    this.object?.dispose()
    this.object = next
    if (!this.featureVis) this.scene.add(next.mesh)
    this.invalidate()
  }

  /**
   * Paints `image` on the object in place of its own textures, at both morph ends (shape morph
   * still applies; texture morph then has nothing to blend), e.g. random styles for
   * texture-randomised training data. `image` is laid out in the object's UV atlas (v = 0 at
   * the top row, like the objects' textures) and stays on later objects until `null` restores
   * their own textures. The renderer uploads and owns the GPU copy.
   */
  setTextureOverride(image: RgbaImage | null): void {
    this.textureOverride?.dispose()
    this.textureOverride = image ? createColorTexture(image) : null
    this.object?.setTextureOverride(this.textureOverride)
    this.invalidate()
  }

  /** Shows `image` on a plane instead of the object (null switches back to the object). */
  setFeatureVisImage(image: RgbaImage | null): void {
    this.featureVis?.mesh.removeFromParent()
    this.featureVis?.dispose()
    this.featureVis = image ? createImagePlane(image) : null
    if (this.featureVis) {
      this.object?.mesh.removeFromParent()
      this.scene.add(this.featureVis.mesh)
    } else if (this.object) this.scene.add(this.object.mesh)
    this.invalidate()
  }

  setBackground(background: SceneBackground): void {
    this.backgroundTexture?.dispose()
    this.backgroundTexture = null
    if (background.kind === 'solid') {
      this.background.setSolid(new Color(background.color))
    } else {
      const { image } = background
      this.backgroundTexture = createColorTexture(image, { repeatX: background.kind === 'equirect' })
      this.background.setTexture(background.kind, this.backgroundTexture, image.width, image.height)
    }
    this.invalidate()
  }

  /** Listeners get every finished frame (after perturbations). */
  subscribe(listener: (frame: SceneFrame) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /**
   * Renders a new frame if anything changed since the last one (or `force`), and returns the
   * latest frame. Leaves the renderer's render target as it found it.
   */
  render(force = false): SceneFrame {
    if (!this.dirty && !force && this.lastFrame) return this.lastFrame
    const output = this.pipeline.render(this.drawScene())
    this.dirty = false
    this.lastFrame = { frameId: ++this.frameCounter, texture: output.texture, target: output, width: this.width, height: this.height }
    this.listeners.forEach((l) => l(this.lastFrame!))
    return this.lastFrame
  }

  /**
   * Renders another state than the live one and reads its pixels back (RGBA float in [0, 1], row
   * 0 at the top), leaving the live frame exactly as it was: its parameters, chain, frame id and
   * texture stay, no frame is published and no listener hears of it. A sweep renders its samples
   * like this between live frames, on the same context and resources (nothing is re-created per
   * sample). The object, background and textures are the live ones.
   */
  renderSample(sample: SceneSample): Float32Array {
    const liveParams = this.params
    const liveChain = this.pipeline.currentChain
    // float like the live output: the sample's pixels must be the ones a live frame of that state would give
    this.sampleTarget ??= new WebGLRenderTarget(this.width, this.height, { type: FloatType, format: RGBAFormat, depthBuffer: false, generateMipmaps: false })
    if (this.sampleTarget.width !== this.width || this.sampleTarget.height !== this.height) this.sampleTarget.setSize(this.width, this.height)
    const shown = (this.featureVis ?? this.object)?.mesh
    const visible = shown?.visible ?? true
    try {
      this.params = sample.params ? sanitizeSceneParams({ ...this.params, ...sample.params }) : this.params
      if (sample.chain) this.pipeline.setChain(sample.chain)
      if (shown && sample.hideObject) shown.visible = false
      this.pipeline.render(this.drawScene(), this.sampleTarget)
      return this.pipeline.readPixels(this.sampleTarget)
    } finally {
      this.params = liveParams
      if (sample.chain) this.pipeline.setChain(liveChain)
      if (shown) shown.visible = visible
    }
  }

  /** Draws background and object into the scene target (for the pipeline to perturb) and returns its texture. */
  private drawScene(): Texture {
    const previousTarget = this.renderer.getRenderTarget()
    this.updateUniforms()
    this.renderer.getClearColor(this.savedClearColor)
    const savedAlpha = this.renderer.getClearAlpha()
    this.renderer.setRenderTarget(this.sceneTarget)
    this.renderer.setClearColor(0x000000, 1)
    this.renderer.clear(true, true, false)
    this.renderer.setClearColor(this.savedClearColor, savedAlpha)
    this.backgroundQuad.render(this.renderer)
    // the background is already drawn: the scene must not clear it (R3F leaves autoClear on)
    const autoClear = this.renderer.autoClear
    this.renderer.autoClear = false
    this.renderer.render(this.scene, this.camera)
    this.renderer.autoClear = autoClear
    this.renderer.setRenderTarget(previousTarget)
    return this.sceneTarget.texture
  }

  /** The current frame's pixels: RGBA float in [0,1], row 0 at the top. */
  readPixels(): Float32Array {
    this.render()
    return this.pipeline.readPixels()
  }

  /**
   * The current frame (rendered first if needed) as the WebGL texture of the final render target,
   * without reading it back. Only meaningful on this renderer's WebGL context.
   */
  readTexture(): SceneFrameTexture {
    const frame = this.render()
    const texture = (this.renderer.properties.get(frame.texture) as { __webglTexture?: WebGLTexture }).__webglTexture
    if (!texture) throw new Error('The frame texture has no WebGL texture (was the renderer disposed?).')
    return { frameId: frame.frameId, width: frame.width, height: frame.height, texture, rowOrder: 'bottom-up' }
  }

  readPixelsAsync(): Promise<Float32Array> {
    this.render()
    return this.pipeline.readPixelsAsync()
  }

  setSize(width: number, height: number): void {
    this.sceneTarget.setSize(width, height)
    this.pipeline.setSize(width, height)
    this.camera.aspect = width / height
    this.invalidate()
  }

  dispose(): void {
    this.unsubscribePacer?.()
    this.unsubscribePacer = null
    this.pacer = null
    this.object?.dispose()
    this.featureVis?.dispose()
    this.textureOverride?.dispose()
    this.backgroundTexture?.dispose()
    this.background.dispose()
    this.backgroundQuad.dispose()
    this.sceneTarget.dispose()
    this.sampleTarget?.dispose()
    this.pipeline.dispose()
    this.listeners.clear()
  }

  private updateUniforms(): void {
    const p = this.params
    this.camera.updateProjectionMatrix()
    applyOrbit(this.camera, p)
    const morph = effectiveMorph(p)
    for (const entry of [this.object, this.featureVis]) {
      if (!entry) continue
      const m = entry.mesh.material
      const u = m.uniforms
      u.shapeMorph.value = entry === this.featureVis ? 0 : morph.shape
      u.textureMorph.value = entry === this.featureVis ? 0 : morph.texture
      u.textureInfluence.value = p.textureInfluence
      const map = u.mapA.value as Texture | null
      const image = map?.image as { width: number; height: number } | undefined
      const size = image ? Math.max(image.width, image.height) : 1
      u.textureLevel.value = p.textureBlur * Math.log2(size)
      u.lightingInfluence.value = p.lightingInfluence
      // lights are fixed in the world, so orbiting the camera changes the shading as it should
      ;(u.lightDirections.value as Vector3[]).forEach((d, i) => d.copy(worldLights[i]).transformDirection(this.camera.matrixWorldInverse))
    }
    const bu = this.background.uniforms
    bu.blur.value = p.backgroundBlur
    bu.saturation.value = p.backgroundSaturation
    bu.viewAspect.value = this.camera.aspect
    this.viewProjection.multiplyMatrices(this.camera.projectionMatrix, this.camera.matrixWorldInverse)
    ;(bu.inverseViewProjection.value as Matrix4).copy(this.viewProjection).invert()
  }
}
