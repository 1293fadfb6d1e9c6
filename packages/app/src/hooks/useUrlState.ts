import { useEffect, useRef } from 'react'
import type { SceneStore } from '@perturber/scene'
import type { AppState } from '../state/appState'
import { STATE_HASH_KEY, stateHash } from '../state/urlHash'

/**
 * Mirrors the state into `location.hash` with `history.replaceState` (no history entry per slider
 * move), at most every `delayMs`, and reports it to `onChange`. Runs on every app-state change and
 * on every scene-store change. A hash the user navigates to (a pasted link with a state, in the same tab) reloads
 * the page, which restores it like any link.
 */
export function useUrlState(enabled: boolean, scene: SceneStore, getState: () => AppState, onChange?: (state: AppState) => void, delayMs = 250) {
  const live = useRef({ getState, onChange })
  live.current = { getState, onChange }
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const written = useRef<string | null>(null)

  useEffect(() => {
    if (!enabled) return
    const onHashChange = () => {
      // only links with a state: an in-page anchor (#section) is none of the app's business
      if (location.hash !== written.current && new URLSearchParams(location.hash.slice(1)).has(STATE_HASH_KEY)) location.reload()
    }
    addEventListener('hashchange', onHashChange)
    return () => removeEventListener('hashchange', onHashChange)
  }, [enabled])

  useEffect(() => {
    const flush = () => {
      timer.current = null
      const state = live.current.getState()
      if (enabled) {
        written.current = stateHash(state)
        history.replaceState(history.state, '', `${location.pathname}${location.search}${written.current}`)
      }
      live.current.onChange?.(state)
    }
    const schedule = () => {
      if (timer.current === null) timer.current = setTimeout(flush, delayMs)
    }
    schedule()
    const unsubscribe = scene.subscribe((next, previous) => {
      if (next.params !== previous.params || next.chain !== previous.chain || next.object !== previous.object || next.background !== previous.background) schedule()
    })
    return () => {
      unsubscribe()
      if (timer.current !== null) {
        clearTimeout(timer.current)
        flush()
      }
    }
  }, [enabled, scene, getState, delayMs])
}
