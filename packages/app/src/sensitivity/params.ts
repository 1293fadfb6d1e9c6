import type { PerturbationRegistry, PerturbationState } from '@perturber/perturbations'
import { sceneParamSpecs, type SceneParamName, type SceneSnapshot } from '@perturber/scene'
import { targetKey, targetLabel } from '../sweep/spec'

/** A parameter a sensitivity is computed for: a scene parameter or an enabled perturbation's (sweep targets' terms). */
export type SensitivityTarget = { kind: 'scene'; param: SceneParamName } | { kind: 'perturbation'; id: string; param: string }

/** What one unit of a parameter is, for "per degree" / "per pixel" / "per unit". */
export type SensitivityUnit = 'degree' | 'pixel' | 'radian' | 'unit'

/** A parameter with its slider's schema and its value in a state. */
export interface SensitivityParam {
  target: SensitivityTarget
  /** `scene.<name>` or `perturbation.<id>.<param>`, as sweep targets and the controls' indicators are keyed */
  key: string
  /** as the controls label it: `Yaw`, `Hue · Hue` */
  label: string
  min: number
  max: number
  step: number
  value: number
  unit: SensitivityUnit
}

/** The two values a derivative is taken between, and how. */
export interface DifferenceStep {
  from: number
  to: number
  /** `central` around the value (asymmetric near an end); `forward`/`backward` from the value itself, at an end of the range */
  scheme: 'central' | 'forward' | 'backward'
}

/** The fraction of a parameter's range a difference spans at least. */
export const STEP_FRACTION = 0.01

// a seed picks another noise pattern: nothing varies smoothly with it
const isSeed = (name: string) => /^seed$/i.test(name)

/** The unit of a parameter, from the scene's angles and the units perturbations put in their labels ("Radius (px)", "Angle (°)"). */
export function unitOf(target: SensitivityTarget, label: string): SensitivityUnit {
  if (target.kind === 'scene') return target.param === 'yaw' || target.param === 'pitch' || target.param === 'roll' ? 'degree' : 'unit'
  if (/°/.test(label)) return 'degree'
  if (/\bpx\)/.test(label)) return 'pixel'
  if (/\(rad\)/.test(label)) return 'radian'
  return 'unit'
}

/**
 * The parameters whose sensitivity a state has: every scene parameter, then the parameters of
 * every enabled perturbation in chain order (a disabled one does nothing at any value; a seed
 * has no derivative).
 */
export function sensitivityParams(scene: Pick<SceneSnapshot, 'params' | 'chain'>, registry: PerturbationRegistry): SensitivityParam[] {
  const ofScene = sceneParamSpecs.map((s): SensitivityParam => {
    const target: SensitivityTarget = { kind: 'scene', param: s.name }
    return { target, key: targetKey(target), label: s.label, min: s.min, max: s.max, step: s.step, value: scene.params[s.name], unit: unitOf(target, s.label) }
  })
  const perturbations = scene.chain
    .filter((state) => state.enabled)
    .flatMap((state) => {
      const definition = registry.get(state.id)
      if (!definition) return []
      return definition.params
        .filter((p) => !isSeed(p.name))
        .map((p): SensitivityParam => {
          const target: SensitivityTarget = { kind: 'perturbation', id: state.id, param: p.name }
          return { target, key: targetKey(target), label: targetLabel(target, registry), min: p.min, max: p.max, step: p.step, value: state.params[p.name] ?? p.default, unit: unitOf(target, p.label) }
        })
    })
  return [...ofScene, ...perturbations]
}

/**
 * Where to evaluate a parameter for its derivative: h = max(step, 1 % of the range) either side
 * (a slider step is the smallest change the user can make; 1 % keeps fine-stepped sliders above
 * rendering noise), clamped into the range: at an end the difference is one-sided from the value.
 */
export function differenceStep(param: Pick<SensitivityParam, 'min' | 'max' | 'step' | 'value'>): DifferenceStep {
  const { min, max, value } = param
  const h = Math.max(param.step, STEP_FRACTION * (max - min))
  const from = Math.max(min, value - h)
  const to = Math.min(max, value + h)
  return { from, to, scheme: from >= value ? 'forward' : to <= value ? 'backward' : 'central' }
}

/** The state with one parameter set to `value` (a perturbation's other parameters and the rest of the chain unchanged). */
export function withParam(scene: Pick<SceneSnapshot, 'params' | 'chain'>, target: SensitivityTarget, value: number): { params: SceneSnapshot['params']; chain: PerturbationState[] } {
  if (target.kind === 'scene') return { params: { ...scene.params, [target.param]: value }, chain: scene.chain }
  return { params: scene.params, chain: scene.chain.map((s) => (s.id === target.id ? { ...s, params: { ...s.params, [target.param]: value } } : s)) }
}
