import { useMemo } from 'react'
import type { PerturbationRegistry } from '@perturber/perturbations'
import { NumberField, Segmented } from '@perturber/viz/primitives'
import { parseSweepSpec, targetKey } from '../sweep/spec'
import { sweepTargetOptions, type SweepTargetOption } from '../sweep/targets'
import { SWEEP_LIMITS, type SweepDesign } from '../sweep/types'

/** The sweep form's state: what the user is choosing, checked only when turned into a design. */
export interface SweepDesignDraft {
  mode: '1d' | '2d' | 'random'
  axes: { key: string; from: number; to: number; steps: number }[]
  samples: number
  seed: number
}

export const defaultSweepDesign: SweepDesignDraft = {
  mode: '1d',
  axes: [
    { key: 'scene.yaw', from: -70, to: 70, steps: 15 },
    { key: 'perturbation.alpha.alpha', from: 1, to: 0, steps: 10 },
  ],
  samples: 200,
  seed: 1,
}

/** A design (e.g. a link's) as the form shows it. */
export function draftOf(design: SweepDesign): SweepDesignDraft {
  const rows = design.kind === 'grid' ? design.axes.map((a) => ({ key: targetKey(a.target), from: a.from, to: a.to, steps: a.steps })) : design.ranges.map((r) => ({ key: targetKey(r.target), from: r.min, to: r.max, steps: 10 }))
  const axes = [...rows, ...defaultSweepDesign.axes.filter((a) => !rows.some((r) => r.key === a.key))].slice(0, Math.max(2, rows.length))
  const mode = design.kind === 'random' ? 'random' : design.axes.length === 2 ? '2d' : '1d'
  return { mode, axes, samples: design.kind === 'random' ? design.samples : defaultSweepDesign.samples, seed: design.kind === 'random' ? design.seed : defaultSweepDesign.seed }
}

/** The draft as a design, or what is wrong with it in the user's terms (the sweep spec's own checks). */
export function designOf(draft: SweepDesignDraft, registry: PerturbationRegistry): SweepDesign | string {
  const options = sweepTargetOptions(registry)
  const used = draft.axes.slice(0, draft.mode === '1d' ? 1 : draft.mode === '2d' ? 2 : draft.axes.length)
  const targets = used.map((a) => options.find((o) => o.key === a.key)?.target)
  if (targets.some((t) => !t)) return 'Pick a parameter for every axis.'
  const design: SweepDesign =
    draft.mode === 'random'
      ? { kind: 'random', samples: draft.samples, seed: draft.seed, ranges: used.map((a, i) => ({ target: targets[i]!, min: Math.min(a.from, a.to), max: Math.max(a.from, a.to) })) }
      : { kind: 'grid', axes: used.map((a, i) => ({ target: targets[i]!, from: a.from, to: a.to, steps: a.steps })) as [never] }
  try {
    return parseSweepSpec({ version: 1, design, record: {} }, registry).design
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  }
}

export interface SweepDesignFieldsProps {
  value: SweepDesignDraft
  onChange: (value: SweepDesignDraft) => void
  registry: PerturbationRegistry
  disabled?: boolean
}

/** One or two parameters with ranges and steps, or random states with a seed. */
export function SweepDesignFields({ value, onChange, registry, disabled }: SweepDesignFieldsProps) {
  const options = useMemo(() => sweepTargetOptions(registry), [registry])
  const groups = useMemo(() => [...new Set(options.map((o) => o.group))], [options])
  const count = value.mode === '1d' ? 1 : value.mode === '2d' ? 2 : value.axes.length
  const setAxis = (i: number, patch: Partial<SweepDesignDraft['axes'][number]>) => onChange({ ...value, axes: value.axes.map((a, j) => (j === i ? { ...a, ...patch } : a)) })
  const pickTarget = (i: number, option: SweepTargetOption) => setAxis(i, { key: option.key, from: option.from, to: option.to })
  return (
    <fieldset className="pa-sweep-design" disabled={disabled} style={{ border: 0, padding: 0, margin: 0, display: 'grid', gap: 6 }}>
      <Segmented
        label="Sweep design"
        value={value.mode}
        options={[
          { value: '1d', label: '1 parameter' },
          { value: '2d', label: '2 parameters' },
          { value: 'random', label: 'Random states' },
        ]}
        onChange={(mode) => onChange({ ...value, mode })}
      />
      {value.axes.slice(0, count).map((axis, i) => {
        const option = options.find((o) => o.key === axis.key) ?? options[0]
        const name = value.mode === 'random' ? `Parameter ${i + 1}` : i === 0 ? 'x axis' : 'y axis'
        return (
          <div key={i} className="pa-sweep-axis" style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center' }}>
            <select aria-label={`${name} parameter`} value={option.key} onChange={(e) => pickTarget(i, options.find((o) => o.key === e.target.value)!)}>
              {groups.map((group) => (
                <optgroup key={group} label={group}>
                  {options
                    .filter((o) => o.group === group)
                    .map((o) => (
                      <option key={o.key} value={o.key}>
                        {o.label}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
            <span>from</span>
            <NumberField label={`${name} from`} value={axis.from} min={option.min} max={option.max} step={option.step} onChange={(from) => setAxis(i, { from })} />
            <span>to</span>
            <NumberField label={`${name} to`} value={axis.to} min={option.min} max={option.max} step={option.step} onChange={(to) => setAxis(i, { to })} />
            {value.mode === 'random' ? null : (
              <>
                <span>in</span>
                <NumberField label={`${name} steps`} value={axis.steps} min={2} max={SWEEP_LIMITS.axisSteps} step={1} onChange={(steps) => setAxis(i, { steps: Math.round(steps) })} />
                <span>steps</span>
              </>
            )}
          </div>
        )
      })}
      {value.mode === 'random' ? (
        <div className="pa-sweep-random" style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
          <NumberField label="Random samples" value={value.samples} min={1} max={SWEEP_LIMITS.samples} step={1} onChange={(samples) => onChange({ ...value, samples: Math.round(samples) })} />
          <span>samples, seed</span>
          <NumberField label="Random seed" value={value.seed} min={0} max={2 ** 32 - 1} step={1} onChange={(seed) => onChange({ ...value, seed: Math.round(seed) })} />
        </div>
      ) : null}
    </fieldset>
  )
}
