/**
 * Long parses run as generators that `yield` at safe points (every few thousand lines or
 * elements); `runInSlices` drives one and hands the event loop a turn whenever a slice has
 * taken `sliceMs`, so the page keeps drawing and answering input while a big mesh loads.
 * `runToEnd` drives the same generator synchronously (the sync `parseObj`).
 */
export type Steps<T> = Generator<void, T, void>

/** How long one slice of parsing may hold the main thread, in milliseconds. */
export const SLICE_MS = 8

export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next()
    if (next.done) return next.value
  }
}

export async function runInSlices<T>(steps: Steps<T>, sliceMs = SLICE_MS): Promise<T> {
  let start = performance.now()
  for (;;) {
    const next = steps.next()
    if (next.done) return next.value
    if (performance.now() - start >= sliceMs) {
      await yieldToEventLoop()
      start = performance.now()
    }
  }
}

/** A new task: a MessageChannel message (no 4 ms clamp, unlike nested timers), else a timer. */
export function yieldToEventLoop(): Promise<void> {
  if (typeof MessageChannel !== 'function') return new Promise((resolve) => setTimeout(resolve, 0))
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel()
    port1.onmessage = () => {
      port1.close()
      resolve()
    }
    port2.postMessage(null)
  })
}
