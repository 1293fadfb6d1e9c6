import type { FrameResult, ModelRequest, PerturberModel } from '@perturber/model-runtime'
import { getSnapshot, type SceneSnapshot } from '@perturber/scene'
import { modelRoleLabels, type ModelRole } from '@perturber/viz'
import type { PerturberSession } from '../session/PerturberSession'
import { differenceStep, sensitivityParams, withParam, type DifferenceStep, type SensitivityParam, type SensitivityTarget } from './params'

export type { SensitivityTarget }

/** The output whose derivatives are computed, on the analysed model (Model 1, or the first shown model). */
export type SensitivityOutput =
  /** the logit of the model's top class at the current state (the class is fixed from that state on) */
  | { kind: 'top-class' }
  | { kind: 'class'; classIndex: number }
  /** a channel's mean activation over all positions */
  | { kind: 'channel'; layer: string; channel: number }

/** The output as computed: a class (the top one resolved) or a channel, and its name in words. */
export type ResolvedSensitivityOutput = ({ kind: 'class'; classIndex: number; top: boolean } | { kind: 'channel'; layer: string; channel: number }) & {
  /** e.g. "dog logit", "mixed4a:12 mean" */
  label: string
}

/** One parameter's derivative. */
export interface SensitivityEntry extends SensitivityParam, DifferenceStep {
  /** d(output)/d(parameter) ≈ (output(to) − output(from)) / (to − from), per unit of the parameter */
  derivative: number
}

export interface SensitivityResult {
  output: ResolvedSensitivityOutput
  /** the analysed model */
  model: { role: ModelRole; name: string }
  /** the output at the state itself */
  value: number
  /** the state differentiated at */
  scene: Pick<SceneSnapshot, 'params' | 'chain'>
  /** in the order of `sensitivityParams`; partial while computing */
  entries: SensitivityEntry[]
  /** how many entries the computation will have */
  total: number
}

export interface SensitivityOptions {
  output: SensitivityOutput
  /** which parameters (default: every scene parameter and every enabled perturbation's) */
  targets?: readonly SensitivityTarget[]
  /** stops between samples: the promise then rejects with an `AbortError` */
  signal?: AbortSignal
  /** called after each parameter with the result so far */
  onProgress?(partial: SensitivityResult): void
}

/**
 * The derivative of an output of the analysed model (the first shown, normally Model 1) with
 * respect to each parameter at the session's current scene state, by finite differences (see
 * {@link differenceStep}): every evaluation renders beside the live frame (`renderSample`: the
 * live frame, its id and its pixels stay as they were) and runs through the session's runtime,
 * one sample per task, so the page stays responsive and live frames interleave. The state is read
 * once at the start: later changes do not mix in (abort and start again for them).
 */
