import { getConsoleFunction, setConsoleFunction } from 'three'

const CLOCK_DEPRECATION = 'THREE.Clock: This module has been deprecated.'

let installed = false

/**
 * react-three-fiber 9 (the latest) creates a `THREE.Clock` for every canvas, and three r183+
 * warns that Clock is deprecated each time: a warning users can do nothing about. While no one
 * else has set three's console function, ours drops exactly that message and forwards every other
 * one to `console` unchanged. Once r3f uses `THREE.Timer`, delete this file.
 */
export function quietClockWarning(): void {
  if (installed || getConsoleFunction()) return
  installed = true
  setConsoleFunction((type: string, message: string, ...params: unknown[]) => {
    if (typeof message === 'string' && message.startsWith(CLOCK_DEPRECATION)) return
    const log = (console as unknown as Record<string, (...args: unknown[]) => void>)[type] ?? console.log
    log(message, ...params)
  })
}
