import type { Datapath, DatapathProgress, FramePixels, PerturberModel } from '@perturber/model-runtime'
import { compareDatapaths, type LayerDivergence } from '@perturber/model-runtime/datapath'
import { modelRoleLabels } from '@perturber/viz'
import type { PerturberSession } from '../session/PerturberSession'

/**
 * What two datapaths compare: the live frame on Model 1 and on Model 2, or Model 1 on the frame
 * without any perturbation and with the current ones (an attack's δ included, when its overlay is on).
 */
export type DatapathComparison = 'models' | 'perturbations'

export const DATAPATH_COMPARISONS: Readonly<Record<DatapathComparison, string>> = {
  models: 'this frame on Model 1 and Model 2',
  perturbations: 'Model 1 without and with the current perturbations',
}

/** One side of a comparison: its name, the model and the frame it ran on, and its datapath. */
export interface DatapathSide {
  name: string
  model: PerturberModel
  frame: FramePixels
  datapath: Datapath
}

export interface DatapathPair {
  comparison: DatapathComparison
  sides: [DatapathSide, DatapathSide]
  /** per layer both sides have: cosine of the mean activations and Jaccard of the critical sets */
  divergence: LayerDivergence[]
  /** the class both datapaths explain, and its name */
  classIndex: number
  className: string
}

export interface DatapathCompareOptions {
  signal?: AbortSignal
  /** which side (0 or 1) and how far its extraction is */
  onProgress?: (side: 0 | 1, progress: DatapathProgress) => void
}

/**
 * Extracts the two datapaths of a comparison on the session's current state, one after the other
 * on the gradient backend, for one class: the class Model 1 predicts on the frame (the clean frame,
 * when comparing perturbations) — what the other side moves away from. Refused with a message saying
 * what to do when the comparison cannot be made (no Model 2 shown, no perturbation on).
 */
export async function compareOnSession(session: PerturberSession, comparison: DatapathComparison, options: DatapathCompareOptions = {}): Promise<DatapathPair> {
  await session.settled()
  const runtime = session.store.getState().runtime
  const renderer = session.frames.renderer()
  const model1 = session.modelOf('model1')
  if (!runtime || !renderer || !model1) throw new Error('Load Model 1 first: a datapath is a model’s.')
  const frame = (data: Float32Array, frameId: number): FramePixels => ({ frameId, width: renderer.width, height: renderer.height, data })
  const live = frame(renderer.readPixels().slice(), renderer.frameId)
  let sides: [Omit<DatapathSide, 'datapath'>, Omit<DatapathSide, 'datapath'>]
  if (comparison === 'models') {
    const model2 = session.store.getState().shown.find((s) => s.role === 'model2')?.model
    if (!model2) throw new Error(`${modelRoleLabels.model2} is not shown: load and show it, or compare ${DATAPATH_COMPARISONS.perturbations}.`)
    sides = [
      { name: session.store.getState().slots.model1.name || model1.descriptor.name, model: model1, frame: live },
      { name: session.store.getState().slots.model2.name || model2.descriptor.name, model: model2, frame: live },
    ]
  } else {
    const { chain } = session.scene.getState()
    if (!chain.some((s) => s.enabled)) throw new Error('No perturbation is on: switch one on (or take a PGD step) to compare the frame without and with it.')
    const clean = frame(renderer.renderSample({ chain: chain.map((s) => ({ ...s, enabled: false })) }), -1)
    sides = [
      { name: 'without perturbations', model: model1, frame: clean },
      { name: 'with the current perturbations', model: model1, frame: live },
    ]
  }
  const first = await runtime.datapath(sides[0].model, [sides[0].frame], { signal: options.signal, onProgress: (p) => options.onProgress?.(0, p) })
  const second = await runtime.datapath(sides[1].model, [sides[1].frame], { classIndex: first.classIndex, signal: options.signal, onProgress: (p) => options.onProgress?.(1, p) })
  const names = model1.descriptor.labels.names
  return {
    comparison,
    sides: [
      { ...sides[0], datapath: first },
      { ...sides[1], datapath: second },
    ],
    divergence: compareDatapaths(first, second),
    classIndex: first.classIndex,
    className: names[first.classIndex] ?? `class ${first.classIndex}`,
  }
}
