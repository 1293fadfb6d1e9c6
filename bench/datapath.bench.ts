import * as tf from '@tensorflow/tfjs'
import { createModelRuntime, type Datapath, type PerturberModel } from '@perturber/model-runtime'
import { solveDatapathQp } from '@perturber/model-runtime/datapath'
import { wasmPaths } from '../packages/app/src/site/wasmPaths'
import { log, medianTime, type Metric } from './measure'

/** The zoo's standard model: tools/bench.mjs serves models/ as the bench's public folder. */
const ZOO_MODEL = './perturber-zoo/standard/model.json'
const RUNS = 5

/**
 * A full datapath of one frame ÷ one forward-plus-backward pass of the same model (target ≤ 3):
 * `runtime.datapath` over every spatial layer of the zoo's standard model (one backward pass for
 * all layers, the contributions downloaded, every layer's QP solved) against the gradient of the
 * top class's logit with respect to the input (forward and backward through the whole network,
 * the gradient downloaded), both on the runtime's gradient backend, both warm.
 */
export async function benchDatapath(modelUrl = ZOO_MODEL): Promise<Record<string, Metric>> {
  if (!(await fetch(modelUrl, { method: 'HEAD' })).ok) {
    log(`no model zoo at ${modelUrl} (models/perturber-zoo): skipping the datapath bench`)
    return {}
  }
  const runtime = await createModelRuntime({ wasmPaths })
  const model = await runtime.load(modelUrl)
  const [height, width] = model.descriptor.inputSize
  const data = new Float32Array(width * height * 4).map((_, i) => ((i & 3) === 3 ? 1 : 0.25 + 0.5 * Math.abs(Math.sin(i * 0.013))))
  const frame = { frameId: 0, width, height, data }
  const datapath = () => runtime.datapath(model, [frame], { yieldToEventLoop: async () => undefined })
  const first = await datapath() // compiles the kernels of both passes (webgl)
  const forwardBackward = () =>
    runtime.withGradients(model, async (m: PerturberModel) => {
      const gradient = tf.tidy(() => {
        const pixels = tf.tensor4d(Float32Array.from({ length: width * height * 3 }, (_, i) => data[Math.floor(i / 3) * 4 + (i % 3)]), [1, height, width, 3])
        return tf.grad((x: tf.Tensor) => {
          const logits = m.toLabelSpace(m.execute(m.preprocess(x as tf.Tensor4D), { layers: [], predictions: true }).output!, 'logits')
          return tf.sum(tf.slice(logits, [0, first.classIndex], [1, 1]))
        })(pixels)
      })
      await gradient.data()
      gradient.dispose()
    })
  const before = await medianTime(forwardBackward, RUNS, 2)
  const datapathMs = await medianTime(datapath, RUNS, 0)
  const path = await datapath()
  const after = await medianTime(forwardBackward, RUNS, 1)
  const fwdBwdMs = (before + after) / 2
  const qpMs = solveTime(path)
  const critical = path.layers.reduce((sum, l) => sum + l.critical.length, 0)
  log(`datapath: ${path.layers.length} layers ${datapathMs.toFixed(0)} ms; forward+backward ${before.toFixed(0)} / ${after.toFixed(0)} ms on ${runtime.plan.gradient}; ${critical} critical maps`)
  await runtime.release(model)
  await runtime.forward(() => model.dispose())
  return {
    datapath_vs_fwdbwd_ratio: {
      value: datapathMs / fwdBwdMs,
      unit: 'ratio',
      note:
        `ZooNet standard (${width} px): runtime.datapath of one frame over all ${path.layers.length} spatial layers (one backward pass with every layer tapped, the contributions downloaded, ` +
        `each layer's QP solved exactly: ${qpMs.toFixed(0)} ms of it) ${datapathMs.toFixed(0)} ms (median of ${RUNS}, warm) ÷ one forward-plus-backward pass of the model ` +
        `(∂ top logit/∂ input, gradient downloaded) on the same backend (TF.js ${runtime.plan.gradient}) ${fwdBwdMs.toFixed(0)} ms (median of ${RUNS} before and after: ${before.toFixed(0)} / ${after.toFixed(0)}) (target ≤ 3). ` +
        `${critical} critical maps (z ≥ 0.5) in all.`,
    },
  }
}

/** The QP part of an extraction, timed again on the same contributions (pure JS, no TF.js). */
function solveTime(path: Datapath): number {
  const t0 = performance.now()
  for (const layer of path.layers) solveDatapathQp([layer.frameContributions], layer.lambda)
  return performance.now() - t0
}
