import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import type { PerturberSession } from '../session/PerturberSession'
import { sensitivityIndicators, type SensitivityIndicators } from './indicators'
import { SensitivityTracker, type SensitivityTrackerOptions, type SensitivityTrackerState } from './SensitivityTracker'

/** A sensitivity tracker of `session` for this component's lifetime (null on the first render, before it starts). */
export function useSensitivityTracker(session: PerturberSession, options?: SensitivityTrackerOptions): SensitivityTracker | null {
  const [tracker, setTracker] = useState<SensitivityTracker | null>(null)
  useEffect(() => {
    const created = new SensitivityTracker(session, options)
    setTracker(created)
    return () => {
      created.dispose()
      setTracker(null)
    }
    // the options are read once, as a session's are
  }, [session])
  return tracker
}

const noSubscription = () => () => {}

/** A slice of the tracker's state (undefined without a tracker); re-renders when it changes. */
export function useSensitivityState<T>(tracker: SensitivityTracker | null, selector: (state: SensitivityTrackerState) => T): T | undefined {
  return useSyncExternalStore(
    tracker ? tracker.store.subscribe : noSubscription,
    () => (tracker ? selector(tracker.store.getState()) : undefined),
  )
}

/** The controls' indicators from the tracker's latest results: one object while they do not change, so unchanged sliders skip rendering. */
export function useSensitivityIndicators(tracker: SensitivityTracker | null): SensitivityIndicators | undefined {
  const result = useSensitivityState(tracker, (s) => s.result)
  const previous = useSensitivityState(tracker, (s) => s.previous)
  const stale = useSensitivityState(tracker, (s) => s.stale)
  return useMemo(() => (result || previous ? sensitivityIndicators(result ?? null, previous ?? null, !!stale) : undefined), [result, previous, stale])
}
