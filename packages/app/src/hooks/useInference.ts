import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { channelsKey, type FrameInput, type InferenceScheduler, type ModelRequest, type ModelRuntime } from '@perturber/model-runtime'
import type { FrameResultStore } from '@perturber/viz'

export interface InferenceState {
  /** offers a frame (latest frame wins); a no-op until the runtime is ready */
  submit(frame: FrameInput): void
  /** re-runs the latest frame, e.g. after an edit changed a model's weights */
  refresh(): void
  /** whether any inference is requested at all (no pixels need reading otherwise) */
  active: boolean
  /** the last inference error, cleared by the next result */
  error: string | null
  /** the runtime's scheduler behind it (null until the runtime is ready), e.g. to pace the scene */
  scheduler: InferenceScheduler | null
}

/**
 * Runs `requests` on every new frame through the runtime's latest-frame-wins scheduler and
 * publishes the results to `results`. Requests are compared by value, so re-rendering with equal
 * requests does not recompute.
 */
export function useInference(runtime: ModelRuntime | null, requests: readonly ModelRequest[], results: FrameResultStore): InferenceState {
  const [scheduler, setScheduler] = useState<InferenceScheduler | null>(null)
  const [error, setError] = useState<string | null>(null)
  const errorRef = useRef<string | null>(null)

  useEffect(() => {
    if (!runtime) return
    const created = runtime.createScheduler({
      onResult: (result) => {
        results.getState().publish(result)
        if (errorRef.current) setError((errorRef.current = null))
      },
      onError: (e, frameId) => setError((errorRef.current = `Inference failed on frame ${frameId}: ${e instanceof Error ? e.message : String(e)}`)),
    })
    setScheduler(created)
    return () => created.dispose()
  }, [runtime, results])

  const key = requestsKey(requests)
  const stable = useMemo(() => requests, [key])
  useEffect(() => {
    scheduler?.setRequests(stable)
  }, [scheduler, stable])

  const submit = useCallback((frame: FrameInput) => scheduler?.submit(frame), [scheduler])
  const refresh = useCallback(() => scheduler?.refresh(), [scheduler])
  return { submit, refresh, active: stable.length > 0, error, scheduler }
}

function requestsKey(requests: readonly ModelRequest[]): string {
  return JSON.stringify(requests.map(({ model, channels, ...rest }) => ({ ...rest, channels: channelsKey(channels), model: model.id })))
}
