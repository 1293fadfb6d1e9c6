/**
 * Renders dataset samples with the scene package's own SceneRenderer (the same shaders users
 * see) at the model's input size, as packed RGB bytes.
 *
 * Speed matters (tens of thousands of images on a CPU rasteriser), hence:
 * - one SceneRenderer per built-in object and backdrop (each HDRI, or solid colours), all on
 *   one WebGL context: switching objects or HDRIs re-uploads meshes and mip-mapped textures,
 *   which costs more than rendering an image, so each renderer keeps its object and HDRI and
 *   only changes what a sample changes (parameters, chain, solid colour, style);
 * - finished frames are copied into tiles of one 8-bit target and read back together, so the
 *   GPU process renders while JavaScript prepares the next samples, and there is one
 *   synchronous readback per `TILES` images instead of one per image.
 */
import { NoColorSpace, ShaderMaterial, UnsignedByteType, WebGLRenderTarget, NearestFilter, type Texture, type WebGLRenderer } from 'three'
import { FullScreenQuad } from 'three/examples/jsm/postprocessing/Pass.js'
import { getBuiltinObject, surfaceAtlas, type BuiltinObjectId, type SurfaceAtlas } from '@perturber/scene/objects'
import { loadBuiltinBackground, type SceneBackground } from '@perturber/scene/core'
import { SceneRenderer } from '@perturber/scene'
import { HDRIS, type SampleBackground, type SampleConfig } from './sampleConfig'
import { paintStyle } from './styles'

/** Texels per side of the random-style textures (the objects' own textures have 512). */
export const STYLE_SIZE = 128
/** Frames per readback. */
export const TILES = 16

interface Slot {
  scene: SceneRenderer
  /** the background last set: an HDRI id, or a solid colour */
  backgroundKey: string
  stylized: boolean
}

const createCopyMaterial = () => new ShaderMaterial({
  uniforms: { tSource: { value: null }, uOffset: { value: 0 } },
  vertexShader: /* glsl */ `varying vec2 vUv; void main() { vUv = uv; gl_Position = vec4(position.xy, 0.0, 1.0); }`,
  // exact texel copy; the tile's rows sit uOffset rows up in the tall target
  fragmentShader: /* glsl */ `
    uniform sampler2D tSource;
    uniform float uOffset;
    void main() { gl_FragColor = vec4(texelFetch(tSource, ivec2(gl_FragCoord.x, gl_FragCoord.y - uOffset), 0).rgb, 1.0); }`,
  depthTest: false,
  depthWrite: false,
})

export class ZooRenderer {
  private readonly slots = new Map<string, Slot>()
  private readonly hdris = new Map<string, SceneBackground>()
  private readonly atlases = new Map<string, SurfaceAtlas>()
  private readonly tiles: WebGLRenderTarget
  private readonly copy = createCopyMaterial()
  private readonly quad = new FullScreenQuad(this.copy)
  private readonly raw: Uint8Array

  constructor(readonly renderer: WebGLRenderer, readonly size: number) {
    this.tiles = new WebGLRenderTarget(size, size * TILES, { type: UnsignedByteType, minFilter: NearestFilter, magFilter: NearestFilter, depthBuffer: false })
    this.tiles.texture.colorSpace = NoColorSpace
    this.raw = new Uint8Array(size * size * TILES * 4)
  }

  /** Decodes the built-in HDRIs once (every sample reuses them). */
  async load(): Promise<void> {
    for (const id of HDRIS) this.hdris.set(id, { kind: 'equirect', image: await loadBuiltinBackground(id) })
  }

  /** Renders one sample: size × size × 3 bytes, RGB, row 0 at the top. */
  render(config: SampleConfig): Uint8Array {
    return this.renderMany([config])
  }

