import type { PerturbationRegistry } from '@perturber/perturbations'
import type { AppState } from './appState'
import { decodeAppState, encodeAppState, type DecodedAppState } from './urlCodec'

/** The hash parameter that holds the state: `#state=<base64url JSON>`. */
export const STATE_HASH_KEY = 'state'

/** The location hash for a state, e.g. `#state=eyJ2IjoxLC…`. */
export const stateHash = (state: AppState) => `#${STATE_HASH_KEY}=${encodeAppState(state)}`

/**
 * The state a location hash holds: `fallback` without an error when the hash has no state (a plain
 * link), `fallback` with an error when it is corrupt or too large, and what was changed in it.
 */
export function stateFromHash(hash: string, fallback: AppState, registry?: PerturbationRegistry): DecodedAppState {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const text = params.get(STATE_HASH_KEY)
  if (text === null) return { state: fallback, error: null, adjustments: [] }
  return decodeAppState(text, fallback, registry)
}
