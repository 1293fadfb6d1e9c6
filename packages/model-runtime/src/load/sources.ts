import { DESCRIPTOR_FILE, LABELS_FILE, MAX_DESCRIPTOR_BYTES, descriptorTooLarge } from './descriptorJson'
import { ModelLoadError, abortError, isAbort, throwIfAborted } from './errors'
import { assertWithinLimit } from './modelJson'

/** Default for `LoadModelOptions.stallTimeoutMs`: a download that receives nothing for 30 s fails. */
export const DEFAULT_STALL_TIMEOUT_MS = 30_000

/** URL schemes a model (or descriptor) may be fetched from; relative URLs resolve against the page. */
const ACCEPTED_SCHEMES = ['http:', 'https:']

/**
 * Refuses a URL that is not http(s) or relative (`javascript:`, `data:`, `file:`, `blob:`, …)
 * before anything is fetched, so the failure is not blamed on the network.
 */
export function checkUrl(url: string, what: 'model' | 'descriptor'): void {
  let scheme: string | undefined
  try {
    scheme = new URL(url).protocol
  } catch {
    return // relative: resolved against the page, which serves it
  }
  if (ACCEPTED_SCHEMES.includes(scheme)) return
  const shown = JSON.stringify(url.length > 80 ? `${url.slice(0, 80)}…` : url)
  const instead = what === 'model' ? ' To load a model from your computer, select its files instead.' : ''
  throw new ModelLoadError(
    'invalid-url',
    `Cannot load ${what === 'model' ? 'a model' : 'a descriptor'} from ${shown}: it is a ${scheme} URL, and only http: and https: URLs (or paths relative to this page) are accepted.${instead}`,
    url,
  )
}

/** The subset of `fetch` the loader uses; pass your own to add headers, caching or test doubles. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>

/** A model.json plus a way to get the weight files it lists, from wherever they live. */
export interface ModelSource {
  /** model.json's name or URL, for messages. */
  jsonName: string
  /** A name for the descriptor when the caller gives none (the model's folder, else the file name). */
  defaultName: string
  /** model.json's URL, against which a descriptor embedded in it resolves relative paths (none for files). */
  baseUrl?: string
  readJson(onFraction: (f: number) => void): Promise<string>
  /** The descriptor.json that comes with the model (next to it, or among the files), or undefined when there is none. */
  readDescriptor(signal: AbortSignal | undefined): Promise<DescriptorText | undefined>
  /** The labels.json that comes with the model (next to it, or among the files), or undefined when there is none. */
  readLabels(signal: AbortSignal | undefined): Promise<DescriptorText | undefined>
  /** Throws `missing-shard` for the first listed path that cannot be provided, before any download where possible. */
  checkShards(paths: readonly string[]): void
  /** The bytes of one weight file; `onBytes` receives byte counts as they arrive. */
  readShard(path: string, onBytes: (n: number) => void, signal: AbortSignal): Promise<ArrayBuffer>
}

/** A descriptor.json's text; `baseUrl` (its own URL) resolves the relative paths in it. */
export interface DescriptorText {
  text: string
  /** for messages: the file name or URL */
  where: string
  baseUrl?: string
}

// ---------------------------------------------------------------------------------------------
// Files picked by the user (<input type=file multiple>, drag and drop)

/** The file a manifest path refers to: paths are matched by their last segment (browsers give names only). */
const baseName = (path: string) => {
  const last = path.slice(path.lastIndexOf('/') + 1)
  try {
    return decodeURIComponent(last)
  } catch {
    return last
  }
}

/** The roles of files picked together: the model.json (if one can be told), its descriptor, labels and weight files. */
function sortFiles(files: readonly File[]) {
  const descriptor = files.find((f) => f.name.toLowerCase() === DESCRIPTOR_FILE)
  const labels = files.find((f) => f.name.toLowerCase() === LABELS_FILE)
  const jsonFiles = files.filter((f) => f !== descriptor && f !== labels && f.name.toLowerCase().endsWith('.json'))
  const json = jsonFiles.length === 1 ? jsonFiles[0] : jsonFiles.find((f) => f.name === 'model.json')
  const weightFiles = files.filter((f) => f !== json && f !== descriptor && f !== labels && !f.name.toLowerCase().endsWith('.json'))
  return { json, jsonFiles, descriptor, labels, weightFiles }
}

/**
 * The name a model picked as `files` gets when no descriptor names it ({@link filesModelName}), to
 * label it before it loads; "model" when the files hold no recognisable model.json.
 */
