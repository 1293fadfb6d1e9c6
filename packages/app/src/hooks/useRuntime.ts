import { useEffect, useState } from 'react'
import { createModelRuntime, type ModelRuntime, type ModelRuntimeOptions } from '@perturber/model-runtime'

export interface RuntimeState {
  runtime: ModelRuntime | null
  error: string | null
}

// TF.js backends are global to the page: apps asking with the same options share one runtime
// (also what keeps React's StrictMode double mount from planning backends twice at once)
const shared = new Map<string, Promise<ModelRuntime>>()

function sharedRuntime(options: ModelRuntimeOptions = {}): Promise<ModelRuntime> {
  if (options.sharedContext) return createModelRuntime(options)
  const key = JSON.stringify(options)
  let runtime = shared.get(key)
  if (!runtime) {
    runtime = createModelRuntime(options)
    shared.set(key, runtime)
    runtime.catch(() => shared.delete(key))
  }
  return runtime
}

/**
 * The app's model runtime: the given one, or one for `options` (e.g. `wasmPaths`), shared by every
 * app on the page with the same options. A failure (no usable backend) is reported, not thrown.
 */
export function useRuntime(given?: ModelRuntime | Promise<ModelRuntime>, options?: ModelRuntimeOptions): RuntimeState {
  const [state, setState] = useState<RuntimeState>({ runtime: null, error: null })
  useEffect(() => {
    let cancelled = false
    Promise.resolve(given ?? sharedRuntime(options)).then(
      (runtime) => !cancelled && setState({ runtime, error: null }),
      (e: unknown) => !cancelled && setState({ runtime: null, error: `The model runtime could not start: ${e instanceof Error ? e.message : String(e)}` }),
    )
    return () => {
      cancelled = true
    }
    // options are read once: the runtime's backends are fixed for the page's lifetime
  }, [given])
  return state
}
