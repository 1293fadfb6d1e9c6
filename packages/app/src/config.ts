/** A model the app offers (e.g. from a model zoo's index.json); loaded by URL when picked. */
export interface AppModelConfig {
  /** stable id, written into shared links */
  id: string
  name: string
  /** e.g. "Standard", "Adv. Trained" */
  variant?: string
  /** URL of its model.json (the fully trained one when it has checkpoints) */
  url: string
  /** URL of a `descriptor.json` (a `ModelDescriptor` as JSON, as the model zoo writes) */
  descriptorUrl?: string
  /** checkpoints in training order, each with its own model.json; a slider appears for two or more */
  checkpoints?: readonly { label: string; url: string; descriptorUrl?: string }[]
}

/** The model.json (and descriptor) URL of a configured model at a checkpoint (absent: the last, fully trained). */
export function configModelUrl(model: AppModelConfig, checkpoint?: number): { url: string; descriptorUrl?: string } {
  if (checkpoint === undefined || !model.checkpoints?.length) return { url: model.url, descriptorUrl: model.descriptorUrl }
  const { url, descriptorUrl } = model.checkpoints[Math.min(model.checkpoints.length - 1, Math.max(0, checkpoint))]
  return { url, descriptorUrl }
}
