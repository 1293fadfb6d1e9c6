import { Fragment, useId } from 'react'
import type { PerturbationDefinition, PerturbationError, PerturbationState } from '@perturber/perturbations'
import { MAX_CUSTOM_LOOP_ITERATIONS } from '@perturber/perturbations/authoring'
import { ParamSlider } from '../primitives/ParamSlider'
import { perturbationSensitivityKey, type ParamSensitivities } from './sensitivity'
import { SensitivityIndicator } from './SensitivityIndicator'

export type PerturbationPatch = Partial<Omit<PerturbationState, 'id'>>

export interface PerturbationFieldsProps {
  definition: PerturbationDefinition
  state: PerturbationState
  onChange(patch: PerturbationPatch): void
  /** compile errors reported for this perturbation (the scene store's `perturbationErrors`) */
  errors?: readonly PerturbationError[]
  /** label of the enable checkbox; default "Enable <label>" */
  enableLabel?: string
  /** sensitivities by parameter key (`perturbation.<id>.<param>`): each shown under its slider */
  sensitivity?: ParamSensitivities
}

/**
 * The controls of one registered perturbation, generated from its definition: an enable toggle,
 * one slider per parameter of its schema (min, max, step; reset to its default) and, for a
 * perturbation with editable GLSL, the code with its compile error underneath. Moving a slider
 * or editing the code of a disabled perturbation enables it, since a change that shows no effect
 * would read as a broken control.
 */
export function PerturbationFields({ definition, state, onChange, errors = [], enableLabel, sensitivity }: PerturbationFieldsProps) {
  const titleId = useId()
  const codeId = useId()
  const errorId = useId()
  const enableIfChanged = (changed: boolean): PerturbationPatch => (changed && !state.enabled ? { enabled: true } : {})
  const source = definition.editableSource
  const code = state.source ?? source?.default ?? ''
  return (
    <fieldset className="pz-perturbation" aria-labelledby={titleId} data-enabled={state.enabled}>
      <legend>
        <input
          type="checkbox"
          aria-label={enableLabel ?? `Enable ${definition.label}`}
          checked={state.enabled}
          onChange={(event) => onChange({ enabled: event.target.checked })}
        />{' '}
        <span id={titleId} title={definition.description}>
          {definition.label}
        </span>
      </legend>
      {definition.params.map((spec) => {
        const indicator = sensitivity?.[perturbationSensitivityKey(definition.id, spec.name)]
        return (
          <Fragment key={spec.name}>
            <ParamSlider
              label={spec.label}
              description={spec.description}
              value={state.params[spec.name] ?? spec.default}
              min={spec.min}
              max={spec.max}
              step={spec.step}
              defaultValue={spec.default}
              onChange={(value) => onChange({ params: { [spec.name]: value }, ...enableIfChanged(value !== spec.default) })}
            />
            {indicator ? <SensitivityIndicator sensitivity={indicator} /> : null}
          </Fragment>
        )
      })}
      {source && (
        <div className="pz-code-field">
          <div className="pz-field" style={{ justifyContent: 'space-between' }}>
            <label htmlFor={codeId}>GLSL ({definition.label})</label>
            <button
              type="button"
              className="pz-reset"
              aria-label={`Reset ${definition.label} code`}
              title="Reset to the default snippet"
              disabled={code === source.default}
              onClick={() => onChange({ source: source.default })}
            >
              ↺
            </button>
          </div>
          <textarea
            id={codeId}
            className="pz-code"
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            rows={Math.min(12, Math.max(3, code.split('\n').length + 1))}
            value={code}
            aria-invalid={errors.length > 0}
            aria-describedby={errors.length > 0 ? errorId : undefined}
            onChange={(event) => onChange({ source: event.target.value, ...enableIfChanged(true) })}
          />
          <p className="pz-hint">
            Statements changing <code>color</code> (uses <code>uv</code>, <code>amount</code>). Loops: <code>for (int i = 0; i &lt; N; i++) {'{ … }'}</code> with
            number literals, at most {MAX_CUSTOM_LOOP_ITERATIONS} iterations per pixel; no <code>while</code>, <code>do</code> or <code>#</code> directives.
          </p>
        </div>
      )}
      {errors.length > 0 && (
        <p id={errorId} className="pz-error" aria-live="polite">
          {errors.map(describeError).join('\n')}
        </p>
      )}
    </fieldset>
  )
}

/** "Line 3: 'foo' : undeclared identifier. The pass keeps running your last working code." */
function describeError(error: PerturbationError): string {
  const where = error.line !== undefined ? `Line ${error.line}: ${error.message}` : error.message
  const running = error.running === 'previous' ? ' The pass keeps running your last working code.' : error.running === 'none' ? ' The pass is off until the code works.' : ''
  return `${where}${running}`
}
