import type { PerturbationState } from '@perturber/perturbations'
import type { ModelRole } from '@perturber/viz'
import type { SkippedFile } from './images'

/** One way every image is perturbed before the models see it: a whole perturbation chain. */
export interface BatchSetting {
  /** stable key, e.g. `'clean'`, `'current'` */
  id: string
  /** as the table heads it, e.g. `'clean'`, `'current perturbations'` */
  name: string
  chain: readonly PerturbationState[]
  /**
   * Each image gets its own random draw: every enabled perturbation's `seed` becomes
   * 1 + (seed + image index) mod 999 (see `chainForImage`), as ImageNet-C draws its noise and motion
   * blur angle anew per image. Without it every image gets the same draw.
   */
  reseed?: boolean
}

/** A model of the run, as it was when the run started. */
export interface BatchModelInfo {
  role: ModelRole
  name: string
  /** the model's class names, in label order (what labels and predictions index) */
  classes: readonly string[]
}

/** One model's answer on one image in one setting. */
export interface BatchPrediction {
  /** top-5 class indices, most probable first (empty when the model gave none) */
  top: number[]
  /** their probabilities */
  probabilities: number[]
  /** why the model gave no prediction on this image (non-finite outputs, a failure) */
  problem?: string
}

/** One evaluated image. */
export interface BatchItem {
  /** position among the run's inputs */
  index: number
  /** its path in the folder, or the name it was given */
  name: string
  /** per model (in `models` order): the class its name matched, or null (unlabelled for that model) */
  truth: (number | null)[]
  /** the name the labels came from (folder or file name), or null when no model's class matched */
  labelText: string | null
  /** per setting, per model */
  predictions: BatchPrediction[][]
}

/** A batch evaluation as plain data: what ran, on what, and what every model answered. */
export interface BatchResult {
  format: 'perturber-batch'
  version: 1
  models: BatchModelInfo[]
  settings: BatchSetting[]
  /** the evaluated images, in input order */
  items: BatchItem[]
  /** inputs left out and why: non-image files, files over a limit, images that would not decode */
  skipped: SkippedFile[]
  /** inputs the run was given (images to evaluate; files skipped before the run are not counted) */
  total: number
  /** the frame every image was fitted to (the live scene's size) */
  width: number
  height: number
}
