import { useEffect } from 'react'
import { modelRoleLabels } from '@perturber/viz'
import type { PerturberSession } from '../session/PerturberSession'
import { useSession } from '../session/useSession'

export interface FigureAttackProps {
  session: PerturberSession
  /** PGD steps to take; the attack starts over (and steps again) whenever the clean frame changes */
  steps: number
  /** the scene has loaded and rendered: attacking now attacks what the reader sees */
  ready: boolean
}

/**
 * The figure's adversarial attack: `steps` PGD steps on the attacked model of the session's state,
 * taken on their own (the app's "PGD step" button, pressed for the reader), with δ bound to the
 * scene's adversarial overlay, so that the overlay's Attack Alpha fades it in. Shows where the
 * attack stands.
 */
export function FigureAttack({ session, steps, ready }: FigureAttackProps) {
  const status = useSession(session, (s) => s.attack)
  const role = useSession(session, (s) => s.controls.attack.model)
  const model = useSession(session, (s) => (role === 'edited' ? s.editing.edited : s.slots[role].model))
  const name = useSession(session, (s) => (role === 'edited' ? null : s.slots[role].name))
  const taken = status.step ?? 0

  useEffect(() => {
    if (!ready || !model || status.busy || status.error || taken >= steps) return
    // a new clean frame (e.g. the reader orbited) starts over: wait until the scene settles
    const timer = setTimeout(() => session.attackStep(), taken === 0 ? 400 : 0)
    return () => clearTimeout(timer)
  }, [session, ready, model, status.busy, status.error, taken, steps])

  const who = name || modelRoleLabels[role]
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
