import { useEffect, useRef } from 'react'
import type { ModelRuntime, PerturberModel } from '@perturber/model-runtime'
import type { PerturbationRegistry } from '@perturber/perturbations'
import type { SceneStore } from '@perturber/scene'
import { modelRoleLabels, type AttackSettings, type ModelRole } from '@perturber/viz'
import { useAttack } from '../hooks/useAttack'
import type { SceneFrames } from '../hooks/useSceneFrames'

export interface FigureAttackProps {
  runtime: ModelRuntime | null
  models: Partial<Record<ModelRole, PerturberModel | null>>
  /** names to show for the models */
  names: Partial<Record<ModelRole, string>>
  settings: AttackSettings
  /** PGD steps to take; the attack starts over (and steps again) whenever the clean frame changes */
  steps: number
  scene: SceneStore
  frames: SceneFrames
  /** changes whenever the clean frame changes */
  sceneKey: string
  /** the scene has loaded and rendered: attacking now attacks what the reader sees */
  ready: boolean
  registry?: PerturbationRegistry
}

/**
 * The figure's adversarial attack: `steps` PGD steps on the attacked model, taken on their own
 * (the app's "PGD step" button, pressed for the reader), with δ bound to the scene's adversarial
 * overlay, so that the overlay's Attack Alpha fades it in. Shows where the attack stands.
 */
export function FigureAttack({ runtime, models, names, settings, steps, scene, frames, sceneKey, ready, registry }: FigureAttackProps) {
  const attack = useAttack(runtime, models, settings, scene, frames, sceneKey, registry)
  const { status } = attack
  // the latest step function, without restarting the timer below each time it is recreated
  const step = useRef(attack.step)
  step.current = attack.step
  const model = models[settings.model] ?? null
  const taken = status.step ?? 0

  useEffect(() => {
    if (!ready || !model || status.busy || status.error || taken >= steps) return
    // a new clean frame (e.g. the reader orbited) starts over: wait until the scene settles
    const timer = setTimeout(() => step.current(), taken === 0 ? 400 : 0)
    return () => clearTimeout(timer)
  }, [ready, model, status.busy, status.error, taken, steps])

  const who = names[settings.model] ?? modelRoleLabels[settings.model]
  const text = status.error
    ? null
    : !model
      ? `The attack starts when ${who} has loaded.`
      : taken < steps
        ? `Attacking ${who}: PGD step ${taken + 1} of ${steps}…`
        : `${steps} PGD steps on ${who}. ${status.message ?? ''}`
  return (
    <div className="pf-attack" data-testid="figure-attack" data-attack-step={taken} data-attack-steps={steps} data-attack-done={taken >= steps ? 'true' : 'false'}>
      {status.error ? (
        <div className="pa-error" role="alert">
          {status.error}
        </div>
      ) : (
        <span className="pa-status">{text}</span>
      )}
    </div>
  )
}
