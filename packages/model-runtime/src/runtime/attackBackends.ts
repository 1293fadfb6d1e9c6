import * as tf from '@tensorflow/tfjs'
import { PgdAttack } from '../attacks/PgdAttack'
import { CPU_FLOPS_PER_MS, estimateCpuStepMs, forwardFlops } from '../backends/cost'
import type { PgdNorm } from '../attacks/types'
import type { PerturberModel } from '../types'

/** Where one model's attacks run, and what a step costs there (`runtime.attackBackend`). */
export interface AttackBackend {
  /** The TF.js backend this model's PGD steps run on. */
  backend: string
  /** A warm PGD step there (backward pass, projection, read-back), in ms, as measured; undefined until measured. */
  stepMs?: number
  /** Every candidate timed: backend → ms per warm step. */
  measured: Readonly<Record<string, number>>
  /** Candidates not timed, and why (the cost model showed they could not win, or would block too long). */
  skipped: Readonly<Record<string, string>>
  /** `measured`: the faster of those timed; `only`: one candidate (set in the options, or a graph model), not compared. */
  how: 'measured' | 'only'
  /** In words, for display and bench notes. */
  reason: string
}

/** Runs a task on `backend` with a version of `model` whose weights live there (the runtime's twins). */
export type RunOnBackend = <T>(backend: string, model: PerturberModel, task: (model: PerturberModel) => T | Promise<T>) => Promise<T>

/**
 * WebGL on a software rasteriser (SwiftShader) compiles an attack's programs for 15–25 s, blocking
 * the page, and then steps no faster than cpu on models of ImageNet size (zoo: 2.9 s vs 0.9 s;
 * MobileNet v1: seconds on both). Timing it (which compiles) is worth that only where the best step
 * measured so far is this slow.
 */
export const SOFTWARE_WEBGL_WORTH_MS = 10_000
/** Beyond this estimated cpu step, timing cpu would block the page too long while another candidate remains. */
export const CPU_MEASURE_LIMIT_MS = 15_000

export interface AttackBackendCandidates {
  candidates: readonly string[]
  /** WebGL is a software rasteriser: its compiles take tens of seconds */
  softwareRenderer: boolean
}

const seconds = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`)

/** Why `backend` is not worth timing given the best step timed so far, or undefined to time it. */
function skipReason(backend: string, model: PerturberModel, best: [string, number] | undefined, others: number, { softwareRenderer }: AttackBackendCandidates): string | undefined {
  if (backend === 'cpu') {
    const estimate = estimateCpuStepMs(model.layersModel)
    if (estimate === undefined) return undefined
    const gflop = ((forwardFlops(model.layersModel) ?? 0) / 1e9).toFixed(2)
    if (best && estimate >= best[1]) {
      return `cpu: ${gflop} GFLOP per forward pass needs ≥ ${seconds(estimate)} per step even at ${CPU_FLOPS_PER_MS / 1e6} GFLOP/s, slower than ${best[0]}'s measured ${seconds(best[1])}`
    }
    if (!best && others > 0 && estimate > CPU_MEASURE_LIMIT_MS) return `cpu: ${gflop} GFLOP per forward pass, ≥ ${seconds(estimate)} per step: too long to time`
    return undefined
  }
  if (best && softwareRenderer && best[1] < SOFTWARE_WEBGL_WORTH_MS) {
    return `${backend}: WebGL is a software rasteriser, where compiling the attack takes tens of seconds, which ${best[0]}'s ${seconds(best[1])} steps never pay back`
  }
  return undefined
}

/** Backends that compile programs on a model's first pass (so a first step is no measure of later ones). */
const compiles = (backend: string) => backend !== 'cpu'

/** A throw-away attack on a grey `width`×`height` frame (its clean forward pass run), queued on `backend`. */
function throwAwayAttack(runOn: RunOnBackend, backend: string, model: PerturberModel, width: number, height: number, norm: PgdNorm): Promise<PgdAttack> {
  return runOn(backend, model, (target) => {
    const grey = tf.fill([1, height, width, 3], 0.5) as tf.Tensor4D
    try {
      return new PgdAttack(target, grey, { norm })
    } finally {
      grey.dispose()
    }
  })
}

/** Compiles a `norm` attack step of `model` on `backend` by stepping a throw-away attack once. Leaves no tensors behind. */
export async function warmUpAttack(runOn: RunOnBackend, backend: string, model: PerturberModel, width: number, height: number, norm: PgdNorm): Promise<void> {
  const attack = await throwAwayAttack(runOn, backend, model, width, height, norm)
  try {
    await runOn(backend, model, () => void attack.step())
  } finally {
    await runOn(backend, model, () => attack.dispose())
  }
}

/**
 * Times one warm PGD step of `model` on `backend` on a grey `width`×`height` frame: a throw-away
 * attack runs its clean forward pass, takes a first step where the backend compiles (WebGL), and
 * then a timed one. Each part is its own queued task, so live frames run in between. Leaves no
 * tensors behind.
 */
export async function timeAttackStep(runOn: RunOnBackend, backend: string, model: PerturberModel, width: number, height: number, norm: PgdNorm = 'linf'): Promise<number> {
  const attack = await throwAwayAttack(runOn, backend, model, width, height, norm)
  try {
    if (compiles(backend)) await runOn(backend, model, () => void attack.step())
    return await runOn(backend, model, () => {
      const t0 = performance.now()
      attack.step()
      return performance.now() - t0
    })
  } finally {
    await runOn(backend, model, () => attack.dispose())
  }
}

/**
 * Picks the backend for `model`'s attacks by timing a PGD step on each candidate worth timing, in
 * the plan's order (likely winner first), and keeps the fastest. A candidate is skipped when the
 * cost model shows it cannot win: cpu where its FLOPs at an optimistic rate lose to a step already
 * timed (or would block the page for long), WebGL on a software rasteriser where the faster step
 * found is quick enough that its tens of seconds of compiling never pay back.
 */
export async function measureAttackBackend(
  runOn: RunOnBackend,
  model: PerturberModel,
  width: number,
  height: number,
  plan: AttackBackendCandidates,
  time: typeof timeAttackStep = timeAttackStep,
): Promise<AttackBackend> {
  const measured: Record<string, number> = {}
  const skipped: Record<string, string> = {}
  let best: [string, number] | undefined
  for (let i = 0; i < plan.candidates.length; i++) {
    const backend = plan.candidates[i]
    const why = skipReason(backend, model, best, plan.candidates.length - 1 - i, plan)
    if (why) {
      skipped[backend] = why
      continue
    }
    const ms = await time(runOn, backend, model, width, height)
    measured[backend] = ms
    if (!best || ms < best[1]) best = [backend, ms]
  }
  if (!best) throw new Error(`No backend to attack "${model.descriptor.name}" on (candidates: ${plan.candidates.join(', ') || 'none'}).`)
  const timed = Object.entries(measured).map(([b, ms]) => `${b} ${seconds(ms)}`)
  const reason =
    plan.candidates.length === 1
      ? `${best[0]} (the only candidate): ${seconds(best[1])} per step`
      : `${best[0]}: ${timed.length > 1 ? `fastest of ${timed.join(', ')} per step` : `${seconds(best[1])} per step`}${Object.keys(skipped).length ? `; not timed: ${Object.values(skipped).join('; ')}` : ''}`
  return { backend: best[0], stepMs: best[1], measured, skipped, how: plan.candidates.length === 1 ? 'only' : 'measured', reason }
}
