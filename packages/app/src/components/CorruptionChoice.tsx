import type { PerturbationRegistry } from '@perturber/perturbations'
import { IMAGENET_C_SEVERITIES, imagenetCIds, isHeldOut } from '../batch/corruptions'

export interface CorruptionChoiceValue {
  corruptions: string[]
  severities: number[]
}

/** Every ImageNet-C corruption of the registry at every severity: the benchmark's default. */
export function allCorruptions(registry: PerturbationRegistry): CorruptionChoiceValue {
  return { corruptions: imagenetCIds(registry), severities: [...IMAGENET_C_SEVERITIES] }
}

/** The corruption benchmark's choice of corruptions (the registry's ImageNet-C ones, held-out ones marked) and severities 1–5. */
export function CorruptionChoice({ registry, value, onChange, disabled }: { registry: PerturbationRegistry; value: CorruptionChoiceValue; onChange: (value: CorruptionChoiceValue) => void; disabled?: boolean }) {
  const ids = imagenetCIds(registry)
  const toggle = <T,>(list: readonly T[], item: T, on: boolean, order: readonly T[]) => order.filter((x) => (x === item ? on : list.includes(x)))
  return (
    <div className="pa-corruption-choice" style={{ display: 'grid', gap: 4 }}>
      <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
        <legend>Severities</legend>
        {IMAGENET_C_SEVERITIES.map((s) => (
          <label key={s} style={{ marginRight: 8 }}>
            <input type="checkbox" checked={value.severities.includes(s)} disabled={disabled} onChange={(e) => onChange({ ...value, severities: toggle(value.severities, s, e.target.checked, IMAGENET_C_SEVERITIES) })} /> {s}
          </label>
        ))}
      </fieldset>
      <details>
        <summary>
          Corruptions ({value.corruptions.length} of {ids.length})
        </summary>
        <fieldset aria-label="Corruptions" style={{ border: 0, padding: 0, margin: 0, columns: 2 }}>
          {ids.map((id) => (
            <label key={id} style={{ display: 'block' }}>
              <input type="checkbox" checked={value.corruptions.includes(id)} disabled={disabled} onChange={(e) => onChange({ ...value, corruptions: toggle(value.corruptions, id, e.target.checked, ids) })} /> {registry.get(id)?.label ?? id}
              {isHeldOut(id) ? <small> (held out)</small> : null}
            </label>
          ))}
        </fieldset>
      </details>
    </div>
  )
}
