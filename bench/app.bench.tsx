import { createRoot } from 'react-dom/client'
import { WebGLRenderer } from 'three'
import { createModelRuntime, type ModelRequest, type ModelRuntime, type PerturberModel } from '@perturber/model-runtime'
import { SceneRenderer, connectScene, createSceneStore, whenSceneLoaded, type SceneStore } from '@perturber/scene'
import { PerturberApp, loadModelIndex, zooInitialState, type AppModelConfig, type AppState } from '@perturber/app'
import { wasmPaths } from '../packages/app/src/site/wasmPaths'
import { log, type Metric } from './measure'

/** The embedded model zoo: tools/bench.mjs serves models/ as the bench's public folder. */
const ZOO_INDEX = './perturber-zoo/index.json'
/** Length of one measuring window, and how many windows each side gets (interleaved app, pipeline, app, …). */
const WINDOW_MS = 12_000
const ROUNDS = 3
const SIZE = 224 // the scene's default render size, in the app and here
/** The app's `framePacing` (`npm run bench -- app --pacing=display` compares): default as users get it. */
const pacing = (['inference', 'display'].find((p) => p === new URLSearchParams(location.search).get('pacing')) ?? 'auto') as 'auto' | 'inference' | 'display'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until(what: string, ok: () => boolean, timeoutMs = 180_000) {
  const t0 = performance.now()
  while (!ok()) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`app bench: timed out waiting for ${what}`)
    await sleep(50)
  }
}

/**
 * Frames per second of the full app (PerturberApp: Model 1 standard + Model 2 adversarial from the
 * zoo, four channels of the app's layer, predictions on) while the camera turns every animation
 * frame, ÷ frames per second of the bare pipeline on the same runtime and the same models (scene
 * render → readPixels → `runtime.infer` with the same requests, no React, no scheduler, no
 * display). Windows alternate app / pipeline so that the machine's load hits both alike.
 */
export async function benchApp(): Promise<Record<string, Metric>> {
  const index = await loadModelIndex(ZOO_INDEX)
  if (!index || index.models.length === 0) {
    log(`no model zoo at ${ZOO_INDEX} (models/perturber-zoo): skipping the app bench`)
    return {}
  }
  const initial = zooInitialState(index.models)
  const pair = [initial.models.model1, initial.models.model2].map((source) => index.models.find((m) => source?.kind === 'config' && m.id === source.id))
  if (!pair[0] || !pair[1]) throw new Error('app bench: the zoo has no standard and adversarial models')
  // one runtime for both sides: the same backends (wasm forward passes on a software rasteriser)
  const runtime = await createModelRuntime({ wasmPaths })

  const app = await mountApp(index.models, initial, runtime)
  const pipeline = await createPipeline(runtime, pair as AppModelConfig[], app.layer())
  log(`app bench: ${runtime.plan.forward} forward passes (${runtime.plan.reason}); layer ${app.layer()}, 4 channels, predictions of both models`)

  const appFps: number[] = []
  const pipelineFps: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    appFps.push(await app.measure(WINDOW_MS))
    pipelineFps.push(await pipeline.measure(WINDOW_MS))
    log(`  round ${round + 1}: app ${appFps[round].toFixed(2)} fps, pipeline ${pipelineFps[round].toFixed(2)} fps`)
  }
  app.unmount()
  pipeline.dispose()
  const median = (x: number[]) => [...x].sort((a, b) => a - b)[Math.floor(x.length / 2)]
  const [a, p] = [median(appFps), median(pipelineFps)]
  return {
    app_fps_vs_pipeline_ratio: {
      value: a / p,
      unit: 'ratio',
      note:
        `PerturberApp (zoo standard + adversarial, 4 channels of ${app.layer()}, predictions on, camera yaw changing every animation frame; frames = distinct result frames shown) ${a.toFixed(2)} fps ÷ ` +
        `bare pipeline on the same runtime and models (scene render ${SIZE}² → readPixels → runtime.infer with the same requests, no React) ${p.toFixed(2)} fps; ` +
        `framePacing '${pacing}' (${pacing === 'display' || (pacing === 'auto' && !runtime.plan.softwareRenderer) ? 'a render on every change, shown on the WebGL canvas' : 'paced to inference one frame ahead: the next frame renders and reads back asynchronously while the current one is inferred, and is shown from its pixels'}); ${runtime.plan.softwareRenderer ? 'page composited in software as Chrome does without a GPU (WebGL on a software rasteriser)' : 'page composited on the GPU'}; ` +
        `medians of ${ROUNDS} interleaved ${WINDOW_MS / 1000} s windows; TF.js ${runtime.plan.forward} forward passes (${runtime.plan.reason}); React ${import.meta.env.PROD ? 'production' : 'development'} build. Target ≥ 0.8.`,
    },
  }
}

