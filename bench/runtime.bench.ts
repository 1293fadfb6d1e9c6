import * as tf from '@tensorflow/tfjs'
import { LayersPerturberModel } from '@perturber/model-runtime/model'
import { createEditedModel } from '@perturber/model-runtime/editing'
import { createModelRuntime, imagenetDescriptor, type FramePixels, type ModelRequest, type PerturberModel } from '@perturber/model-runtime'
import { webglRenderer } from '@perturber/model-runtime/backends'
import { SceneRenderer } from '@perturber/scene'
import { createDogCat } from '@perturber/scene/objects'
import { WebGLRenderer } from 'three'
import { interleaved, log, type Metric } from './measure'

declare const __PERTURBER_MODELS_DIR__: string

/** A deterministic 224×224 RGBA frame (smooth colour field plus a square), as the scene hands them over. */
function syntheticFrame(frameId: number) {
  const size = 224
  const data = new Uint8Array(size * size * 4)
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4
      const inSquare = x > 60 && x < 160 && y > 50 && y < 170
      data[i] = inSquare ? 200 : (x + frameId) % 256
      data[i + 1] = inSquare ? 80 : y
      data[i + 2] = inSquare ? 40 : 255 - x
      data[i + 3] = 255
    }
  return { frameId, width: size, height: size, data }
}

/**
 * Model-runtime overheads on MobileNet v1 (0.75, 224), all on the WebGL backend so the ratios
 * compare like with like. Each ratio is measured interleaved in one run.
 */
