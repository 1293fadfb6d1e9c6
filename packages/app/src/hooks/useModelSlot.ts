import { useEffect, useRef, useState } from 'react'
import type { ModelRuntime, PerturberModel } from '@perturber/model-runtime'
import type { ModelSlotStatus } from '@perturber/viz'
import { fetchDescriptor } from '../modelIndex'

/** What a slot should hold: a model.json URL or the user's files; `key` identifies the request. */
export interface ModelSlotRequest {
  key: string
  source: string | File[]
  /** a descriptor.json to load the model with (see {@link fetchDescriptor}) */
  descriptorUrl?: string
}

export interface ModelSlotState {
  /** the loaded model; a failed load keeps the previous one, so the view keeps working */
  model: PerturberModel | null
  status: ModelSlotStatus
}

/**
 * Loads a slot's model whenever its request changes (null empties the slot), with progress and
 * the loader's error message for the slot to show. Models the slot lets go of are disposed on the
 * runtime's queue, after any inference already queued with them.
 */
export function useModelSlot(runtime: ModelRuntime | null, request: ModelSlotRequest | null): ModelSlotState {
  const [model, setModel] = useState<PerturberModel | null>(null)
  const [status, setStatus] = useState<ModelSlotStatus>({})
  const loadedKey = useRef<string | null>(null)
  const key = request?.key ?? null

  useEffect(() => {
    if (!runtime) return
    if (key === loadedKey.current) {
      // back to the model the slot still holds (e.g. after a failed load): nothing to load, no error
      setStatus({})
      return
    }
    if (!request) {
      loadedKey.current = null
      setModel(null)
      setStatus({})
      return
    }
    const controller = new AbortController()
    setStatus({ loading: { fraction: 0, message: 'Loading…' } })
    const descriptor = request.descriptorUrl ? fetchDescriptor(request.descriptorUrl, controller.signal) : Promise.resolve(undefined)
    const onProgress = ({ fraction, stage }: { fraction: number; stage: string }) =>
      !controller.signal.aborted && setStatus({ loading: { fraction, message: `${stage} ${Math.round(fraction * 100)}%` } })
    descriptor
      .then((descriptor) => runtime.load(request.source, { descriptor, signal: controller.signal, onProgress }))
      .then(
        (loaded) => {
          if (controller.signal.aborted) return void disposeModel(runtime, loaded)
          loadedKey.current = request.key
          setModel(loaded)
          setStatus({})
        },
        (e: unknown) => {
          if (controller.signal.aborted) return
          setStatus({ error: e instanceof Error ? e.message : String(e) })
        },
      )
    return () => controller.abort()
    // the request is identified by its key
  }, [runtime, key])

  // dispose a model once the slot holds another one (or the app unmounts)
  useEffect(() => {
    if (!model || !runtime) return
    return () => disposeModel(runtime, model)
  }, [runtime, model])

  return { model, status }
}

function disposeModel(runtime: ModelRuntime, model: PerturberModel) {
  void runtime.release(model).then(() => runtime.forward(() => model.dispose()))
}
