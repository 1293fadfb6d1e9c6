import { useEffect, useMemo, useState } from 'react'
import type { PerturbationDefinition, PerturbationRegistry, PerturbationState } from '@perturber/perturbations'

/** A perturbation's state in the chain, or its default (disabled, default parameters) when absent. */
export function stateOf(chain: readonly PerturbationState[], registry: PerturbationRegistry, id: string): PerturbationState {
  return chain.find((s) => s.id === id) ?? registry.defaultState(id)
}

/**
 * The chain with one perturbation changed. A perturbation missing from the chain (registered
 * after the chain was made) is appended at its defaults first, so controls generated from the
 * registry always work.
 */
export function updateChain(
  chain: readonly PerturbationState[],
  registry: PerturbationRegistry,
  id: string,
  patch: Partial<Omit<PerturbationState, 'id'>>,
): PerturbationState[] {
  const apply = (s: PerturbationState): PerturbationState => ({ ...s, ...patch, params: { ...s.params, ...patch.params } })
  if (chain.some((s) => s.id === id)) return chain.map((s) => (s.id === id ? apply(s) : s))
  return [...chain, apply(registry.defaultState(id))]
}

/** The registry's definitions, re-read whenever a perturbation is registered or removed. */
export function useRegistryDefinitions(registry: PerturbationRegistry): PerturbationDefinition[] {
  const [version, setVersion] = useState(0)
  useEffect(() => registry.subscribe(() => setVersion((v) => v + 1)), [registry])
  // `version` is the registry's change counter: a dependency only, so that the list is re-read
  return useMemo(() => registry.list(), [registry, version])
}
