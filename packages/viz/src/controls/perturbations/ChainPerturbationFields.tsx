import { memo } from 'react'
import type { PerturbationDefinition, PerturbationError, PerturbationState } from '@perturber/perturbations'
import { PerturbationFields, type PerturbationPatch } from './PerturbationFields'

export interface ChainPerturbationFieldsProps {
  definition: PerturbationDefinition
  state: PerturbationState
  errors: readonly PerturbationError[]
  /** stable across renders (it is called with the perturbation's id), so unchanged perturbations skip rendering */
  onPatch(id: string, patch: PerturbationPatch): void
}

/** {@link PerturbationFields} of one perturbation of the chain, memoized: it re-renders only when its state does. */
export const ChainPerturbationFields = memo(function ChainPerturbationFields({ definition, state, errors, onPatch }: ChainPerturbationFieldsProps) {
  return <PerturbationFields definition={definition} state={state} errors={errors} onChange={(patch) => onPatch(definition.id, patch)} />
})
