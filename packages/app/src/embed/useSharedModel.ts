import { useEffect, useState } from 'react'
import type { ModelRuntime, PerturberModel } from '@perturber/model-runtime'
import type { ModelSlotStatus } from '@perturber/viz'
import { sharedModelsOf, type SharedModelRequest } from './sharedModels'

export interface SharedModelState {
  model: PerturberModel | null
  status: ModelSlotStatus
}

/**
 * A figure's model: loaded through the page's {@link sharedModelsOf} cache, so figures showing
 * the same URL share one copy. `request` null: no model. The loader's error is reported, not thrown.
 */
export function useSharedModel(runtime: ModelRuntime | null, request: SharedModelRequest | null): SharedModelState {
  const [state, setState] = useState<SharedModelState>({ model: null, status: {} })
  const url = request?.url ?? null
  const descriptorUrl = request?.descriptorUrl
  useEffect(() => {
    if (!runtime || url === null) {
      setState({ model: null, status: {} })
      return
    }
    let active = true
    setState({ model: null, status: { loading: { fraction: 0, message: 'Loading…' } } })
    const lease = sharedModelsOf(runtime).acquire({ url, descriptorUrl }, ({ fraction, stage }) => {
      if (active) setState({ model: null, status: { loading: { fraction, message: `${stage} ${Math.round(fraction * 100)}%` } } })
    })
    lease.model.then(
      (model) => active && setState({ model, status: {} }),
      (e: unknown) => active && setState({ model: null, status: { error: e instanceof Error ? e.message : String(e) } }),
    )
    return () => {
      active = false
      lease.release()
    }
  }, [runtime, url, descriptorUrl])
  return state
}
