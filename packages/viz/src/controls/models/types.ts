/** A model the app offers in its model pickers (the loading itself is the app's). */
export interface AvailableModel {
  /** stable id, e.g. for the URL */
  id: string
  name: string
  /** e.g. "Standard", "Stylized", "Adv. Trained", or an architecture variant */
  variant?: string
  /**
   * Labels of the checkpoints the model ships, in training order (e.g. "iteration 1" … "iteration
   * 10"); a checkpoint slider appears when there are two or more.
   */
  checkpoints?: readonly string[]
}

/** What one slot holds: a model and, for models with checkpoints, which one. */
export interface ModelSlotValue {
  /** null: the slot is empty */
  modelId: string | null
  /** index into the model's `checkpoints`; absent means the last (fully trained) one */
  checkpoint?: number
}

/** What a slot is doing, shown in place. */
export interface ModelSlotStatus {
  /** set while the slot's model loads; `fraction` in [0, 1] when known */
  loading?: { fraction?: number; message?: string } | null
  /** the last load's error message, shown until the next successful load */
  error?: string | null
}

/** Human-readable name of a model: "name (variant)". */
export const modelDisplayName = (model: Pick<AvailableModel, 'name' | 'variant'>) =>
  model.variant ? `${model.name} (${model.variant})` : model.name
