import * as tf from '@tensorflow/tfjs'
import { GPGPUContext, MathBackendWebGL, setWebGLContext } from '@tensorflow/tfjs-backend-webgl'

/**
 * A WebGL 2 context owned by someone else (three.js), shared with TF.js so frames rendered there
 * reach the network as textures, without a GPU→CPU→GPU round trip.
 */
export interface SharedWebGLContext {
  gl: WebGL2RenderingContext
  /**
   * Puts the context back to GL defaults and drops the owner's cached state; for three.js
   * `() => renderer.resetState()`. Both libraries cache GL state (bound program, framebuffer,
   * enabled tests, pixel-store flags), so the runtime calls this before and after each TF.js task
   * on the shared backend: without it three.js draws blank frames and TF.js uploads go wrong.
   */
  resetState: () => void
}

/** The default name of the shared-context backend. */
export const SHARED_WEBGL_BACKEND = 'webgl-shared'

const namesByContext = new WeakMap<WebGL2RenderingContext, string>()
const sharedNames = new Set<string>()

/** Whether `name` is a backend registered by {@link registerSharedWebGLBackend}. */
export function isSharedWebGLBackend(name: string): boolean {
  return sharedNames.has(name)
}

/**
 * Registers a TF.js webgl backend that computes on `gl` (three.js' context: `renderer.getContext()`)
 * under `name`, with every `webgl` kernel. Idempotent per context: registering the same context
 * again returns the name it already has. The backend is registered with a low priority, so TF.js
 * never picks it on its own; select it with `createModelRuntime({ forward: name, gradient: name,
 * sharedContext })`.
 *
 * @param resetState the context owner's state reset (see {@link SharedWebGLContext.resetState}),
 *   called around creating the backend, which binds buffers and a framebuffer of its own.
 */
export function registerSharedWebGLBackend(gl: WebGL2RenderingContext, name = SHARED_WEBGL_BACKEND, resetState?: () => void): string {
  const existing = namesByContext.get(gl)
  if (existing) return existing
  if (tf.engine().registryFactory[name]) throw new Error(`A TF.js backend named "${name}" is already registered (for another context).`)
  if (typeof WebGL2RenderingContext !== 'undefined' && !(gl instanceof WebGL2RenderingContext)) {
    throw new Error('The shared-context backend needs a WebGL 2 context.')
  }
  // GPGPUContext makes `gl` TF.js' global context for this WebGL version, where any later default
  // `webgl` backend (and TF.js' lazy capability checks) would pick it up and reconfigure three's
  // context behind its back. Put back the default backend's own context, or none (then TF.js makes
  // a fresh one when it needs it).
  const defaultWebgl = tf.engine().registry.webgl as MathBackendWebGL | undefined
  const version = tf.env().getNumber('WEBGL_VERSION')
  resetState?.()
  const backend = new MathBackendWebGL(new GPGPUContext(gl))
  resetState?.()
  setWebGLContext(version, (defaultWebgl?.gpgpu.gl ?? null) as WebGLRenderingContext)
  tf.registerBackend(name, () => backend, -1)
  for (const kernel of tf.getKernelsForBackend('webgl')) tf.registerKernel({ ...kernel, backendName: name })
  namesByContext.set(gl, name)
  sharedNames.add(name)
  return name
}

/** The GPU `gl` renders on (unmasked where the browser allows), e.g. to spot software rasterisers. */
export function contextRenderer(gl: WebGL2RenderingContext): string | undefined {
  try {
    const info = gl.getExtension('WEBGL_debug_renderer_info')
    return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER))
  } catch {
    return undefined
  }
}