export async function computeSensitivities(session: PerturberSession, options: SensitivityOptions): Promise<SensitivityResult> {
  const { signal } = options
  // an aborted computation stops waiting too
  await Promise.race([session.settled(), whenAborted(signal)])
  checkAborted(signal)
  const { runtime, shown } = session.store.getState()
  const renderer = session.frames.renderer()
  const analysed = shown[0]
  if (!runtime || !renderer) throw new Error('The session has no runtime or no scene renderer.')
  if (!analysed) throw new Error('Sensitivity needs a model: load Model 1 first.')
  const { model, role } = analysed
  const snapshot = getSnapshot(session.scene)
  const scene = { params: snapshot.params, chain: snapshot.chain }
  const wanted = options.targets?.map((t) => JSON.stringify(t))
  const params = sensitivityParams(scene, session.registry).filter((p) => !wanted || wanted.includes(JSON.stringify(p.target)))
  if (options.output.kind === 'channel') {
    const { layer, channel } = options.output
    const info = model.layers.find((l) => l.name === layer)
    if (!info) throw new Error(`${model.descriptor.name} has no layer "${layer}".`)
    if (!(Number.isInteger(channel) && channel >= 0 && channel < info.channels)) throw new Error(`Layer "${layer}" has channels 0–${info.channels - 1}, not ${channel}.`)
  }

  const request = requestFor(model, options.output)
  const evaluate = async (state: Pick<SceneSnapshot, 'params' | 'chain'>): Promise<FrameResult['models'][number]> => {
    checkAborted(signal)
    const data = renderer.renderSample(state)
    const result = (await runtime.infer({ frameId: -1, width: renderer.width, height: renderer.height, data }, [request])).models[0]
    if (result.problem) throw new Error(result.problem.message)
    // one sample per task: input and live frames go first
    await nextTask()
    checkAborted(signal)
    return result
  }
  const base = await evaluate(scene)
  const output = resolveOutput(options.output, model, base)
  const valueOf = (result: FrameResult['models'][number]) => (output.kind === 'class' ? result.logits![output.classIndex] : result.activations!.channelMeans![output.channel])
  const value = valueOf(base)
  const result: SensitivityResult = { output, model: { role, name: `${modelRoleLabels[role]} · ${model.descriptor.name}` }, value, scene, entries: [], total: params.length }
  for (const param of params) {
    const step = differenceStep(param)
    const at = async (v: number) => (v === param.value ? value : valueOf(await evaluate(withParam(scene, param.target, v))))
    const low = await at(step.from)
    const high = await at(step.to)
    const derivative = step.to > step.from ? (high - low) / (step.to - step.from) : 0
    result.entries = [...result.entries, { ...param, ...step, derivative }]
    options.onProgress?.(result)
  }
  return result
}

/** The output on the base state: the top class fixed from its logits. */
function resolveOutput(output: SensitivityOutput, model: PerturberModel, base: FrameResult['models'][number]): ResolvedSensitivityOutput {
  const names = model.descriptor.labels.names
  if (output.kind === 'channel') return { ...output, label: `${output.layer}:${output.channel} mean` }
  const logits = base.logits!
  const classIndex = output.kind === 'class' ? output.classIndex : argMax(logits)
  if (!(Number.isInteger(classIndex) && classIndex >= 0 && classIndex < logits.length)) throw new Error(`${model.descriptor.name} has classes 0–${logits.length - 1}, not ${classIndex}.`)
  return { kind: 'class', classIndex, top: output.kind === 'top-class', label: `${names[classIndex] ?? `class ${classIndex}`} logit` }
}

/** What the analysed model computes per sample: every logit, or every channel mean of the layer. */
function requestFor(model: PerturberModel, output: SensitivityOutput): ModelRequest {
  return output.kind === 'channel' ? { model, layer: output.layer, channels: [], channelMeans: true } : { model, logits: 'all' }
}

function argMax(values: ArrayLike<number>): number {
  let best = 0
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i
  return best
}

/** Rejects when `signal` aborts (never settles without one); a rejection nobody awaits any more is not reported. */
function whenAborted(signal?: AbortSignal): Promise<never> {
  const promise = new Promise<never>((_, reject) => {
    const stop = () => reject(new DOMException('The sensitivity computation was aborted.', 'AbortError'))
    if (signal?.aborted) stop()
    else signal?.addEventListener('abort', stop, { once: true })
  })
  promise.catch(() => undefined)
  return promise
}

function checkAborted(signal?: AbortSignal) {
  if (signal?.aborted) throw new DOMException('The sensitivity computation was aborted.', 'AbortError')
}

/** Whether an error is an abort (of a computation whose state changed). */
export const isAbort = (e: unknown) => e instanceof DOMException && e.name === 'AbortError'

/** Yields to the page (input, live frames) without setTimeout's 4 ms clamp. */
function nextTask(): Promise<void> {
  if (typeof MessageChannel === 'undefined') return new Promise((resolve) => setTimeout(resolve, 0))
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => (channel.port1.close(), resolve())
    channel.port2.postMessage(null)
  })
}