  /** Renders the samples in the given order; returns their RGB bytes one after the other. */
  renderMany(configs: readonly SampleConfig[]): Uint8Array {
    const S = this.size
    const bytesPer = S * S * 3
    const out = new Uint8Array(configs.length * bytesPer)
    for (let start = 0; start < configs.length; start += TILES) {
      const count = Math.min(TILES, configs.length - start)
      for (let t = 0; t < count; t++) this.copyToTile(this.apply(configs[start + t]).render().texture, t)
      this.renderer.readRenderTargetPixels(this.tiles, 0, 0, S, S * count, this.raw)
      for (let t = 0; t < count; t++) {
        const dst = (start + t) * bytesPer
        for (let r = 0; r < S; r++) {
          // GL rows are bottom-up: image row r of tile t is GL row t·S + (S − 1 − r)
          const src = ((t * S + S - 1 - r) * S) * 4
          const o = dst + r * S * 3
          for (let x = 0; x < S; x++) {
            out[o + x * 3] = this.raw[src + x * 4]
            out[o + x * 3 + 1] = this.raw[src + x * 4 + 1]
            out[o + x * 3 + 2] = this.raw[src + x * 4 + 2]
          }
        }
      }
    }
    return out
  }

  /**
   * Sets up the renderer of the sample's object for `config` and returns it, not yet rendered
   * (tests use it to take object masks of exactly the sample's view).
   */
  apply(config: SampleConfig): SceneRenderer {
    const slot = this.slot(config.object, config.background.kind === 'hdri' ? config.background.id : 'solid')
    const s = slot.scene
    const key = backgroundKey(config.background)
    if (key !== slot.backgroundKey) {
      s.setBackground(this.resolveBackground(config.background))
      slot.backgroundKey = key
    }
    if (config.styleSeed !== null) {
      // painted on the shape that is shown, so the pattern follows that surface
      const end = config.params.shapeMorph >= 0.5 ? 1 : 0
      s.setTextureOverride(paintStyle(this.atlas(config.object, end), config.styleSeed))
      slot.stylized = true
    } else if (slot.stylized) {
      s.setTextureOverride(null)
      slot.stylized = false
    }
    s.setParams(config.params)
    s.setChain(config.chain)
    return s
  }

  /** Call after changing a renderer's background behind our back (tests' object masks do). */
  forgetBackgrounds(): void {
    for (const slot of this.slots.values()) slot.backgroundKey = ''
  }

  dispose(): void {
    for (const slot of this.slots.values()) slot.scene.dispose()
    this.slots.clear()
    this.tiles.dispose()
    this.quad.dispose()
    this.copy.dispose()
  }

  private copyToTile(texture: Texture, tile: number): void {
    const S = this.size
    this.copy.uniforms.tSource.value = texture
    this.copy.uniforms.uOffset.value = tile * S
    this.tiles.viewport.set(0, tile * S, S, S)
    this.renderer.setRenderTarget(this.tiles)
    // auto-clear would wipe the tiles already copied
    const autoClear = this.renderer.autoClear
    this.renderer.autoClear = false
    this.quad.render(this.renderer)
    this.renderer.autoClear = autoClear
    this.renderer.setRenderTarget(null)
  }

  private slot(object: BuiltinObjectId, backdrop: string): Slot {
    const key = `${object}/${backdrop}`
    let slot = this.slots.get(key)
    if (!slot) {
      const scene = new SceneRenderer(this.renderer, { width: this.size, height: this.size })
      scene.setObject(getBuiltinObject(object))
      slot = { scene, backgroundKey: '', stylized: false }
      this.slots.set(key, slot)
    }
    return slot
  }

  private resolveBackground(b: SampleBackground): SceneBackground {
    if (b.kind === 'solid') return b
    const hdri = this.hdris.get(b.id)
    if (!hdri) throw new Error(`background ${b.id} not loaded: call load() first`)
    return hdri
  }

  private atlas(object: BuiltinObjectId, end: 0 | 1): SurfaceAtlas {
    const key = `${object}/${end}`
    let atlas = this.atlases.get(key)
    if (!atlas) {
      atlas = surfaceAtlas(getBuiltinObject(object), end, STYLE_SIZE)
      this.atlases.set(key, atlas)
    }
    return atlas
  }
}

const backgroundKey = (b: SampleBackground) => (b.kind === 'solid' ? `solid:${b.color}` : `hdri:${b.id}`)
