/**
 * Thrown when an edit would put non-finite values (NaN, ±Infinity) into the edited model because a
 * source model's weights hold them. The edited model keeps the weights it had before the edit.
 */
export class NonFiniteWeightsError extends Error {
  override readonly name = 'NonFiniteWeightsError'

  constructor(
    /** Layers whose source weights are not finite, with the model ("Model 1"/"Model 2") that holds them. */
    readonly offenders: readonly { layer: string; source: 'Model 1' | 'Model 2' }[],
  ) {
    super(
      `Edit rejected: non-finite weights (NaN or Infinity) in ` +
        offenders.map((o) => `layer "${o.layer}" of ${o.source}`).join(', ') +
        `. The edited model keeps its previous weights.`,
    )
  }

  /** Names of the offending layers. */
  get layers(): string[] {
    return [...new Set(this.offenders.map((o) => o.layer))]
  }
}