export async function benchRuntime(): Promise<Record<string, Metric>> {
  if (!__PERTURBER_MODELS_DIR__) {
    log('PERTURBER_MODELS_DIR unset: skipping the model-runtime bench (needs ../shared/models)')
    return {}
  }
  const runtime = await createModelRuntime({ forward: 'webgl', gradient: 'webgl' })
  const url = '/__shared-models/mobilenet_v1_0.75_224/model.json'
  const [m1, m2] = await runtime.forward(async () => {
    const load = async (name: string) => new LayersPerturberModel(await tf.loadLayersModel(url), imagenetDescriptor({ name }))
    return [await load('MobileNet v1 (a)'), await load('MobileNet v1 (b)')]
  })
  // the second model must be a different network, not a copy the runtime could recognise: every
  // weight tensor of (b) is scaled by its own factor in [0.9, 1.1], as a fine-tune differs everywhere
  await runtime.forward(async () => {
    const weights = m2.layersModel.weights
    const factors = tf.tidy(() => tf.randomUniform([weights.length], 0.9, 1.1, 'float32', 7).dataSync())
    tf.tidy(() => weights.forEach((w, i) => w.write(tf.mul(w.read(), factors[i]))))
    m2.markWeightsChanged()
  })
  const channels = [0, 3, 7, 12, 20, 33, 41, 55]
  const deepLayer = m1.layers.at(-1)!.name
  const earlyLayer = m1.layers.find((l) => l.name.startsWith('conv_pw_3'))!.name
  const request = (model: typeof m1, layer = deepLayer, predictions = true): ModelRequest => ({ model, layer, channels, predictions, topK: 5 })
  let frameId = 0
  const frame = () => syntheticFrame(++frameId)

  // bare model.predict on a ready input tensor, plus the download of its output
  const input = await runtime.forward(() => tf.tidy(() => m1.preprocess(tf.randomUniform([1, 224, 224, 3]) as tf.Tensor4D)))
  const bare = () =>
    runtime.forward(async () => {
      const out = m1.layersModel.predict(input) as tf.Tensor
      await out.data()
      out.dispose()
    })
  // the runtime's own forward pass on the same input (convolutions fused with their normalisation
  // and activation), timing the page's share (dispatching the ops) apart from the device's
  const dispatchMs: number[] = []
  const forwardOnly = () =>
    runtime.forward(async () => {
      const t0 = performance.now()
      const out = m1.execute(input, { layers: [], predictions: true }).output!
      dispatchMs.push(performance.now() - t0)
      await out.data()
      out.dispose()
    })
  const endToEnd = () => runtime.infer(frame(), [request(m1)])
  // like with like: the pipeline around a network ÷ that same network's bare forward pass
  const [pipelineMs, bareMs] = await interleaved(endToEnd, forwardOnly, 15, 3)
  log(`frame → 8 maps + top-5: ${pipelineMs.toFixed(1)} ms; bare forward pass: ${bareMs.toFixed(1)} ms`)
  const [forwardMs, tfjsMs] = await interleaved(forwardOnly, bare, 15, 3)
  const dispatch = dispatchMs.sort((a, b) => a - b)[Math.floor(dispatchMs.length / 2)]
  log(`the runtime's fused forward pass: ${forwardMs.toFixed(1)} ms (dispatch ${dispatch.toFixed(1)} ms); TF.js model.predict: ${tfjsMs.toFixed(1)} ms`)

  const activationsOnly = () => runtime.infer(frame(), [request(m1, earlyLayer, false)])
  const [earlyMs, fullMs] = await interleaved(activationsOnly, forwardOnly, 15, 3)
  log(`activations of ${earlyLayer} only: ${earlyMs.toFixed(1)} ms; full forward: ${fullMs.toFixed(1)} ms`)

  const two = () => runtime.infer(frame(), [request(m1), request(m2)])
  const [twoMs, oneMs] = await interleaved(two, endToEnd, 15, 3)
  log(`two models per frame: ${twoMs.toFixed(1)} ms; one model: ${oneMs.toFixed(1)} ms`)

  // mixing: one block's slider vs re-mixing every layer. A GPU sync costs more than one slider's
  // writes, so each measurement is a burst of updates then one sync, per update.
  const edited = await runtime.forward(() => createEditedModel(m1, m2))
  const { name: unit, layers: unitLayers } = edited.mixUnits[Math.floor(edited.mixUnits.length / 2)]
  // a weight both updates rewrite: its download waits for every write dispatched before it (an
  // unchanged tensor would answer from TF.js' CPU copy without waiting for the GPU)
  const syncWeights = () => edited.layersModel.getLayer(unitLayers[0]).weights[0].read().data()
  const burst = 10
  let alpha = 0
  const updates = (update: (alpha: number) => void) => () =>
    runtime.forward(async () => {
      for (let i = 0; i < burst; i++) update((alpha = 1 - alpha) * 0.5 + 0.25)
      await syncWeights()
    })
  const [sliderBurstMs, allBurstMs] = await interleaved(updates((a) => edited.setMix(unit, a)), updates((a) => edited.setMixAll(a)), 9, 2)
  const [sliderMs, allMs] = [sliderBurstMs / burst, allBurstMs / burst]
  log(`mixing: one slider (${unit}) ${sliderMs.toFixed(2)} ms; full re-mix of ${edited.mixUnits.length} blocks ${allMs.toFixed(2)} ms (per update, bursts of ${burst})`)

  // the app's three columns: Model 1, Model 2 and the edited model with one late block mixed,
  // whose unedited layers come from Model 1's pass
  const late = edited.mixUnits.find((u) => u.name.startsWith('conv_pw_12'))?.name ?? edited.mixUnits.at(-3)!.name
  await runtime.forward(() => (edited.setMixAll(0), edited.setMix(late, 0.5)))
  const three = () => runtime.infer(frame(), [request(m1), request(m2), request(edited)])
  const [threeMs, pairMs] = await interleaved(three, two, 15, 3)
  log(`Model 1, Model 2 and the edited model (${late} mixed): ${threeMs.toFixed(1)} ms; Model 1 and Model 2: ${pairMs.toFixed(1)} ms`)

  input.dispose()
  edited.dispose()
  m1.dispose()
  m2.dispose()
  const backend = `TF.js ${runtime.plan.forward} backend (${runtime.plan.reason})`
  const renderer = webglRenderer()
  return {
    ...(await benchTextureFrames(url)),
    pipeline_overhead_ratio: {
      value: pipelineMs / bareMs,
      unit: 'ratio',
      note:
        `MobileNet v1 0.75, ${backend}: frame in (224² RGBA) → 8 channel maps of ${deepLayer} + layer stats + top-5, ${pipelineMs.toFixed(1)} ms ÷ the bare forward pass of the same network + download ${bareMs.toFixed(1)} ms (target ≤ 1.15). ` +
        `The runtime's network folds each convolution's BatchNormalization and ReLU6 into one fused op; ÷ TF.js' own model.predict (${tfjsMs.toFixed(1)} ms, see fused_vs_tfjs_forward_ratio) the pipeline is ${(pipelineMs / tfjsMs).toFixed(2)}`,
    },
    fused_vs_tfjs_forward_ratio: {
      value: forwardMs / tfjsMs,
      unit: 'ratio',
      note: `MobileNet v1 0.75, ${backend}: the runtime's forward pass (convolutions fused with their BatchNormalization and activation) + download ${forwardMs.toFixed(1)} ms ÷ TF.js' model.predict + download ${tfjsMs.toFixed(1)} ms on the same input. Informational`,
    },
    activations_only_vs_full_ratio: {
      value: earlyMs / fullMs,
      unit: 'ratio',
      note: `${backend}: frame → 8 maps of ${earlyLayer} without predictions ${earlyMs.toFixed(1)} ms ÷ the runtime's full forward pass ${fullMs.toFixed(1)} ms`,
    },
    mix_one_slider_vs_full_ratio: {
      value: sliderMs / allMs,
      unit: 'ratio',
      note: `${backend}: moving one block's mixing slider (${unit}) ${sliderMs.toFixed(2)} ms ÷ re-mixing all ${edited.mixUnits.length} blocks ${allMs.toFixed(2)} ms, per update over bursts of ${burst} updates and one GPU sync`,
    },
    edited_third_model_ratio: {
      value: threeMs / pairMs,
      unit: 'ratio',
      note: `${backend}: Model 1, Model 2 and the edited model (${late} mixed at α = 0.5) on one frame ${threeMs.toFixed(1)} ms ÷ Model 1 and Model 2 ${pairMs.toFixed(1)} ms. The edited model takes its unedited layers from Model 1's pass and computes only from ${late} on; computed in full it would cost another model (two_models_vs_one_ratio). Informational`,
    },
    two_models_vs_one_ratio: {
      value: twoMs / oneMs,
      unit: 'ratio',
      note:
        `${backend}: two MobileNet v1 0.75 with different weights on one frame (shared preprocessing, one download) ${twoMs.toFixed(1)} ms ÷ one ${oneMs.toFixed(1)} ms (target ≤ 1.6). ` +
        `Dispatching a forward pass takes the page ${dispatch.toFixed(1)} ms of the ${forwardMs.toFixed(1)} ms; the rest is the device computing, which a second network with its own weights doubles (${renderer}).`,
    },
  }
}

