import type { AppState } from '../state/appState'
import { STATE_HASH_KEY, stateHash } from '../state/urlHash'
import type { PerturberSession } from './PerturberSession'

export interface StateMirrorOptions {
  /** keep the state in `location.hash` (`history.replaceState`: no history entry per slider move) */
  url?: boolean
  /** called with every new state, at most every `delayMs` */
  onChange?(state: AppState): void
  delayMs?: number
}

/**
 * Mirrors a session's state into the URL and/or a callback, at most every `delayMs` (250 by
 * default), and once right away. With `url`, a hash the user navigates to (a pasted link with a
 * state, in the same tab) reloads the page, which restores it like any link. Returns the stop
 * function, which flushes a pending change first.
 */
export function mirrorSessionState(session: PerturberSession, { url = false, onChange, delayMs = 250 }: StateMirrorOptions): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  let written: string | null = null
  const flush = () => {
    timer = null
    const state = session.getState()
    if (url) {
      written = stateHash(state)
      history.replaceState(history.state, '', `${location.pathname}${location.search}${written}`)
    }
    onChange?.(state)
  }
  const schedule = () => {
    if (timer === null) timer = setTimeout(flush, delayMs)
  }
  const onHashChange = () => {
    // only links with a state: an in-page anchor (#section) is none of the app's business
    if (location.hash !== written && new URLSearchParams(location.hash.slice(1)).has(STATE_HASH_KEY)) location.reload()
  }
  if (url) addEventListener('hashchange', onHashChange)
  schedule()
  const unsubscribe = session.subscribeState(schedule)
  return () => {
    unsubscribe()
    if (url) removeEventListener('hashchange', onHashChange)
    if (timer !== null) {
      clearTimeout(timer)
      flush()
    }
  }
}
