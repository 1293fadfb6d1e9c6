import { createModelRuntime, type ModelRuntime, type ModelRuntimeOptions } from '@perturber/model-runtime'

// TF.js backends are global to the page: sessions asking with the same options share one runtime
// (also what keeps React's StrictMode double mount from planning backends twice at once)
const shared = new Map<string, Promise<ModelRuntime>>()

/** The page's runtime for `options` (created on first use; a failed one is forgotten, so the next asker tries again). */
export function sharedRuntime(options: ModelRuntimeOptions = {}): Promise<ModelRuntime> {
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