/**
 * A live frame from the scene as a GPU texture (TF.js' webgl backend on three.js' context) ÷ the
 * same frame read back with readPixels() and uploaded again, same model, same shared backend; both
 * include a scene render (the camera moves every frame). Informational: on a real GPU the
 * readback stalls the pipeline and the ratio should be well below 1; on SwiftShader both copies
 * are CPU memcpys and the forward pass dominates, so expect ≈ 1.
 */
async function benchTextureFrames(url: string): Promise<Record<string, Metric>> {
  const canvas = document.createElement('canvas')
  canvas.width = canvas.height = 8
  const renderer = new WebGLRenderer({ canvas, antialias: false, alpha: false })
  const scene = new SceneRenderer(renderer, { width: 224, height: 224 })
  scene.setObject(createDogCat())
  scene.setBackground({ kind: 'solid', color: '#7fa36b' })
  const runtime = await createModelRuntime({
    sharedContext: { gl: renderer.getContext() as WebGL2RenderingContext, resetState: () => renderer.resetState() },
  })
  const model = await runtime.forward(async () => new LayersPerturberModel(await tf.loadLayersModel(url), imagenetDescriptor({ name: 'MobileNet v1' })))
  const requests: ModelRequest[] = [{ model, layer: model.layers.at(-1)!.name, channels: [0, 3, 7, 12], predictions: true, topK: 5 }]
  let yaw = 0
  const move = () => scene.setParams({ yaw: (yaw = (yaw + 7) % 360) - 180 })
  const fromTexture = () => (move(), runtime.infer(scene.readTexture(), requests))
  const fromPixels = () => (move(), runtime.infer({ frameId: scene.frameId, width: 224, height: 224, data: scene.readPixels() }, requests))
  const [textureMs, pixelsMs] = await interleaved(fromTexture, fromPixels, 9, 2)
  log(`scene frame → MobileNet from the texture: ${textureMs.toFixed(1)} ms; from readPixels: ${pixelsMs.toFixed(1)} ms`)
  await runtime.forward(() => model.dispose())
  scene.dispose()
  renderer.dispose()
  return {
    texture_vs_pixels_frame_ratio: {
      value: textureMs / pixelsMs,
      unit: 'ratio',
      note: `MobileNet v1 0.75 on TF.js ${runtime.plan.forward} (webgl on three.js' context; ${runtime.plan.reason}): scene render + inference (4 maps + top-5) from the frame's GPU texture ${textureMs.toFixed(1)} ms ÷ render + readPixels() + upload ${pixelsMs.toFixed(1)} ms. Informational: < 1 expected on a real GPU, ≈ 1 on SwiftShader where the forward pass dominates`,
    },
  }
}

