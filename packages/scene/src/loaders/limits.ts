/**
 * Defaults that keep a user upload from exhausting memory or the GPU. Every loader
 * takes a partial override, so tests (and power users) can tighten or loosen them.
 */
export interface LoadLimits {
  /** largest accepted file (mesh or texture), checked from Blob.size before reading */
  maxFileBytes: number
  /** most vertices in the merged, indexed mesh (and most `v` lines in an OBJ) */
  maxVertices: number
  /** longest accepted texture side in pixels, checked from the image header before decoding */
  maxTextureSide: number
  /** most triangles in the merged mesh (every placement of a repeated glTF mesh counts), what one frame may draw */
  maxTriangles: number
}

export const DEFAULT_LIMITS: Readonly<LoadLimits> = Object.freeze({
  maxFileBytes: 64 * 1024 * 1024,
  maxVertices: 500_000,
  maxTextureSide: 4096,
  maxTriangles: 1_000_000,
})

export function resolveLimits(overrides?: Partial<LoadLimits>): LoadLimits {
  const limits = { ...DEFAULT_LIMITS }
  for (const key of Object.keys(limits) as (keyof LoadLimits)[]) {
    const value = overrides?.[key]
    if (value !== undefined) {
      if (!(typeof value === 'number' && value > 0)) throw new RangeError(`limit ${key} must be a positive number, got ${value}`)
      limits[key] = value
    }
  }
  return limits
}
