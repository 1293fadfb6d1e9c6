import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { FeatureVisImage, FeatureVisParameterization } from '@perturber/model-runtime'
import { useLatest } from '../hooks/useLatest'
import type { FeatureVisGenerated, FeatureVisGenerator } from './types'

export type FeatureVisGenerationStatus =
  | { kind: 'idle' }
  /** `remainingMs`: the generator's estimate of the time left, when it gives one. */
  | { kind: 'running'; parameterization: FeatureVisParameterization; step: number; total: number; remainingMs?: number }
  | { kind: 'error'; parameterization: FeatureVisParameterization; message: string }

export interface FeatureVisGeneration {
  /** Generated images of this layer and channel, per parameterisation. */
  images: Partial<Record<FeatureVisParameterization, FeatureVisImage>>
  /** The generators' full answers (image and how the channel responded), per parameterisation. */
  results: Partial<Record<FeatureVisParameterization, FeatureVisGenerated>>
  status: FeatureVisGenerationStatus
  /** Starts generating (aborting a run in progress). */
  start(parameterization: FeatureVisParameterization): void
  /** Aborts the run in progress, if any. */
  cancel(): void
}

interface State {
  target: string
  results: FeatureVisGeneration['results']
  status: FeatureVisGenerationStatus
}

const idle: FeatureVisGenerationStatus = { kind: 'idle' }

/**
 * Runs `generate` for one tile with cancel semantics: one AbortController per run, aborted by
 * `cancel()`, by a new run, by a change of layer, channel or `resetKey` (whose images are then
 * dropped) and by unmounting. Late answers of a run that was superseded are ignored, so a
 * generator that ignores its signal cannot overwrite a newer state.
 */
export function useFeatureVisGeneration(generate: FeatureVisGenerator | undefined, layer: string, channel: number, resetKey?: string | number): FeatureVisGeneration {
  const target = `${layer}\u0000${channel}\u0000${resetKey ?? ''}`
  const [state, setState] = useState<State>({ target, results: {}, status: idle })
  const current = state.target === target ? state : { target, results: {}, status: idle }
  const controllerRef = useRef<AbortController | null>(null)
  const generateRef = useLatest(generate)
  const targetRef = useLatest({ target, layer, channel })

  useEffect(
    () => () => {
      controllerRef.current?.abort()
      controllerRef.current = null
    },
    [target],
  )

  const update = useCallback((run: AbortController, change: (previous: State) => State) => {
    if (controllerRef.current !== run) return
    setState((previous) => change(previous.target === targetRef.current.target ? previous : { target: targetRef.current.target, results: {}, status: idle }))
  }, [targetRef])

  const start = useCallback(
    (parameterization: FeatureVisParameterization) => {
      const generator = generateRef.current
      if (!generator) return
      controllerRef.current?.abort()
      const run = new AbortController()
      controllerRef.current = run
      const { layer, channel } = targetRef.current
      update(run, (s) => ({ ...s, status: { kind: 'running', parameterization, step: 0, total: 0 } }))
      const onProgress = ({ step, total, remainingMs }: { step: number; total: number; remainingMs?: number }) =>
        update(run, (s) => ({ ...s, status: { kind: 'running', parameterization, step, total, ...(remainingMs !== undefined ? { remainingMs } : {}) } }))
      let pending: Promise<FeatureVisGenerated>
      try {
        pending = generator(layer, channel, { parameterization, signal: run.signal, onProgress })
      } catch (error) {
        pending = Promise.reject(error)
      }
      pending.then(
        (result) => {
          update(run, (s) => ({ ...s, results: { ...s.results, [parameterization]: result }, status: idle }))
          if (controllerRef.current === run) controllerRef.current = null
        },
        (error: unknown) => {
          update(run, (s) => ({ ...s, status: isAbort(error) ? idle : { kind: 'error', parameterization, message: errorMessage(error) } }))
          if (controllerRef.current === run) controllerRef.current = null
        },
      )
    },
    [generateRef, targetRef, update],
  )

  const cancel = useCallback(() => {
    const run = controllerRef.current
    if (!run) return
    update(run, (s) => ({ ...s, status: idle }))
    controllerRef.current = null
    run.abort()
  }, [update])

  const images = useMemo(() => imagesOf(current.results), [current.results])
  return { images, results: current.results, status: current.status, start, cancel }
}

function imagesOf(results: FeatureVisGeneration['results']): FeatureVisGeneration['images'] {
  const images: FeatureVisGeneration['images'] = {}
  for (const [key, result] of Object.entries(results) as [FeatureVisParameterization, FeatureVisGenerated][]) images[key] = result.image
  return images
}

function isAbort(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError'
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name
  return String(error)
}
