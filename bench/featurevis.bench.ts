import * as tf from '@tensorflow/tfjs'
import { createModelRuntime, type PerturberModel } from '@perturber/model-runtime'
import { wasmPaths } from '../packages/app/src/site/wasmPaths'
import { log, medianTime, type Metric } from './measure'

/** The zoo's standard model: tools/bench.mjs serves models/ as the bench's public folder. */
const ZOO_MODEL = './perturber-zoo/standard/model.json'
/** The app's steps per feature visualization (ActivationView's `featureVisSteps`). */
const STEPS = 128
/** A channel of the zoo's last block, in its 3×3 branch: its run goes through mixed4b and mixed4c_3x3_reduce. */
const LAYER = 'mixed4c'
const CHANNEL = 100

/**
 * 128 feature-visualization steps on a zoo model ÷ one forward pass of it (target ≤ 500): the
 * user's path, `runtime.featureVis` with the app's options (Fourier, decorrelated colour, Lucid's
 * transforms, a few steps per animation frame) from the call to the result, against the runtime's
 * own forward pass of the same model on the same backend (the gradient backend, where feature
 * visualization runs: like with like), with the logits downloaded. The forward pass is timed
 * before and after the run; the note also gives the forward backend's time.
 */
export async function benchFeatureVis(): Promise<Record<string, Metric>> {
  if (!(await fetch(ZOO_MODEL, { method: 'HEAD' })).ok) {
    log(`no model zoo at ${ZOO_MODEL} (models/perturber-zoo): skipping the feature-visualization bench`)
    return {}
  }
  const runtime = await createModelRuntime({ wasmPaths })
  const model = await runtime.load(ZOO_MODEL)
  const [height, width] = model.descriptor.inputSize
  const input = (m: PerturberModel) => tf.tidy(() => m.preprocess(tf.randomUniform([1, height, width, 3], 0, 1, 'float32', 3) as tf.Tensor4D))
  const forwardPass = async (m: PerturberModel) => {
    const x = input(m)
    const { output } = m.execute(x, { layers: [], predictions: true })
    await output!.data()
    tf.dispose([x, output!])
  }
  const gradientForward = () => runtime.withGradients(model, forwardPass)
  const forwardForward = () => runtime.forward(() => forwardPass(model))

  // compiles the kernels (feature visualization's and the forward pass's) before anything is timed
  await runtime.featureVis(model, LAYER, CHANNEL, { steps: 4, cache: null, seed: 9 })
  const before = await medianTime(gradientForward, 9, 3)
  const batches: { step: number; at: number }[] = []
  const t0 = performance.now()
  const result = await runtime.featureVis(model, LAYER, CHANNEL, { steps: STEPS, cache: null, onProgress: ({ step }) => batches.push({ step, at: performance.now() }) })
  const fvMs = performance.now() - t0
  const after = await medianTime(gradientForward, 9, 1)
  const forwardBackendMs = await medianTime(forwardForward, 9, 3)
  const forwardMs = (before + after) / 2
  // ms per step of each batch after the first
  const perStep = batches.slice(1).map((b, i) => (b.at - batches[i].at) / (b.step - batches[i].step))
  const sorted = perStep.sort((a, b) => a - b)
  log(`feature vis ${LAYER}:${CHANNEL}: ${STEPS} steps ${fvMs.toFixed(0)} ms (median batch ${sorted[sorted.length >> 1].toFixed(0)} ms/step); forward ${before.toFixed(1)} / ${after.toFixed(1)} ms on ${runtime.plan.gradient}, ${forwardBackendMs.toFixed(1)} ms on ${runtime.plan.forward}; objective ${result.startObjective.toFixed(3)} → ${result.objective.toFixed(3)} (layer median on the image ${result.layerMedian.toFixed(3)})`)
  runtime.release(model)
  model.dispose()
  return {
    fv_128_steps_vs_forward_ratio: {
      value: fvMs / forwardMs,
      unit: 'ratio',
      note:
        `ZooNet standard (112 px), ${LAYER}:${CHANNEL}: runtime.featureVis with ${STEPS} steps (Fourier ${result.options.size} px, decorrelated colour, Lucid's transforms, learning rate ${result.options.learningRate}) ` +
        `${fvMs.toFixed(0)} ms (${(fvMs / STEPS).toFixed(0)} ms per step, building the run and reading the image included) ÷ the runtime's forward pass of the model on the same backend ` +
        `(TF.js ${runtime.plan.gradient}, logits downloaded) ${forwardMs.toFixed(1)} ms (median of 9 before and 9 after: ${before.toFixed(1)} / ${after.toFixed(1)}) (target ≤ 500). ` +
        `The forward backend (${runtime.plan.forward}) takes ${forwardBackendMs.toFixed(1)} ms per pass. The run raised its channel from ${result.startObjective.toFixed(3)} to ${result.objective.toFixed(3)} ` +
        `(the layer's median channel on that image: ${result.layerMedian.toFixed(3)}; responded: ${result.responded}).`,
    },
  }
}