interface MountedApp {
  layer(): string
  /** Turns the camera every animation frame for `ms` and returns the rate of result frames shown. */
  measure(ms: number): Promise<number>
  unmount(): void
}

async function mountApp(models: readonly AppModelConfig[], initialState: AppState, runtime: ModelRuntime): Promise<MountedApp> {
  const host = document.createElement('div')
  host.style.width = '1280px'
  document.body.append(host)
  const scene = createSceneStore()
  let state: AppState | null = null
  const root = createRoot(host)
  root.render(<PerturberApp framePacing={pacing} models={models} initialState={initialState} runtime={runtime} sceneStore={scene} syncUrl={false} onStateChange={(s) => (state = s)} />)
  const status = () => host.querySelector('[data-testid="frame-status"]')
  const resultFrame = () => Number(status()?.getAttribute('data-result-frame-id') || NaN)
  const maps = () => host.querySelectorAll('canvas[aria-label^="Activation map"]').length
  const predictions = () => host.querySelectorAll('section[aria-label^="Predictions of Model"] li').length
  await until('both zoo models to predict with their maps', () => maps() === 8 && predictions() === 10 && !scene.getState().loading && resultFrame() === Number(status()?.getAttribute('data-frame-id')))

  let yaw = 0
  return {
    layer: () => state?.layer ?? '',
    async measure(ms) {
      const shown: number[] = [] // times at which a new result frame was shown
      const seen = new Set<number>([resultFrame()])
      const observer = new MutationObserver(() => {
        const id = resultFrame()
        if (!seen.has(id)) (seen.add(id), shown.push(performance.now()))
      })
      observer.observe(status()!, { attributes: true, attributeFilter: ['data-result-frame-id'] })
      const end = performance.now() + ms
      await new Promise<void>((resolve) => {
        const tick = () => {
          if (performance.now() >= end) return resolve()
          scene.getState().setParam('yaw', (yaw = (yaw + 3) % 360) - 180)
          requestAnimationFrame(tick)
        }
        tick()
      })
      observer.disconnect()
      // the rate between the first and the last frame shown: the start-up latency is no frame rate
      return shown.length > 1 ? ((shown.length - 1) * 1000) / (shown[shown.length - 1] - shown[0]) : 0
    },
    unmount() {
      root.unmount()
      host.remove()
    },
  }
}

interface Pipeline {
  measure(ms: number): Promise<number>
  dispose(): void
}

/** The same work without the app: a scene store driving a SceneRenderer, and runtime.infer on both models. */
async function createPipeline(runtime: ModelRuntime, configs: readonly AppModelConfig[], layer: string): Promise<Pipeline> {
  const canvas = document.createElement('canvas')
  canvas.width = canvas.height = SIZE
  // as the app's canvas (react-three-fiber: no antialiasing, the drawing buffer kept)
  const renderer = new WebGLRenderer({ canvas, antialias: false, preserveDrawingBuffer: true })
  const scene = new SceneRenderer(renderer, { width: SIZE, height: SIZE })
  const store: SceneStore = createSceneStore()
  const disconnect = connectScene(scene, store)
  await whenSceneLoaded(store)
  const models: PerturberModel[] = await Promise.all(
    // as the app loads them: the runtime finds each descriptor (in model.json or next to it)
    configs.map((config) => runtime.load(config.url, { descriptorUrl: config.descriptorUrl })),
  )
  // as the app asks (useInferenceRequests): Model 1's four most active channels of the frame itself, for both
  const top = { top: 4, of: models[0] }
  const requests: ModelRequest[] = [
    { model: models[0], layer, channels: top, topChannels: 8, predictions: true },
    { model: models[1], layer, channels: top, predictions: true },
  ]
  let yaw = 0
  const frame = async () => {
    store.getState().setParam('yaw', (yaw = (yaw + 3) % 360) - 180)
    scene.render()
    await runtime.infer({ frameId: scene.frameId, width: SIZE, height: SIZE, data: scene.readPixels() }, requests)
  }
  await frame() // warm-up: shaders, kernels
  return {
    async measure(ms) {
      let frames = 0
      const t0 = performance.now()
      while (performance.now() - t0 < ms) {
        await frame()
        frames++
      }
      return (frames * 1000) / (performance.now() - t0)
    },
    dispose() {
      disconnect()
      for (const model of models) void runtime.release(model).then(() => runtime.forward(() => model.dispose()))
      scene.dispose()
      renderer.dispose()
    },
  }
}
