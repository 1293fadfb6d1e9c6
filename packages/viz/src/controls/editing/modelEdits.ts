/**
 * The edits of the edited model as plain JSON, shaped like model-runtime's `EditState` (so
 * `edited.editState()` can be passed in and the panel's output to `edited.applyEditState()`):
 * defaults are left out, α = 0 (Model 1) and the range [0, 1] (keep all) are never stored.
 */
export interface ModelEdits {
  /** α ∈ [0, 1] per mixing unit (block or layer) */
  mix: Record<string, number>
  /** [r_l, r_u] per prunable layer */
  prune: Record<string, [number, number]>
}

export type EditingMode = 'mix' | 'prune'

export const FULL_RANGE: readonly [number, number] = [0, 1]

export const mixAlpha = (edits: ModelEdits, unit: string) => edits.mix[unit] ?? 0
export const pruneRangeOf = (edits: ModelEdits, layer: string): readonly [number, number] => edits.prune[layer] ?? FULL_RANGE

/** `edits` with one unit's α set (removed at 0). Other fields of `edits` (e.g. granularity) are kept. */
export function withMix<T extends ModelEdits>(edits: T, unit: string, alpha: number): T {
  const { [unit]: _previous, ...mix } = edits.mix
  return { ...edits, mix: alpha === 0 ? mix : { ...mix, [unit]: alpha } }
}

/** `edits` with one layer's pruning range set (removed at [0, 1]). */
export function withPrune<T extends ModelEdits>(edits: T, layer: string, range: readonly [number, number]): T {
  const { [layer]: _previous, ...prune } = edits.prune
  const full = range[0] <= 0 && range[1] >= 1
  return { ...edits, prune: full ? prune : { ...prune, [layer]: [range[0], range[1]] } }
}

/**
 * How many of a layer's O output channels the range [r_l, r_u] keeps: the ranks n with
 * r_l·O ≤ n < r_u·O, exactly as model-runtime's `pruneMask` ranks and keeps them (including its
 * snapping of r·O to the nearest 1e-9, so 0.07 · 100 counts as 7).
 */
export function keptChannelCount(range: readonly [number, number], outputChannels: number): number {
  const snap = (x: number) => Math.round(x * 1e9) / 1e9
  const first = Math.max(0, Math.ceil(snap(range[0] * outputChannels)))
  const end = Math.min(outputChannels, Math.ceil(snap(range[1] * outputChannels)))
  return Math.max(0, end - first)
}