/**
 * First PGD step on a fresh attack ÷ later steps, on MobileNet v1, webgl. The original tool needed
 * 10–20 s for its first step: WebGL compiles the backward pass's shaders then. The app calls
 * `runtime.prepareAttacks` in idle time once a model is loaded, so the value is the first step the
 * user waits for after that. The warm-up's own time (what the first step would cost without it) is
 * in the note.
 */
export async function benchAttack(): Promise<Record<string, Metric>> {
  if (!__PERTURBER_MODELS_DIR__) return {}
  const runtime = await createModelRuntime({ forward: 'webgl', gradient: 'webgl' })
  const url = '/__shared-models/mobilenet_v1_0.75_224/model.json'
  const descriptor = { name: 'MobileNet v1' }
  const steps = async (model: PerturberModel, frame: FramePixels) => {
    const attack = await runtime.createAttack(model, frame)
    let t0 = performance.now()
    await attack.step()
    const first = performance.now() - t0
    const later: number[] = []
    for (let i = 0; i < 4; i++) {
      t0 = performance.now()
      await attack.step()
      later.push(performance.now() - t0)
    }
    await attack.dispose()
    later.sort((a, b) => a - b)
    return { first, later: (later[1] + later[2]) / 2 }
  }

  // as in the app: a model warmed up after loading, then the user's attack on another frame. The
  // warm-up is the first gradient this page computes, so its time is what a cold first step costs.
  const model = await runtime.load(url, { descriptor })
  await runtime.infer(syntheticFrame(2), [{ model, predictions: true }])
  let t0 = performance.now()
  await runtime.prepareAttacks(model, 224, 224)
  const warmUp = performance.now() - t0
  const warm = await steps(model, syntheticFrame(3))
  log(`PGD after prepareAttacks (${warmUp.toFixed(0)} ms): first step ${warm.first.toFixed(0)} ms, later ${warm.later.toFixed(0)} ms`)
  await runtime.release(model)
  await runtime.forward(() => model.dispose())
  return {
    pgd_first_vs_later_ratio: {
      value: warm.first / warm.later,
      unit: 'ratio',
      note:
        `MobileNet v1 0.75, TF.js ${runtime.plan.gradient} backend: first L∞ PGD step of a fresh attack after the app's idle-time runtime.prepareAttacks ${warm.first.toFixed(0)} ms ÷ median of the next 4 steps ${warm.later.toFixed(0)} ms (target ≤ 2). ` +
        `The warm-up (one L∞ and one L2 step of a throw-away attack, compiling the gradient shaders) took ${warmUp.toFixed(0)} ms: without it the first step would include that.`,
    },
  }
}
