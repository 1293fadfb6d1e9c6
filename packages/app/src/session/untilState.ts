import type { StoreApi } from 'zustand/vanilla'

/**
 * Resolves once `predicate` holds for the store's state (checked on every change, and polled:
 * some of what it reads changes outside the store), rejects once `disposed()` says so.
 */
export function untilState<S>(store: StoreApi<S>, predicate: (state: S) => boolean, disposed: () => boolean, what = 'The Perturber session'): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (disposed()) reject(new Error(`${what} was disposed.`))
      else if (predicate(store.getState())) resolve()
      else return false
      return true
    }
    if (check()) return
    const timer = setInterval(() => check() && stop(), 50)
    const unsubscribe = store.subscribe(() => check() && stop())
    const stop = () => (clearInterval(timer), unsubscribe())
  })
}
