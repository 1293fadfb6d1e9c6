/**
 * What a sample looks like as a scene: the base snapshot with the sample's values applied. The
 * same function serves the runner (what to render) and the importers (what a row must say), so
 * a file's `state.*` columns can be checked against the spec.
 */
import { defaultRegistry, type PerturbationRegistry, type PerturbationState } from '@perturber/perturbations'
import type { SceneSnapshot } from '@perturber/scene'
import { sanitizeSceneParams } from '@perturber/scene/core'
import type { SweepDesign, SweepTarget } from './types'

/** The targets a design varies, in the order of a sample's values. */
export function designTargets(design: SweepDesign): SweepTarget[] {
  return design.kind === 'grid' ? design.axes.map((a) => a.target) : design.ranges.map((r) => r.target)
}

/**
 * A new snapshot (`base` is left as it is) with the sample's scene parameters set and each varied
 * perturbation switched on with its parameter set; a perturbation missing from the chain is
 * appended with its defaults. The attack's ε is not part of the scene (see {@link sampleAttackEpsilon}).
 */
export function sampleScene(base: SceneSnapshot, design: SweepDesign, values: readonly number[], registry: PerturbationRegistry = defaultRegistry): SceneSnapshot {
  const targets = designTargets(design)
  if (values.length !== targets.length) throw new RangeError(`a sample of this design has ${targets.length} values, got ${values.length}`)
  const params: Record<string, number> = { ...base.params }
  const chain: PerturbationState[] = base.chain.map((s) => ({ ...s, params: { ...s.params } }))
  targets.forEach((target, i) => {
    if (target.kind === 'scene') params[target.param] = values[i]
    if (target.kind !== 'perturbation') return
    let state = chain.find((s) => s.id === target.id)
    if (!state) chain.push((state = registry.defaultState(target.id, true)))
    state.enabled = true
    const spec = registry.require(target.id).params.find((p) => p.name === target.param)
    // a grid step can land an ulp past its axis end; the chain holds its parameters in range
    state.params[target.param] = spec ? Math.min(spec.max, Math.max(spec.min, values[i])) : values[i]
  })
  return { params: sanitizeSceneParams(params), chain, object: { ...base.object }, background: { ...base.background } }
}

/** The sample's attack ε, or null when the design does not vary it (the base state's ε then holds). */
export function sampleAttackEpsilon(design: SweepDesign, values: readonly number[]): number | null {
  const i = designTargets(design).findIndex((t) => t.kind === 'attack')
  return i < 0 ? null : values[i]
}
