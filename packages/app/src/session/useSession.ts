import { useEffect, useState } from 'react'
import { useStore } from 'zustand'
import { PerturberSession, type PerturberSessionOptions, type SessionState } from './PerturberSession'

/**
 * A session for this component's lifetime: created from `options` (or by `create`) on first
 * render (later changes are ignored: the session owns its state from then on), started on mount,
 * disposed on unmount.
 */
export function usePerturberSession(options: PerturberSessionOptions | (() => PerturberSession)): PerturberSession {
  const [session] = useState(() => (typeof options === 'function' ? options() : new PerturberSession(options)))
  useEffect(() => session.retain(), [session])
  return session
}

/** Subscribes a component to a slice of the session's state (re-renders only when it changes). */
export function useSession<T>(session: PerturberSession, selector: (state: SessionState) => T): T {
  return useStore(session.store, selector)
}
