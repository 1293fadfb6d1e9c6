import { useId, useMemo, type ReactNode } from 'react'
import type { PgdNorm } from '@perturber/model-runtime'
import { modelColors, modelRoleLabels, type ModelRole } from '../modelColors'
import { formatValue } from '../primitives/format'
import { ParamSlider } from '../primitives/ParamSlider'
import { SearchableSelect, type SelectOption } from '../primitives/SearchableSelect'
import { Segmented } from '../primitives/Segmented'
import { epsilonPixelTerms, epsilonSpec, formatStepTime, type AttackSettings } from './attackSettings'

const UNTARGETED = 'untargeted'
const untargetedOption: SelectOption = { id: UNTARGETED, label: 'Untargeted (suppress the top class)' }

/** What the app's attack is doing, shown by the PGD step button. */
export interface AttackStatus {
  /** a step is running: the button is disabled */
  busy?: boolean
  /** steps taken so far */
  step?: number
  message?: string
  error?: string | null
  /** where the attacked model's steps run and what one costs, once the runtime has timed it (`runtime.attackBackend`) */
  estimate?: AttackStepEstimate
  /** [height, width] of the frames attacked (the scene's render size), for the L2 ε scale */
  frameSize?: readonly [number, number]
  /** the factor δ is multiplied by in the "δ only" view (the overlay's Original Alpha at 0), so that it shows */
  deltaGain?: number
}

/** What a PGD step costs on the backend the runtime picked for the attacked model. */
export interface AttackStepEstimate {
  /** TF.js backend, e.g. `cpu`, `webgl` */
  backend: string
  /** a warm step, ms, as measured */
  stepMs: number
  /** how it was picked (what was timed, what skipped), shown on hover */
  reason?: string
}

export interface AttackSectionProps {
  value: AttackSettings
  onChange(value: AttackSettings): void
  /** class names of the attacking model's label set (label-space order) */
  labels?: readonly string[]
  /** which models can attack now (e.g. no edited model yet); all by default */
  availableModels?: Partial<Record<ModelRole, boolean>>
  onPgdStep?(): void
  /** drops the attack (the thesis: clicking the scene); the button shows when given */
  onResetAttack?(): void
  status?: AttackStatus
  /** [height, width] of the attacked image, for the L2 ε scale (default: `status.frameSize`, else 224×224) */
  frameSize?: readonly [number, number]
  /** the "δ only" view is on (the adversarial overlay shows grey + δ, amplified by `status.deltaGain`) */
  deltaOnly?: boolean
  /** switches the "δ only" view (the checkbox shows when given) */
  onDeltaOnlyChange?(on: boolean): void
  /** the overlay's own controls (Attack Alpha, Original Alpha), rendered below */
  children?: ReactNode
}

/**
 * The thesis' attack controls (§5.2.2): the model to attack with, the target class (searchable,
 * untargeted by default), ε and the norm, and a "PGD Step" button; each press is one step of
 * ε/8. Switching the norm resets ε to that norm's default, as the two are in different units.
 * Shows the expected time of a step once the runtime has timed it, and a "δ only" switch whose
 * view amplifies δ by the factor it names.
 */
export function AttackSection(props: AttackSectionProps) {
  const { value, onChange, labels = [], availableModels, onPgdStep, onResetAttack, status, deltaOnly = false, onDeltaOnlyChange, children } = props
  const frameSize = props.frameSize ?? status?.frameSize
  const targetId = useId()
  const spec = epsilonSpec(value.norm, frameSize?.[0], frameSize?.[1])
  const gain = status?.deltaGain
  const classOptions = useMemo(() => labels.map((name, index): SelectOption => ({ id: String(index), label: `${index}: ${name}` })), [labels])
  const modelOptions = (['model1', 'model2', 'edited'] as const).map((role) => ({
    value: role,
    label: modelRoleLabels[role],
    color: modelColors[role],
    disabled: availableModels?.[role] === false,
  }))
  return (
    <>
      <div className="pz-field">
        <span>Model</span>
        <Segmented label="Attack model" options={modelOptions} value={value.model} onChange={(model) => onChange({ ...value, model })} />
      </div>
      <div className="pz-field">
        <label htmlFor={targetId}>Target</label>
        <SearchableSelect
          id={targetId}
          label="Target class"
          options={classOptions}
          pinned={[untargetedOption]}
          value={value.target === null ? UNTARGETED : String(value.target)}
          placeholder="Search classes…"
          onChange={(id) => onChange({ ...value, target: id === UNTARGETED ? null : Number(id) })}
        />
      </div>
      <div className="pz-field">
        <span>Norm</span>
        <Segmented<PgdNorm>
          label="Attack norm"
          options={[
            { value: 'linf', label: 'L∞' },
            { value: 'l2', label: 'L2' },
          ]}
          value={value.norm}
          onChange={(norm) => onChange({ ...value, norm, epsilon: epsilonSpec(norm, frameSize?.[0], frameSize?.[1]).default })}
        />
      </div>
      <ParamSlider
        label="Epsilon"
        description={value.norm === 'linf' ? 'Largest change of any pixel channel, in 1/255.' : 'Euclidean length of the whole perturbation, pixel units.'}
        value={value.epsilon}
        min={spec.min}
        max={spec.max}
        step={spec.step}
        scale={spec.scale}
        unit={spec.unit}
        defaultValue={spec.default}
        onChange={(epsilon) => onChange({ ...value, epsilon })}
      />
      <p className="pz-hint" data-testid="attack-epsilon-hint">
        ε = {formatValue(value.epsilon, spec.step, spec.scale, spec.unit)} (
        {value.norm === 'linf' ? 'largest change of a pixel value in [0, 1]' : `length of the whole change: ${epsilonPixelTerms(value.epsilon, frameSize?.[0], frameSize?.[1])}`}); one step = ε/8
      </p>
      <div className="pz-field">
        <button type="button" className="pz-button pz-button-primary" disabled={!onPgdStep || status?.busy} aria-busy={!!status?.busy} onClick={onPgdStep}>
          {status?.busy ? 'PGD step…' : 'PGD step'}
        </button>
        {onResetAttack && (
          <button type="button" className="pz-button" disabled={status?.busy || !status?.step} onClick={onResetAttack}>
            Reset attack
          </button>
        )}
        <span className="pz-hint" role="status">
          {status?.message ?? (status?.step ? `${status.step} step${status.step === 1 ? '' : 's'}` : '')}
        </span>
      </div>
      {status?.estimate && (
        <p className="pz-hint" data-testid="attack-step-estimate" title={status.estimate.reason}>
          {formatStepTime(status.estimate.stepMs)} per step on TF.js' {status.estimate.backend} backend
        </p>
      )}
      {onDeltaOnlyChange && (
        <label className="pz-field" title="The adversarial overlay's Original Alpha at 0: grey plus δ, amplified so that it shows (what the models see then too)">
          <input type="checkbox" checked={deltaOnly} onChange={(event) => onDeltaOnlyChange(event.target.checked)} />
          <span data-testid="attack-delta-only">{gain && gain !== 1 ? `δ only, shown ×${gain}` : 'δ only'}</span>
        </label>
      )}
      {status?.error && (
        <p className="pz-error" role="alert">
          {status.error}
        </p>
      )}
      {children}
    </>
  )
}
