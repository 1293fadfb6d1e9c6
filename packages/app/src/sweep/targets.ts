import { defaultRegistry, type PerturbationRegistry } from '@perturber/perturbations'
import { sceneParamSpecs } from '@perturber/scene'
import { targetKey, targetLabel } from './spec'
import type { SweepTarget } from './types'

/** A parameter a sweep can vary, as a picker offers it, with its slider's range. */
export interface SweepTargetOption {
  key: string
  target: SweepTarget
  label: string
  group: string
  min: number
  max: number
  step: number
  /** where a fresh axis starts and ends: the whole range, or from the identity value */
  from: number
  to: number
}

/**
 * Every parameter a sweep can vary: the scene's (camera, lighting, morph…), every registered
 * perturbation's numeric parameters, and the attack's ε (L∞, in pixel units).
 */
export function sweepTargetOptions(registry: PerturbationRegistry = defaultRegistry): SweepTargetOption[] {
  const option = (target: SweepTarget, group: string, min: number, max: number, step: number, from = min, to = max): SweepTargetOption => ({ key: targetKey(target), target, label: targetLabel(target, registry), group, min, max, step, from, to })
  return [
    ...sceneParamSpecs.map((s) => option({ kind: 'scene', param: s.name }, s.group, s.min, s.max, s.step, s.group === 'Camera' && s.name === 'yaw' ? -70 : s.min, s.group === 'Camera' && s.name === 'yaw' ? 70 : s.max)),
    ...registry.list().flatMap((d) =>
      d.params.map((p) => {
        // from the identity towards the far end: the perturbation's effect grows along the axis
        const far = Math.abs(p.max - p.default) >= Math.abs(p.min - p.default) ? p.max : p.min
        return option({ kind: 'perturbation', id: d.id, param: p.name }, `Perturbation: ${d.group}`, p.min, p.max, p.step, p.default, far)
      }),
    ),
    option({ kind: 'attack', param: 'epsilon' }, 'Attack', 0.5 / 255, 32 / 255, 0.5 / 255, 0.5 / 255, 16 / 255),
  ]
}
