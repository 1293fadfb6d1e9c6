/** Why a user upload was rejected; UI code switches on `code`, people read `message`. */
export type SceneInputErrorCode =
  | 'too-large'
  | 'empty'
  | 'parse'
  | 'no-geometry'
  | 'invalid-geometry'
  | 'too-many-vertices'
  | 'too-many-triangles'
  | 'unsupported-format'
  | 'texture'
  | 'vertex-count-mismatch'

/**
 * The only error the loaders throw on bad input. The message always starts with the
 * file name so it can be shown as-is, e.g.
 * "chair.obj: line 12: face refers to vertex 57 but only 40 vertices are defined".
 */
export class SceneInputError extends Error {
  override readonly name = 'SceneInputError'

  constructor(
    readonly code: SceneInputErrorCode,
    /** the file the problem is in (or several, joined by ' / ') */
    readonly fileName: string,
    /** the problem, without the file name */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    // Details that already start with a file name (e.g. "a.obj has 8 vertices but b.obj has 3")
    // read better without the prefix; fileName may list several files joined by ' / '.
    const named = fileName.split(' / ').some((f) => f !== '' && detail.startsWith(f))
    super(named ? detail : `${fileName}: ${detail}`, options)
  }
}

export function isSceneInputError(e: unknown): e is SceneInputError {
  return e instanceof SceneInputError
}

/** Human-readable size: "612 MB", "3.5 KB", "17 bytes" (1 MB = 2^20 bytes, as the limits are). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / (1024 * 1024), 'MB']
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ${unit}`
}
