/**
 * The page tools/zoo/browser-eval.mjs drives in headless Chromium: zoo models loaded through
 * `@perturber/model-runtime` (runtime.load, the descriptor embedded in model.json) and attacked with the
 * runtime's own PGD (runtime.createAttack → PgdAttack on the gradient backend), so the robust
 * accuracy in report.json is what a user of the tool gets in the browser, preprocessing included —
 * not a re-implementation. The node script sends images in chunks and prints progress; the page
 * keeps no state but the runtime and the loaded models.
 */
import * as tf from '@tensorflow/tfjs'
import { createModelRuntime, type ModelRuntime, type PerturberModel } from '@perturber/model-runtime'
import { isSoftwareRenderer, webglRenderer, type BackendPlan } from '@perturber/model-runtime/backends'

export interface AttackSettings {
  /** L∞ radius in pixel units ([0, 1]). */
  epsilon: number
  stepSize: number
  steps: number
}

export interface ImageResult {
  label: number
  /** top-1 label on the clean image */
  clean: number
  /** top-1 label after `steps` PGD steps */
  adversarial: number
  /** wall time of the `steps` steps plus the one forward pass that reads the result */
  attackMs: number
}

export interface LoadedInfo {
  name: string
  inputSize: readonly [number, number]
  /** seconds for one throw-away PGD step on a grey frame (shader compilation on webgl, the first time) */
  warmUpSeconds: number
}

export interface BrowserEvalApi {
  /** `backend`: 'auto', or a TF.js backend for forward passes and gradients alike. */
  setup(backend: string): Promise<{ plan: BackendPlan; tfjsVersion: string; webglRenderer?: string }>
  load(path: string): Promise<LoadedInfo>
  /** Attacks images (RGB bytes, base64, size × size × 3 each, row 0 at the top) of the model at `path`. */
  attack(path: string, rgbBase64: string, labels: number[], settings: AttackSettings): Promise<ImageResult[]>
  /** Frees the model and its gradient twin; returns the TF.js tensor count afterwards. */
  unload(path: string): Promise<{ tensors: number }>
}

declare global {
  interface Window {
    browserEval?: BrowserEvalApi
    browserEvalReady?: true | { error: string }
  }
}

/** Where tools/zooModels.mjs serves the zoo folder. */
const ZOO = '/__zoo'

let runtime: ModelRuntime | undefined
const models = new Map<string, PerturberModel>()

function need<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`browser-eval: ${what}`)
  return value
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/** RGB bytes of one image → the RGBA frame the runtime takes (what the scene's readPixels gives). */
function toFrame(rgb: Uint8Array, frameId: number, width: number, height: number) {
  const data = new Uint8Array(width * height * 4)
  for (let p = 0; p < width * height; p++) {
    data[p * 4] = rgb[p * 3]
    data[p * 4 + 1] = rgb[p * 3 + 1]
    data[p * 4 + 2] = rgb[p * 3 + 2]
    data[p * 4 + 3] = 255
  }
  return { frameId, width, height, data }
}

let nextFrameId = 1

const api: BrowserEvalApi = {
  async setup(backend) {
    const renderer = webglRenderer()
    // 'auto': the runtime's own plan (webgl gradients), except on a software rasteriser, where TF.js'
    // cpu backend takes a batch-1 ZooNet step as fast as SwiftShader's webgl on an idle 2-core machine
    // (340 vs 360 ms) and about twice as fast under load (430 vs 800–900 ms at load 5–7), and is
    // single-threaded JavaScript, so two pages run side by side at full speed. No wasmPaths: forward
    // passes share the gradient backend, so each model lives once and no twin has to be copied.
    const software = isSoftwareRenderer(renderer)
    const chosen = backend === 'auto' ? (software ? 'cpu' : undefined) : backend
    runtime = await createModelRuntime(chosen ? { forward: chosen, gradient: chosen } : {})
    const why = backend === 'auto' && software ? `--backend auto: cpu, since WebGL is a software rasteriser (${renderer})` : backend === 'auto' ? runtime.plan.reason : `--backend ${backend}`
    return { plan: { ...runtime.plan, reason: why }, tfjsVersion: tf.version.tfjs, webglRenderer: renderer }
  },

  async load(path) {
    const rt = need(runtime, 'call setup() first')
    // the descriptor comes with the model (embedded in model.json, else the descriptor.json next to it)
    const model = await rt.load(`${ZOO}/${path}/model.json`)
    models.set(path, model)
    const [height, width] = model.descriptor.inputSize
    // one throw-away step on a grey frame: on webgl the first gradient compiles the backward
    // shaders, which must not count as attack time (later models of the same architecture reuse them)
    const t0 = performance.now()
    const grey = { frameId: nextFrameId++, width, height, data: new Float32Array(width * height * 4).fill(0.5) }
    const warm = await rt.createAttack(model, grey, { norm: 'linf' })
    try {
      await warm.step()
    } finally {
      await warm.dispose()
    }
    return { name: model.descriptor.name, inputSize: model.descriptor.inputSize, warmUpSeconds: (performance.now() - t0) / 1000 }
  },

  async attack(path, rgbBase64, labels, settings) {
    const rt = need(runtime, 'call setup() first')
    const model = need(models.get(path), `${path} is not loaded`)
    const [height, width] = model.descriptor.inputSize
    const bytes = decodeBase64(rgbBase64)
    const per = width * height * 3
    if (bytes.length !== labels.length * per) throw new Error(`browser-eval: ${bytes.length} bytes for ${labels.length} images of ${width}×${height}×3`)
    const results: ImageResult[] = []
    for (const [i, label] of labels.entries()) {
      const frame = toFrame(bytes.subarray(i * per, (i + 1) * per), nextFrameId++, width, height)
      // untargeted, suppressing the TRUE label (not the clean top-1), as PyTorch's robust_accuracy does;
      // no random start: δ starts at 0 (PgdAttack has none); topK 1: only the top-1 label is read
      const attack = await rt.createAttack(model, frame, {
        norm: 'linf',
        epsilon: settings.epsilon,
        stepSize: settings.stepSize,
        originalClass: label,
        topK: 1,
      })
      try {
        const clean = (await attack.result()).top[0].label
        const t0 = performance.now()
        const after = await attack.step(settings.steps)
        const attackMs = performance.now() - t0
        if (!(after.linf <= settings.epsilon + 1e-6)) throw new Error(`browser-eval: the perturbation left the ε-ball (‖δ‖∞ = ${after.linf})`)
        results.push({ label, clean, adversarial: after.top[0].label, attackMs })
      } finally {
        await attack.dispose()
      }
    }
    return results
  },

  async unload(path) {
    const rt = need(runtime, 'call setup() first')
    const model = models.get(path)
    if (model) {
      models.delete(path)
      await rt.release(model)
      await rt.forward(() => model.dispose())
    }
    await rt.idle()
    return { tensors: tf.memory().numTensors }
  },
}

window.browserEval = api
window.browserEvalReady = true