export function modelNameOfFiles(files: readonly File[]): string {
  const { json, weightFiles } = sortFiles(files)
  return json ? filesModelName(json, weightFiles) : 'model'
}

export function filesSource(files: readonly File[], maxBytes: number): ModelSource {
  const names = files.map((f) => f.name)
  const listing = names.length > 6 ? `${names.slice(0, 6).join(', ')}, … (${names.length} files)` : names.join(', ')
  const { json, jsonFiles, descriptor, labels, weightFiles } = sortFiles(files)
  if (!json) {
    const others = [descriptor, labels].filter((f): f is File => !!f).map((f) => f.name)
    const why = jsonFiles.length === 0 ? `no .json file${others.length ? ` besides ${others.join(' and ')}` : ''}` : `several .json files and none is named model.json`
    throw new ModelLoadError('not-a-model', `Select model.json together with its weight files: the selection (${listing || 'empty'}) has ${why}.`)
  }
  const total = files.reduce((n, f) => n + f.size, 0)
  assertWithinLimit(total, maxBytes, `The selected files hold`)
  const byName = new Map<string, File>()
  for (const file of files) if (!byName.has(file.name)) byName.set(file.name, file)
  return {
    jsonName: json.name,
    defaultName: filesModelName(json, weightFiles),
    async readJson(onFraction) {
      const text = new TextDecoder().decode(await json.arrayBuffer())
      onFraction(1)
      return text
    },
    async readDescriptor() {
      if (!descriptor) return undefined
      if (descriptor.size > MAX_DESCRIPTOR_BYTES) throw descriptorTooLarge(descriptor.name, descriptor.size)
      return { text: new TextDecoder().decode(await descriptor.arrayBuffer()), where: descriptor.name }
    },
    async readLabels() {
      if (!labels) return undefined
      if (labels.size > MAX_DESCRIPTOR_BYTES) throw descriptorTooLarge(labels.name, labels.size)
      return { text: new TextDecoder().decode(await labels.arrayBuffer()), where: labels.name }
    },
    checkShards(paths) {
      const missing = paths.filter((p) => !byName.has(baseName(p)))
      if (missing.length > 0) {
        const which = missing.length === 1 ? `${missing[0]}, which is` : `${missing.length} weight files (${missing.slice(0, 4).join(', ')}${missing.length > 4 ? ', …' : ''}), which are`
        throw new ModelLoadError('missing-shard', `${json.name} lists ${which} not among the selected files (${listing}).`, missing[0])
      }
    },
    async readShard(path, onBytes, signal) {
      throwIfAborted(signal, json.name)
      const data = await byName.get(baseName(path))!.arrayBuffer()
      throwIfAborted(signal, json.name)
      onBytes(data.byteLength)
      return data
    },
  }
}

/**
 * A name for a model picked as files: its folder (`webkitRelativePath`, when a folder was picked or
 * dropped), else its model.json's name without extension when that is not just "model", else what
 * the weight files' names share (`mobilenet_v2-group1-shard1of4.bin` … → "mobilenet_v2"), else "model".
 */
export function filesModelName(json: File, weightFiles: readonly File[]): string {
  const folder = (json as File & { webkitRelativePath?: string }).webkitRelativePath?.split('/').slice(-2, -1)[0]
  if (folder) return folder
  const own = json.name.replace(/\.json$/i, '').trim()
  if (own && own.toLowerCase() !== 'model') return own
  const names = weightFiles.map((f) => f.name.replace(/\.[A-Za-z0-9]+$/, ''))
  let prefix = names[0] ?? ''
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1)
  // drop what converters append (group1-shard1of4, shard, weights) and the separators before it
  for (let previous = ''; previous !== prefix; ) {
    previous = prefix
    prefix = prefix.replace(/(^|[-_. ]+)(group\d*(-?shard\d*(of\d*)?)?|shard\d*(of\d*)?|weights?|model)$/i, '').replace(/[-_. ]+$/, '')
  }
  return prefix || 'model'
}

// ---------------------------------------------------------------------------------------------
// URLs

/** Shard URL the way TF.js resolves it: next to model.json, keeping model.json's query string. */
export function shardUrl(modelUrl: string, path: string): string {
  const slash = modelUrl.lastIndexOf('/')
  const query = modelUrl.lastIndexOf('?')
  const suffix = query > slash ? modelUrl.slice(query) : ''
  return `${modelUrl.slice(0, slash + 1)}${path}${suffix}`
}

