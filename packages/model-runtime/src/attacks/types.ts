/** Which ball the perturbation δ lives in, measured in pixel units ([0, 1] per channel). */
export type PgdNorm = 'linf' | 'l2'

export interface PgdOptions {
  /**
   * `false` (default): untargeted, push the clean image's top-1 class down (or `originalClass`).
   * `{ target }`: targeted, pull the label-space class `target` up.
   */
  targeted?: false | { target: number }
  /** Default `'linf'`. */
  norm?: PgdNorm
  /**
   * Radius of the ball in pixel units. Defaults (`defaultEpsilon`): L∞ 8/255; L2 8/255 · √(3·h·w),
   * every pixel channel changed by 8/255 on average (RMS), the L∞ default's corner: 12.2 at
   * 224×224, 6.1 at 112×112.
   */
  epsilon?: number
  /** Length of one step: L∞ per-pixel change, L2 Euclidean length. Default ε/8, as in the paper. */
  stepSize?: number
  /** The class an untargeted attack suppresses; default the clean image's top-1 label. */
  originalClass?: number
  /** How many top classes to report after each step (default 5). */
  topK?: number
}

export interface ClassProbability {
  /** Label-space index. */
  label: number
  name: string
  probability: number
}

/** Probabilities of the two classes an attack is about. */
export interface AttackedProbabilities {
  /** The class suppressed (untargeted) or the clean top-1 (targeted). */
  original: number
  /** The target class, when the attack is targeted. */
  target?: number
}

export interface PgdStepResult {
  /** PGD steps taken since construction or the last `reset()`. */
  step: number
  width: number
  height: number
  /**
   * δ = adversarial − clean, [h, w, 3] RGB interleaved, row 0 at the top, as signed pixel units in
   * [−ε, ε] (L∞) — the convention of the perturbations package's `adversarial-overlay`
   * (δ in [−1, 1]). Use {@link encodeOverlayTexture} for its texture.
   */
  perturbation: Float32Array
  /** Label-space index the untargeted attack suppresses (the clean top-1 unless overridden). */
  originalClass: number
  target?: number
  /** On the clean frame. */
  before: AttackedProbabilities
  /** On clean + δ. */
  after: AttackedProbabilities
  /** Top classes on clean + δ, most probable first. */
  top: ClassProbability[]
  /** max |δ| */
  linf: number
  /** ‖δ‖₂ over all pixels and channels */
  l2: number
}
