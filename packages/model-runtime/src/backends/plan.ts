import * as tf from '@tensorflow/tfjs'
import { isSoftwareRenderer, webglRenderer } from './detect'
import { SHARED_WEBGL_BACKEND, contextRenderer, registerSharedWebGLBackend, type SharedWebGLContext } from './sharedContext'

/** Which TF.js backend runs which kind of work. */
export interface BackendPlan {
  /** Forward passes on live frames (activations, predictions). */
  forward: string
  /** Anything needing ∂/∂input: attacks, feature visualization. Must support gradients of convolutions. */
  gradient: string
  /** Why this plan was chosen, for display and bench reports. */
  reason: string
  /**
   * Gradients run on the CPU (the cpu backend, or WebGL on a software rasteriser such as
   * SwiftShader): every gradient step is slow, and warming one up freezes live frames as long.
   */
  softwareGradients: boolean
  /**
   * WebGL renders on a software rasteriser (or there is none): every rendered frame costs CPU that
   * inference needs, so apps pace the scene to inference (`FramePacer` in @perturber/scene).
   */
  softwareRenderer: boolean
}

export interface BackendOptions {
  /** Force the forward backend ('webgl', 'wasm', 'cpu', 'webgpu', or any registered name). */
  forward?: string
  /** Force the gradient backend. wasm cannot compute convolution gradients and is refused. */
  gradient?: string
  /**
   * Where the wasm backend's .wasm files are served (a folder URL ending in '/', or a map of file
   * name → URL, as `setWasmPaths` takes). Without it the wasm backend is not used.
   */
  wasmPaths?: string | Record<string, string>
  /**
   * three.js' WebGL context, to run TF.js' webgl backend on it (registered as `'webgl-shared'`, see
   * {@link registerSharedWebGLBackend}): it then takes the place of `webgl` in the plan, and frames
   * can be passed as textures when it is the forward backend.
   */
  sharedContext?: SharedWebGLContext
}

/** Backends whose kernels lack convolution gradients (Conv2DBackpropFilter/Input). */
const NO_CONV_GRADIENTS = new Set(['wasm'])

async function tryBackend(name: string): Promise<boolean> {
  if (!tf.engine().registryFactory[name]) return false
  const previous = tf.getBackend()
  try {
    const ok = await tf.setBackend(name)
    return ok
  } catch {
    return false
  } finally {
    if (previous && previous !== name) await tf.setBackend(previous)
  }
}

async function registerWasm(paths: BackendOptions['wasmPaths']): Promise<boolean> {
  if (!paths) return false
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm')
    wasm.setWasmPaths(paths as Parameters<typeof wasm.setWasmPaths>[0])
    return await tryBackend('wasm')
  } catch {
    return false
  }
}

/**
 * Picks backends for this machine: gradients on webgl (else cpu); forward passes on wasm when
 * WebGL is a software rasteriser and wasm is available, else on the gradient backend, so on a
 * real GPU everything stays on webgl and no weights are duplicated.
 */
export async function planBackends(options: BackendOptions = {}): Promise<BackendPlan> {
  if (options.gradient && NO_CONV_GRADIENTS.has(options.gradient)) {
    throw new Error(`The ${options.gradient} backend cannot compute convolution gradients; choose webgl or cpu for gradients.`)
  }
  const wasmReady = await registerWasm(options.wasmPaths)
  const shared = options.sharedContext
  const webgl = shared ? registerSharedWebGLBackend(shared.gl, SHARED_WEBGL_BACKEND, shared.resetState) : 'webgl'
  for (const name of [options.forward, options.gradient]) {
    if (name && !(await tryBackend(name))) throw new Error(`TF.js backend "${name}" is not available in this browser.`)
  }
  const renderer = shared ? contextRenderer(shared.gl) : webglRenderer()
  const webglReady = await tryBackend(webgl)
  const gradient = options.gradient ?? (webglReady ? webgl : 'cpu')
  let forward = options.forward
  let reason: string
  if (forward) reason = `forward backend set to ${forward}`
  else if (wasmReady && (!webglReady || isSoftwareRenderer(renderer))) {
    forward = 'wasm'
    reason = `WebGL is a software rasteriser (${renderer ?? 'none'}): forward passes on wasm, gradients on ${gradient}`
  } else {
    forward = gradient
    reason = webglReady ? `WebGL on ${renderer ?? 'unknown GPU'}: everything on ${webgl}` : `no WebGL: everything on ${gradient}`
  }
  const softwareGradients = gradient === 'cpu' || (gradient === webgl && (!renderer || isSoftwareRenderer(renderer)))
  return { forward, gradient, reason, softwareGradients, softwareRenderer: !webglReady || isSoftwareRenderer(renderer) }
}