export function urlSource(url: string, fetchFn: FetchLike, maxBytes: number, signal: AbortSignal | undefined, stallMs: number = DEFAULT_STALL_TIMEOUT_MS): ModelSource {
  const path = url.split('?')[0]
  const segments = path.split('/').filter(Boolean)
  const file = segments[segments.length - 1] ?? url
  const folder = segments.length > 1 ? segments[segments.length - 2] : ''
  // every byte received counts against maxBytes, whatever the headers or the manifest claim
  let received = 0
  const count = (n: number) => {
    received += n
    assertWithinLimit(received, maxBytes, `The download reached`)
  }
  return {
    jsonName: url,
    defaultName: (folder && !folder.includes(':') ? folder : file.replace(/\.json$/i, '')) || 'model',
    baseUrl: url,
    async readJson(onFraction) {
      const response = await request(fetchFn, url, signal, url, stallMs)
      if (!response.ok) {
        throw new ModelLoadError('fetch-failed', `Could not fetch ${url}: HTTP ${response.status} ${response.statusText}`.trim() + '.', url)
      }
      const length = Number(response.headers.get('content-length')) || 0
      if (length > 0) assertWithinLimit(length, maxBytes, `${url} is`, url)
      let got = 0
      const data = await readBody(response, signal, url, (n) => {
        count(n)
        got += n
        if (length > 0) onFraction(got / length)
      }, stallMs, url)
      onFraction(1)
      return new TextDecoder().decode(data)
    },
    readDescriptor(descriptorSignal) {
      return fetchDescriptorText(fetchFn, shardUrl(url, DESCRIPTOR_FILE), descriptorSignal, false, stallMs)
    },
    readLabels(labelsSignal) {
      return fetchDescriptorText(fetchFn, shardUrl(url, LABELS_FILE), labelsSignal, false, stallMs)
    },
    checkShards() {
      // a server can only tell by answering: missing shards surface as 404s in readShard
    },
    async readShard(shardPath, onBytes, shardSignal) {
      const shard = shardUrl(url, shardPath)
      const response = await request(fetchFn, shard, shardSignal, url, stallMs)
      if (response.status === 404 || response.status === 410) {
        throw new ModelLoadError('missing-shard', `${file} lists ${shardPath}, but ${shard} answers HTTP ${response.status} ${response.statusText}`.trim() + '.', shardPath)
      }
      if (!response.ok) {
        throw new ModelLoadError('fetch-failed', `Could not fetch weight file ${shard}: HTTP ${response.status} ${response.statusText}`.trim() + '.', shardPath)
      }
      return readBody(response, shardSignal, url, (n) => {
        count(n)
        onBytes(n)
      }, stallMs, shard)
    },
  }
}

/**
 * The descriptor.json at `url`. When `required` is false (the file next to model.json, which most
 * models lack) anything but a file that is there and too large is "no descriptor": an HTTP error,
 * a network or CORS failure, a dev server's HTML page. Only an abort rejects then.
 */
export async function fetchDescriptorText(fetchFn: FetchLike, url: string, signal: AbortSignal | undefined, required: boolean, stallMs = DEFAULT_STALL_TIMEOUT_MS): Promise<DescriptorText | undefined> {
  const none = (why: string, cause?: unknown) => {
    if (required) throw new ModelLoadError('fetch-failed', `Could not fetch the descriptor ${url}: ${why}.`, url, { cause })
    return undefined
  }
  let response: Response
  try {
    response = await request(fetchFn, url, signal, url, stallMs)
  } catch (e) {
    // a server that answers nothing at all is not "no file": waiting forever is the alternative
    if (required || (e instanceof ModelLoadError && (e.code === 'aborted' || e.code === 'stalled'))) throw e
    return undefined
  }
  if (!response.ok) {
    void response.body?.cancel().catch(() => undefined)
    return none(`HTTP ${response.status} ${response.statusText}`.trim())
  }
  const html = 'the server answers with an HTML page'
  if ((response.headers.get('content-type') ?? '').includes('html')) {
    void response.body?.cancel().catch(() => undefined)
    return none(html)
  }
  const length = Number(response.headers.get('content-length')) || 0
  if (length > MAX_DESCRIPTOR_BYTES) {
    void response.body?.cancel().catch(() => undefined)
    throw descriptorTooLarge(url, length)
  }
  let received = 0
  let data: ArrayBuffer
  try {
    data = await readBody(response, signal, url, (n) => {
      received += n
      if (received > MAX_DESCRIPTOR_BYTES) throw descriptorTooLarge(url, received)
    }, stallMs, url)
  } catch (e) {
    if (e instanceof ModelLoadError && e.code === 'fetch-failed') return none('the download broke off', e)
    throw e
  }
  const text = new TextDecoder().decode(data)
  return /^\s*</.test(text) ? none(html) : { text, where: url, baseUrl: url }
}

