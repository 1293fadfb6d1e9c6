import { defaultSnapshot, type SceneSnapshot } from '@perturber/scene'
import type { SweepSpec } from '../sweep/types'
import { defaultAttackSettings, defaultNeuronSelection, type AttackSettings, type EditingMode, type NeuronSelection } from '@perturber/viz'

/**
 * Where a slot's model comes from, as it goes into a link: a configured model (by id, with an
 * optional checkpoint) or any model.json by URL. Models picked from the user's disk cannot be
 * shared by link, so a slot holding one is written as empty.
 */
export type ModelSource = { kind: 'config'; id: string; checkpoint?: number } | { kind: 'url'; url: string }

/** Views that can be switched off to save compute (each one off = less work per frame). */
export interface AppViews {
  /** the activation grid (no maps are computed when off) */
  activations: boolean
  /** the predictions column (models then run only up to the selected layer) */
  predictions: boolean
  /** Model 2 takes part in inference and is shown */
  model2: boolean
  /** the edited model (a copy of Model 1 edited by mixing with Model 2 / pruning) is built and shown */
  edited: boolean
}

/** The edits of the edited model, as `EditedModel.editState()` without its granularity. */
export interface AppEdits {
  mix: Record<string, number>
  prune: Record<string, [number, number]>
}

/**
 * Everything a view of the app consists of, as plain data: what a shared link restores exactly.
 * The scene part is the scene store's snapshot; the rest is the app's own.
 */
export interface AppState {
  scene: SceneSnapshot
  models: { model1: ModelSource | null; model2: ModelSource | null }
  edits: AppEdits
  editingMode: EditingMode
  /** the selected layer; null = the app picks one when Model 1 loads */
  layer: string | null
  neurons: NeuronSelection
  /** activation normalisation slider (log10 divisor; 0 = automatic 4σ) */
  normalization: number
  attack: AttackSettings
  views: AppViews
  /** what the prediction bars show */
  predictionValues: 'probabilities' | 'logits'
  /** feature visualizations in a decorrelated parameterisation, or naive pixels */
  featureVis: 'decorrelated' | 'naive'
  /** the sweep set up in the sweep section (its base is this state itself); null: none */
  sweep: LinkSweep | null
}

/** A sweep as a link carries it: what to vary and what to record; it starts from the link's own state. */
export type LinkSweep = Pick<SweepSpec, 'design' | 'record'>

export const defaultViews: AppViews = { activations: true, predictions: true, model2: true, edited: false }

/** The state of a fresh app; `model1` is typically the first configured model. */
export function defaultAppState(model1: ModelSource | null = null): AppState {
  return {
    scene: defaultSnapshot(),
    models: { model1, model2: null },
    edits: { mix: {}, prune: {} },
    editingMode: 'mix',
    layer: null,
    neurons: { ...defaultNeuronSelection },
    normalization: 0,
    attack: { ...defaultAttackSettings },
    views: { ...defaultViews },
    predictionValues: 'probabilities',
    featureVis: 'decorrelated',
    sweep: null,
  }
}
