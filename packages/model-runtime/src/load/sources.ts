import { DESCRIPTOR_FILE, MAX_DESCRIPTOR_BYTES, descriptorTooLarge } from './descriptorJson'
import { ModelLoadError, abortError, isAbort, throwIfAborted } from './errors'
import { assertWithinLimit } from './modelJson'

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

export function filesSource(files: readonly File[], maxBytes: number): ModelSource {
  const names = files.map((f) => f.name)
  const listing = names.length > 6 ? `${names.slice(0, 6).join(', ')}, … (${names.length} files)` : names.join(', ')
  const descriptor = files.find((f) => f.name.toLowerCase() === DESCRIPTOR_FILE)
  const jsonFiles = files.filter((f) => f !== descriptor && f.name.toLowerCase().endsWith('.json'))
  const json = jsonFiles.length === 1 ? jsonFiles[0] : jsonFiles.find((f) => f.name === 'model.json')
  if (!json) {
    const why = jsonFiles.length === 0 ? `no .json file${descriptor ? ` besides ${descriptor.name}` : ''}` : `several .json files and none is named model.json`
    throw new ModelLoadError('not-a-model', `Select model.json together with its weight files: the selection (${listing || 'empty'}) has ${why}.`)
  }
  const total = files.reduce((n, f) => n + f.size, 0)
  assertWithinLimit(total, maxBytes, `The selected files hold`)
  const byName = new Map<string, File>()
  for (const file of files) if (!byName.has(file.name)) byName.set(file.name, file)
  const folder = (json as File & { webkitRelativePath?: string }).webkitRelativePath?.split('/').slice(-2, -1)[0]
  return {
    jsonName: json.name,
    defaultName: folder || json.name.replace(/\.json$/i, ''),
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

// ---------------------------------------------------------------------------------------------
// URLs

/** Shard URL the way TF.js resolves it: next to model.json, keeping model.json's query string. */
export function shardUrl(modelUrl: string, path: string): string {
  const slash = modelUrl.lastIndexOf('/')
  const query = modelUrl.lastIndexOf('?')
  const suffix = query > slash ? modelUrl.slice(query) : ''
  return `${modelUrl.slice(0, slash + 1)}${path}${suffix}`
}

export function urlSource(url: string, fetchFn: FetchLike, maxBytes: number, signal: AbortSignal | undefined): ModelSource {
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
      const response = await request(fetchFn, url, signal, url)
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
      })
      onFraction(1)
      return new TextDecoder().decode(data)
    },
    readDescriptor(descriptorSignal) {
      return fetchDescriptorText(fetchFn, shardUrl(url, DESCRIPTOR_FILE), descriptorSignal, false)
    },
    checkShards() {
      // a server can only tell by answering: missing shards surface as 404s in readShard
    },
    async readShard(shardPath, onBytes, shardSignal) {
      const shard = shardUrl(url, shardPath)
      const response = await request(fetchFn, shard, shardSignal, url)
      if (response.status === 404 || response.status === 410) {
        throw new ModelLoadError('missing-shard', `${file} lists ${shardPath}, but ${shard} answers HTTP ${response.status} ${response.statusText}`.trim() + '.', shardPath)
      }
      if (!response.ok) {
        throw new ModelLoadError('fetch-failed', `Could not fetch weight file ${shard}: HTTP ${response.status} ${response.statusText}`.trim() + '.', shardPath)
      }
      return readBody(response, shardSignal, url, (n) => {
        count(n)
        onBytes(n)
      })
    },
  }
}

/**
 * The descriptor.json at `url`. When `required` is false (the file next to model.json, which most
 * models lack) anything but a file that is there and too large is "no descriptor": an HTTP error,
 * a network or CORS failure, a dev server's HTML page. Only an abort rejects then.
 */
export async function fetchDescriptorText(fetchFn: FetchLike, url: string, signal: AbortSignal | undefined, required: boolean): Promise<DescriptorText | undefined> {
  const none = (why: string, cause?: unknown) => {
    if (required) throw new ModelLoadError('fetch-failed', `Could not fetch the descriptor ${url}: ${why}.`, url, { cause })
    return undefined
  }
  let response: Response
  try {
    response = await request(fetchFn, url, signal, url)
  } catch (e) {
    if (required || (e instanceof ModelLoadError && e.code === 'aborted')) throw e
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
    })
  } catch (e) {
    if (e instanceof ModelLoadError && e.code === 'fetch-failed') return none('the download broke off', e)
    throw e
  }
  const text = new TextDecoder().decode(data)
  return /^\s*</.test(text) ? none(html) : { text, where: url, baseUrl: url }
}

async function request(fetchFn: FetchLike, url: string, signal: AbortSignal | undefined, what: string): Promise<Response> {
  throwIfAborted(signal, what)
  try {
    return await fetchFn(url, { signal })
  } catch (e) {
    if (signal?.aborted || isAbort(e)) throw abortError(signal, what)
    const detail = e instanceof Error ? e.message : String(e)
    throw new ModelLoadError('fetch-failed', `Could not fetch ${url} (${detail}): offline, blocked by CORS, or the server is down?`, url, { cause: e })
  }
}

/** Reads a body chunk by chunk so progress is by bytes and an abort or the size limit stops it early. */
async function readBody(response: Response, signal: AbortSignal | undefined, what: string, onBytes: (n: number) => void): Promise<ArrayBuffer> {
  try {
    if (!response.body) {
      const data = await response.arrayBuffer()
      onBytes(data.byteLength)
      return data
    }
    const reader = response.body.getReader()
    const chunks: Uint8Array[] = []
    let length = 0
    try {
      for (;;) {
        throwIfAborted(signal, what)
        const { done, value } = await reader.read()
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
    throw new ModelLoadError('fetch-failed', `The download of ${response.url || what} broke off (${detail}).`, what, { cause: e })
  }
}
