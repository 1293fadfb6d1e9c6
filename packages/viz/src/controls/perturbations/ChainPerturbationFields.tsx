import { memo } from 'react'
import type { PerturbationDefinition, PerturbationError, PerturbationState } from '@perturber/perturbations'
import { PerturbationFields, type PerturbationPatch } from './PerturbationFields'
import type { ParamSensitivities } from './sensitivity'

export interface ChainPerturbationFieldsProps {
  definition: PerturbationDefinition
  state: PerturbationState
  errors: readonly PerturbationError[]
  /** stable across renders (it is called with the perturbation's id), so unchanged perturbations skip rendering */
  onPatch(id: string, patch: PerturbationPatch): void
  /** every parameter's sensitivity (the panel's whole map: one object, so unchanged fields still skip rendering) */
  sensitivity?: ParamSensitivities
}

/** {@link PerturbationFields} of one perturbation of the chain, memoized: it re-renders only when its state does. */
export const ChainPerturbationFields = memo(function ChainPerturbationFields({ definition, state, errors, onPatch, sensitivity }: ChainPerturbationFieldsProps) {
  return <PerturbationFields definition={definition} state={state} errors={errors} sensitivity={sensitivity} onChange={(patch) => onPatch(definition.id, patch)} />
})
