/** Why a model could not be loaded; UI code switches on `code`, people read `message`. */
export type ModelLoadErrorCode =
  /** model.json is not valid JSON */
  | 'invalid-json'
  /** valid JSON, but not a TF.js model (no modelTopology / weightsManifest, weights that do not fit the topology) */
  | 'not-a-model'
  /** a weight file listed in the manifest is not among the selected files, or the server answers 404 */
  | 'missing-shard'
  /** the weight files hold more or fewer bytes than the manifest's shapes and dtypes need */
  | 'shard-size-mismatch'
  /** a float weight holds NaN or ±Infinity, or its quantization dequantizes beyond float32's range */
  | 'non-finite-weights'
  /** the input is not one RGB image batch [n, h, w, 3] or the output is not [n, classes] */
  | 'not-an-image-model'
  /** larger than `maxBytes`, a descriptor.json or labels.json over 1 MB, or an input over `MAX_INPUT_SIDE` pixels a side */
  | 'too-large'
  /** the network request failed (offline, CORS, HTTP error on model.json) */
  | 'fetch-failed'
  /** the model URL is not http(s) or relative (`javascript:`, `data:`, `file:`, …): refused before fetching */
  | 'invalid-url'
  /** a download received nothing for `stallTimeoutMs` (the server holds the connection) */
  | 'stalled'
  /** `signal` was aborted */
  | 'aborted'
  /** a valid model this runtime cannot run (unknown layer or op, several inputs/outputs, dynamic input size) */
  | 'unsupported'
  /** the descriptor contradicts the model (label count vs. output count, class order length) */
  | 'descriptor-mismatch'
  /** a descriptor.json or the descriptor embedded in model.json is not valid JSON or has a field of the wrong type */
  | 'invalid-descriptor'

/**
 * The only error `loadModel` throws. The message names the problem precisely enough to show
 * as-is: the file, the weight, expected vs. actual byte counts, the offending shape.
 */
export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError'

  constructor(
    readonly code: ModelLoadErrorCode,
    message: string,
    /** The file the problem is in, when there is one (model.json, a shard, descriptor.json). */
    readonly file?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

export function isModelLoadError(e: unknown): e is ModelLoadError {
  return e instanceof ModelLoadError
}

/** "256 MB", "3.5 KB", "17 bytes" (1 MB = 2^20 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / (1024 * 1024), 'MB']
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ${unit}`
}

/** `[null,224,224,3]` — shapes as people read them in messages. */
export function formatShape(shape: readonly (number | null | undefined)[] | undefined): string {
  if (!shape) return 'unknown'
  return `[${shape.map((d) => (d == null || d < 0 ? 'null' : String(d))).join(',')}]`
}

/** Maps an abort (DOMException 'AbortError' or our own signal check) to a ModelLoadError. */
export function abortError(signal: AbortSignal | undefined, what: string): ModelLoadError {
  const reason = signal?.reason
  const detail = reason instanceof Error && reason.name !== 'AbortError' ? `: ${reason.message}` : ''
  return new ModelLoadError('aborted', `Loading ${what} was aborted${detail}.`, undefined, { cause: reason })
}

export function throwIfAborted(signal: AbortSignal | undefined, what: string) {
  if (signal?.aborted) throw abortError(signal, what)
}

export function isAbort(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { name?: string }).name === 'AbortError'
}
