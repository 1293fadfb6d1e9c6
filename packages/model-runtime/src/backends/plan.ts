import * as tf from '@tensorflow/tfjs'
import { isSoftwareRenderer, webglRenderer } from './detect'
import { BACKENDS_WITHOUT_GRADIENTS } from './gradients'
import { SHARED_WEBGL_BACKEND, contextRenderer, registerSharedWebGLBackend, type SharedWebGLContext } from './sharedContext'

/** Which TF.js backend runs which kind of work. */
export interface BackendPlan {
  /** Forward passes on live frames (activations, predictions). */
  forward: string
  /** Anything needing ∂/∂input: attacks, feature visualization. Must support gradients of convolutions. */
  gradient: string
  /**
   * The backends with correct gradients that attacks choose between per model, most likely first:
   * `runtime.attackBackend(model, …)` times a PGD step on them (a cost model skips those that
   * cannot win) and keeps the faster. Only `gradient` when it was set in the options.
   */
  gradientCandidates: readonly string[]
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
  /**
   * Why the wasm backend was asked for (`wasmPaths`) but could not start, e.g. "…/tfjs-backend-wasm-simd.wasm
   * answers HTTP 404 Not Found": forward passes then run elsewhere, often far slower. Undefined when
   * wasm started or was not asked for. `reason` says it too.
   */
  wasmError?: string
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

const detail = (e: unknown) => (e instanceof Error ? e.message : String(e)).replace(/\.$/, '')

/** Starts the wasm backend from `paths`: undefined when not asked for, else whether it started and why not. */
async function registerWasm(paths: BackendOptions['wasmPaths']): Promise<{ ready: boolean; error?: string } | undefined> {
  if (!paths) return undefined
  let wasm: typeof import('@tensorflow/tfjs-backend-wasm')
  try {
    wasm = await import('@tensorflow/tfjs-backend-wasm')
  } catch (e) {
    return { ready: false, error: `@tensorflow/tfjs-backend-wasm could not be imported (${detail(e)})` }
  }
  try {
    wasm.setWasmPaths(paths as Parameters<typeof wasm.setWasmPaths>[0])
  } catch (e) {
    if (tf.engine().registry.wasm) return { ready: true } // started before, from earlier paths
    return { ready: false, error: `wasmPaths was refused: ${detail(e)}` }
  }
  if (await tryBackend('wasm')) return { ready: true }
  return { ready: false, error: await diagnoseWasm(paths) }
}

/**
 * Why the wasm backend did not start, in words: the binary TF.js asked for, where, and what the
 * server answers there (a 404, an HTML page where the .wasm file should be).
 */
async function diagnoseWasm(paths: string | Record<string, string>): Promise<string> {
  let file = 'tfjs-backend-wasm.wasm'
  try {
    const [simd, threads] = await Promise.all([tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'), tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')])
    if (simd && threads) file = 'tfjs-backend-wasm-threaded-simd.wasm'
    else if (simd) file = 'tfjs-backend-wasm-simd.wasm'
  } catch {
    // flags unknown: the plain binary
  }
  const url = typeof paths === 'string' ? `${paths}${file}` : paths[file]
  const fix = 'check wasmPaths: the folder must serve the .wasm files of @tensorflow/tfjs-backend-wasm/dist'
  if (!url) return `wasmPaths gives no URL for ${file} (${fix})`
  let answer: string
  try {
    const response = await globalThis.fetch(url)
    void response.body?.cancel().catch(() => undefined)
    const type = response.headers.get('content-type') ?? ''
    if (!response.ok) answer = `answers HTTP ${response.status} ${response.statusText}`.trim()
    else if (!/wasm|octet-stream/i.test(type)) answer = `answers with ${type || 'a file of no type'}, not a .wasm file`
    else return `${file} at ${url} is served, but TF.js could not start it (see the browser console)`
  } catch (e) {
    answer = `cannot be fetched (${detail(e)})`
  }
  return `${file} at ${url} ${answer} (${fix})`
}

/**
 * Picks backends for this machine: gradients on webgl (else cpu); forward passes on wasm when
 * WebGL is a software rasteriser and wasm is available, else on the gradient backend, so on a
 * real GPU everything stays on webgl and no weights are duplicated.
 */
export async function planBackends(options: BackendOptions = {}): Promise<BackendPlan> {
  if (options.gradient && BACKENDS_WITHOUT_GRADIENTS.has(options.gradient)) {
    throw new Error(`The ${options.gradient} backend cannot compute convolution gradients; choose webgl or cpu for gradients.`)
  }
  const wasmStart = await registerWasm(options.wasmPaths)
  const wasmReady = wasmStart?.ready ?? false
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
  const softwareRenderer = !webglReady || isSoftwareRenderer(renderer)
  const softwareGradients = gradient === 'cpu' || (gradient === webgl && (!renderer || isSoftwareRenderer(renderer)))
  // per model, attacks time these (TF.js' cpu backend beats webgl on a software rasteriser for small
  // models, and need not lose to a GPU's for tiny ones); the likely winner first
  const gradientCandidates = options.gradient ? [gradient] : !webglReady ? ['cpu'] : softwareRenderer ? ['cpu', webgl] : [webgl, 'cpu']
  if (gradientCandidates.length > 1) reason += `; attacks time ${gradientCandidates.join(' and ')} per model and keep the faster`
  const wasmError = wasmStart?.error
  if (wasmError) reason += `; wasm failed to start, so it is not used: ${wasmError}`
  return { forward, gradient, gradientCandidates, reason, softwareGradients, softwareRenderer, ...(wasmError ? { wasmError } : {}) }
}
