import { LinearSRGBColorSpace, NoToneMapping, ShaderMaterial, WebGLRenderer, type Texture } from 'three'
import { FullScreenQuad } from 'three/examples/jsm/postprocessing/Pass.js'
import type { PerturbationRegistry } from '@perturber/perturbations'
import { SceneContent, SceneRenderer, connectScene, type SceneFrame, type SceneStore } from '@perturber/scene'

export interface FigureSceneOptions {
  store: SceneStore
  registry?: PerturbationRegistry
  /** the frame size (the model input the scene renders at) */
  width: number
  height: number
  /** the figure's visible 2D canvas: every new frame is copied there */
  canvas: HTMLCanvasElement
  /** every new frame, after it is on the figure's canvas (e.g. `useSceneFrames().onFrame`) */
  onFrame(frame: SceneFrame, scene: SceneRenderer): void
  /** the shared context was lost: nothing renders any more */
  onError(message: string): void
}

export interface FigureSceneHandle {
  scene: SceneRenderer
  detach(): void
}

interface View {
  scene: SceneRenderer
  options: FigureSceneOptions
  context: CanvasRenderingContext2D
}

/** Draws a frame texture over the whole drawing buffer, its values untouched (they are display values already). */
function displayMaterial(): ShaderMaterial {
  return new ShaderMaterial({
    uniforms: { map: { value: null } },
    vertexShader: 'varying vec2 vUv; void main() { vUv = uv; gl_Position = vec4(position.xy, 0.0, 1.0); }',
    fragmentShader: 'uniform sampler2D map; varying vec2 vUv; void main() { gl_FragColor = vec4(texture2D(map, vUv).rgb, 1.0); }',
    depthTest: false,
    depthWrite: false,
  })
}

/**
 * Every figure on a page renders its scene with ONE WebGL context. Browsers keep about 16 live
 * WebGL contexts per page and silently drop the oldest beyond that, so an article with a canvas
 * (and a context) per figure would lose figures; TF.js needs one more. Here each figure gets its
 * own `SceneRenderer` (its own render targets and perturbation chain) on the shared renderer,
 * and each new frame is drawn into the shared canvas and copied (`drawImage`, on the GPU in
 * Chromium) into the figure's plain 2D canvas. Rendering stays demand-driven: a figure renders
 * only when its scene changed, at most once per animation frame.
 */
export class SharedSceneRenderer {
  private static shared: SharedSceneRenderer | null = null

  /** The page's renderer, created on first use; throws with an explanation when WebGL 2 is unavailable. */
  static get(): SharedSceneRenderer {
    if (!SharedSceneRenderer.shared) SharedSceneRenderer.shared = new SharedSceneRenderer()
    return SharedSceneRenderer.shared
  }

  readonly renderer: WebGLRenderer
  /** objects and backgrounds are loaded once for all figures (the HDRIs are large) */
  readonly content = new SceneContent()
  private readonly views = new Set<View>()
  private readonly quad = new FullScreenQuad(displayMaterial())
  private frameRequest: number | null = null
  private lost: string | null = null

  private constructor() {
    const canvas = document.createElement('canvas')
    try {
      // as PerturberCanvas sets up R3F (flat, linear): frames hold display values, written untouched
      this.renderer = new WebGLRenderer({ canvas, antialias: false, preserveDrawingBuffer: true, alpha: false })
    } catch (e) {
      throw new Error(`This browser could not create a WebGL 2 context for the figures (${e instanceof Error ? e.message : String(e)}). Enable hardware acceleration or try another browser.`)
    }
    this.renderer.outputColorSpace = LinearSRGBColorSpace
    this.renderer.toneMapping = NoToneMapping
    this.renderer.setPixelRatio(1)
    canvas.addEventListener('webglcontextlost', (e) => {
      e.preventDefault()
      this.lost = 'The browser took back the WebGL context of the figures (too many WebGL pages open, or the GPU was reset): reload the page.'
      for (const view of this.views) view.options.onError(this.lost)
    })
  }

  /** Adds a figure's scene; `detach()` frees its GPU resources. */
  attach(options: FigureSceneOptions): FigureSceneHandle {
    if (this.lost) throw new Error(this.lost)
    const context = options.canvas.getContext('2d')
    if (!context) throw new Error('The figure canvas has no 2D context.')
    const scene = new SceneRenderer(this.renderer, { width: options.width, height: options.height, registry: options.registry, onInvalidate: () => this.schedule() })
    const view: View = { scene, options, context }
    const disconnect = connectScene(scene, options.store, this.content)
    const unsubscribe = scene.subscribe((frame) => {
      this.present(view, frame.texture)
      options.onFrame(frame, scene)
    })
    this.views.add(view)
    this.schedule()
    return {
      scene,
      detach: () => {
        this.views.delete(view)
        unsubscribe()
        disconnect()
        scene.dispose()
      },
    }
  }

  private schedule(): void {
    if (this.frameRequest !== null || this.lost) return
    this.frameRequest = requestAnimationFrame(() => {
      this.frameRequest = null
      for (const view of this.views) {
        if (!view.scene.needsRender) continue
        try {
          view.scene.render()
        } catch (e) {
          view.options.onError(`The scene could not be rendered: ${e instanceof Error ? e.message : String(e)}`)
        }
      }
    })
  }

  /** Draws `texture` into the shared canvas at the frame size, then copies it to the figure's canvas. */
  private present(view: View, texture: Texture): void {
    const { width, height, canvas } = view.options
    const shared = this.renderer.domElement
    if (shared.width !== width || shared.height !== height) this.renderer.setSize(width, height, false)
    const previous = this.renderer.getRenderTarget()
    this.renderer.setRenderTarget(null)
    ;(this.quad.material as ShaderMaterial).uniforms.map.value = texture
    this.quad.render(this.renderer)
    this.renderer.setRenderTarget(previous)
    if (canvas.width !== width || canvas.height !== height) Object.assign(canvas, { width, height })
    view.context.drawImage(shared, 0, 0, width, height)
  }
}