/** The `stalled` error: nothing arrived from `url` for `ms`. */
function stalledError(url: string, ms: number): ModelLoadError {
  const file = url.split('?')[0].split('/').filter(Boolean).pop() ?? url
  return new ModelLoadError(
    'stalled',
    `Downloading ${file} stalled: nothing arrived from ${url} for ${ms / 1000} s (options.stallTimeoutMs), so the load was stopped. The server may be overloaded or the connection lost; try again.`,
    file,
  )
}

/**
 * `promise`, or a rejection when `signal` aborts or nothing settles it within `stallMs` (then
 * `cancel` stops what is under way). Leaves no timer or listener behind.
 */
function guarded<T>(promise: Promise<T>, signal: AbortSignal | undefined, what: string, url: string, stallMs: number, cancel: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const finish = () => {
      if (timer !== undefined) clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
    }
    const onAbort = () => {
      finish()
      cancel()
      reject(abortError(signal, what))
    }
    if (stallMs > 0 && stallMs < Infinity) {
      timer = setTimeout(() => {
        finish()
        cancel()
        reject(stalledError(url, stallMs))
      }, stallMs)
    }
    signal?.addEventListener('abort', onAbort)
    if (signal?.aborted) return onAbort()
    promise.then(
      (value) => {
        finish()
        resolve(value)
      },
      (e) => {
        finish()
        reject(e)
      },
    )
  })
}

async function request(fetchFn: FetchLike, url: string, signal: AbortSignal | undefined, what: string, stallMs: number): Promise<Response> {
  throwIfAborted(signal, what)
  // our own controller: a stall cancels the request without aborting the caller's signal
  const controller = new AbortController()
  const relay = () => controller.abort(signal?.reason)
  signal?.addEventListener('abort', relay)
  try {
    return await guarded(Promise.resolve().then(() => fetchFn(url, { signal: controller.signal })), signal, what, url, stallMs, () => controller.abort())
  } catch (e) {
    if (e instanceof ModelLoadError) throw e
    if (signal?.aborted || isAbort(e)) throw abortError(signal, what)
    const detail = e instanceof Error ? e.message : String(e)
    throw new ModelLoadError('fetch-failed', `Could not fetch ${url} (${detail}): offline, blocked by CORS, or the server is down?`, url, { cause: e })
  } finally {
    signal?.removeEventListener('abort', relay)
  }
}

/**
 * Reads a body chunk by chunk so progress is by bytes, and an abort, the size limit or a stall
 * (no chunk for `stallMs`) stops it early, cancelling the stream.
 */
async function readBody(response: Response, signal: AbortSignal | undefined, what: string, onBytes: (n: number) => void, stallMs: number, source: string): Promise<ArrayBuffer> {
  const url = response.url || source
  try {
    if (!response.body) {
      const data = await guarded(response.arrayBuffer(), signal, what, url, stallMs, () => undefined)
      onBytes(data.byteLength)
      return data
    }
    const reader = response.body.getReader()
    const chunks: Uint8Array[] = []
    let length = 0
    try {
      for (;;) {
        throwIfAborted(signal, what)
        const { done, value } = await guarded(reader.read(), signal, what, url, stallMs, () => void reader.cancel().catch(() => undefined))
        if (done) break
        chunks.push(value)
        length += value.byteLength
        onBytes(value.byteLength)
      }
    } catch (e) {
      void reader.cancel().catch(() => undefined)
      throw e
    }
    if (chunks.length === 1 && chunks[0].byteOffset === 0 && chunks[0].byteLength === chunks[0].buffer.byteLength) {
      return chunks[0].buffer as ArrayBuffer
    }
    const out = new Uint8Array(length)
    let offset = 0
    for (const chunk of chunks) {
      out.set(chunk, offset)
      offset += chunk.byteLength
    }
    return out.buffer
  } catch (e) {
    if (e instanceof ModelLoadError) throw e
    if (signal?.aborted || isAbort(e)) throw abortError(signal, what)
    const detail = e instanceof Error ? e.message : String(e)
    throw new ModelLoadError('fetch-failed', `The download of ${url} broke off (${detail}).`, what, { cause: e })
  }
}
