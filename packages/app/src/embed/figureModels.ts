import type { AppModelConfig } from '../config'
import { loadModelIndex, ModelIndexError, readText } from '../modelIndex'
import { nameFromUrl } from '../state/modelSlots'
import { APP_STATE_LIMITS, isHttpOrRelativeUrl, quote } from '../state/stateText'
import { FigureConfigError } from './figureConfig'

/** The most of a `models` file a figure reads to tell a zoo index from a model.json (a model.json with its topology inline can be large). */
const MAX_MODELS_FILE_BYTES = 64 << 20

// every figure naming the same URL shares one request (an article's figures all name the zoo)
const cache = new Map<string, Promise<AppModelConfig[]>>()

/**
 * The models a figure's `models` attribute offers: a model zoo's `index.json` (its variants, as
 * the app offers them) or one TF.js `model.json` (offered as id `"model"`). Fails with a
 * {@link FigureConfigError} that names the URL and what was wrong with it (also for a URL that is
 * not http(s) or relative, or an index entry that is malformed).
 */
export function loadFigureModels(url: string, fetchImpl: typeof fetch = fetch): Promise<AppModelConfig[]> {
  if (url.length > APP_STATE_LIMITS.stringLength || !isHttpOrRelativeUrl(url)) {
    return Promise.reject(new FigureConfigError('models', `${quote(url)} is not an http(s) or relative URL.`))
  }
  const absolute = new URL(url, typeof location === 'undefined' ? 'http://localhost/' : location.href).href
  let models = cache.get(absolute)
  if (!models) {
    models = readModels(url, absolute, fetchImpl)
    cache.set(absolute, models)
    // a failure is not remembered: the file may be being rewritten, and the next figure tries again
    models.catch(() => cache.delete(absolute))
  }
  return models
}

async function readModels(url: string, absolute: string, fetchImpl: typeof fetch): Promise<AppModelConfig[]> {
  let response: Response
  try {
    response = await fetchImpl(absolute)
  } catch (e) {
    throw new FigureConfigError('models', `${url} could not be fetched (${e instanceof Error ? e.message : String(e)}).`)
  }
  if (!response.ok) throw new FigureConfigError('models', `${url} could not be fetched (HTTP ${response.status}).`)
  const text = await readText(response, MAX_MODELS_FILE_BYTES, () => new FigureConfigError('models', `${url} is larger than ${MAX_MODELS_FILE_BYTES} bytes.`))
  let json: Record<string, unknown>
  try {
    json = JSON.parse(text)
  } catch {
    throw new FigureConfigError('models', `${url} is not JSON: expected a model zoo index.json or a TF.js model.json.`)
  }
  if (json && Array.isArray(json.models)) {
    // the index as it was fetched (no second request), read the way the app reads it
    const index = await loadModelIndex(absolute, async () => new Response(text, { headers: { 'content-type': 'application/json' } })).catch((e: unknown) => {
      throw e instanceof ModelIndexError ? new FigureConfigError('models', e.message) : e
    })
    if (!index || index.models.length === 0) throw new FigureConfigError('models', `${url} lists no models.`)
    return index.models
  }
  if (json && (json.modelTopology !== undefined || json.weightsManifest !== undefined)) return [{ id: 'model', name: nameFromUrl(absolute), url: absolute }]
  throw new FigureConfigError('models', `${url} is neither a model zoo index.json (with a "models" list) nor a TF.js model.json (with "modelTopology").`)
}
