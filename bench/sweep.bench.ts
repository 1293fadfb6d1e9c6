import { WebGLRenderer } from 'three'
import { SceneRenderer } from '@perturber/scene'
import { PerturberSession, loadModelIndex, zooInitialState } from '@perturber/app'
import { startSweep, type SweepSpec } from '@perturber/app/sweep'
import { wasmPaths } from '../packages/app/src/site/wasmPaths'
import { log, type Metric } from './measure'

const ZOO_INDEX = './perturber-zoo/index.json'
const LIVE_FRAMES = 30

/** A 10 × 10 grid over yaw and the Alpha perturbation, recording both models and a layer's channel means. */
const spec = (layer: string | null): SweepSpec => ({
  version: 1,
  design: {
    kind: 'grid',
    axes: [
      { target: { kind: 'scene', param: 'yaw' }, from: -70, to: 70, steps: 10 },
      { target: { kind: 'perturbation', id: 'alpha', param: 'alpha' }, from: 1, to: 0.1, steps: 10 },
    ],
  },
  record: { ...(layer ? { layer } : {}) },
})

/**
 * Samples per second of a sweep ÷ live frames per second, same session, same models (target ≥
 * 0.9: a sweep sample costs no more than a live frame). Live frames: the scene changes (yaw), the
 * renderer renders, the session's frame feed reads the frame back and its scheduler infers what
 * the app shows (top-5, four maps of the default layer, both models) until the result is
 * published. Sweep: the 10 × 10 grid above on the same session, recording every class's
 * probability and logit and the default layer's channel means of both models.
 */
export async function benchSweep(): Promise<Record<string, Metric>> {
  const index = await loadModelIndex(ZOO_INDEX)
  if (!index) {
    log(`no model zoo at ${ZOO_INDEX}: skipping the sweep bench`)
    return {}
  }
  const session = new PerturberSession({ models: index.models, state: zooInitialState(index.models), runtimeOptions: { wasmPaths } })
  const release = session.retain()
  await session.modelsSettled()
  const [height, width] = session.modelOf('model1')?.descriptor.inputSize ?? [224, 224]
  const scene = new SceneRenderer(new WebGLRenderer({ canvas: document.createElement('canvas'), antialias: false, alpha: false }), { width, height })
  const detach = session.attachRenderer(scene)
  await session.evaluate()

  let yaw = 0
  const liveFrame = () =>
    new Promise<void>((resolve) => {
      session.scene.getState().setParam('yaw', (yaw = (yaw + 7) % 140) - 70)
      const frameId = scene.render().frameId
      const unsubscribe = session.results.subscribe((s) => {
        if ((s.result?.frameId ?? 0) < frameId) return
        unsubscribe()
        resolve()
      })
    })
  const liveFps = async () => {
    for (let i = 0; i < 3; i++) await liveFrame()
    const t0 = performance.now()
    for (let i = 0; i < LIVE_FRAMES; i++) await liveFrame()
    return LIVE_FRAMES / ((performance.now() - t0) / 1000)
  }
  const timeSweep = async () => {
    const run = startSweep(session, spec(session.controls.layer))
    const t0 = performance.now()
    await run.finished
    if (run.state.status !== 'done') throw new Error(`sweep bench: ${run.state.error}`)
    return { ms: performance.now() - t0, samples: run.state.done }
  }

  await timeSweep() // warm-up: the sweep's requests compile their own kernels
  const before = await liveFps()
  const sweep = await timeSweep()
  const after = await liveFps()
  const live = (before + after) / 2
  const sweepRate = sweep.samples / (sweep.ms / 1000)
  log(`sweep: ${sweep.samples} samples in ${sweep.ms.toFixed(0)} ms (${sweepRate.toFixed(1)}/s); live ${before.toFixed(1)} / ${after.toFixed(1)} fps`)
  detach()
  release()
  scene.dispose()
  return {
    sweep_vs_live_rate_ratio: {
      value: sweepRate / live,
      unit: 'ratio',
      note:
        `Zoo pair (standard, adversarial) at ${width}×${height}: a 10 × 10 sweep (yaw × Alpha, every class's probability and logit and ${session.controls.layer}'s channel means of both models) ` +
        `took ${(sweep.ms / 1000).toFixed(1)} s, ${sweepRate.toFixed(1)} samples/s, ÷ the live frame path on the same session (scene change → render → readback → inference of top-5 and four maps of both models → published), ` +
        `${live.toFixed(1)} frames/s (${before.toFixed(1)} before, ${after.toFixed(1)} after the sweep) (target ≥ 0.9).`,
    },
  }
}
