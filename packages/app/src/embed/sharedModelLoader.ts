import type { ModelRuntime } from '@perturber/model-runtime'
import { runtimeModelLoader, type ModelLoader } from '../session/modelSlot'
import { sharedModelsOf } from './sharedModels'

/**
 * A session's model loader for the figures of a page: each URL is loaded once however many figures
 * show it ({@link sharedModelsOf}); files (which no figure state names) load as usual.
 */
export function sharedModelLoader(runtime: ModelRuntime): ModelLoader {
  const own = runtimeModelLoader(runtime)
  return (request, options) => {
    if (typeof request.source !== 'string') return own(request, options)
    const lease = sharedModelsOf(runtime).acquire({ url: request.source, descriptorUrl: request.descriptorUrl }, options.onProgress)
    return lease.model.then(
      (model) => ({ model, release: lease.release }),
      (e: unknown) => {
        lease.release()
        throw e
      },
    )
  }
}
