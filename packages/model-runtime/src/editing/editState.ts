import { assertPruneRange } from './pruneMask'

/** One α per block (all its layers share it, as in the thesis' tool) or one per layer. */
export type MixGranularity = 'block' | 'layer'

/**
 * Everything an edited model's weights depend on besides its two source models, as plain JSON
 * (e.g. for a URL). Defaults are left out: units missing from `mix` are at α = 0 (Model 1), layers
 * missing from `prune` keep [0, 1].
 */
export interface EditState {
  granularity: MixGranularity
  /** α ∈ [0, 1] per mixing unit (block or layer name, per `granularity`). */
  mix: Record<string, number>
  /** [r_l, r_u] per prunable layer. */
  prune: Record<string, [number, number]>
}

/** Throws a RangeError unless α is a number in [0, 1]. */
export function assertAlpha(alpha: number, where: string): void {
  if (!(Number.isFinite(alpha) && alpha >= 0 && alpha <= 1)) {
    throw new RangeError(`${where}: α must be a number in [0, 1], got ${alpha}.`)
  }
}

/**
 * Checks an untrusted state (e.g. parsed from a URL) against the units and layers a model has.
 * Throws one error listing every problem.
 */
export function validateEditState(
  state: EditState,
  granularity: MixGranularity,
  units: ReadonlySet<string>,
  prunable: ReadonlySet<string>,
): void {
  const problems: string[] = []
  if (state?.granularity !== granularity) {
    problems.push(`granularity is "${state?.granularity}", but this edited model mixes per ${granularity}`)
  }
  for (const [unit, alpha] of Object.entries(state?.mix ?? {})) {
    if (!units.has(unit)) problems.push(`no mixing ${granularity} "${unit}"`)
    else collect(problems, () => assertAlpha(alpha, `mix "${unit}"`))
  }
  for (const [layer, range] of Object.entries(state?.prune ?? {})) {
    if (!prunable.has(layer)) problems.push(`no prunable layer "${layer}"`)
    else if (!Array.isArray(range) || range.length !== 2) problems.push(`prune "${layer}": expected [r_l, r_u]`)
    else collect(problems, () => assertPruneRange(range as [number, number], `prune "${layer}"`))
  }
  if (problems.length > 0) throw new Error(`Invalid edit state:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
}

function collect(problems: string[], check: () => void) {
  try {
    check()
  } catch (error) {
    problems.push((error as Error).message)
  }
}
