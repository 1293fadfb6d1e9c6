import type { ImageF32 } from './image'

/** `externals`: images for the definition's `externalTextures`, by key (see `BuiltinReference.externals`). */
export type CpuReference = (img: ImageF32, params: Record<string, number>, externals?: Record<string, ImageF32>) => ImageF32

/** GPU-vs-CPU tolerance: the largest mean and max absolute difference over rgb in [0, 1]. */
export interface Tolerance {
  mean: number
  max: number
}

/** Pure per-pixel colour maths differs only by float rounding; resampling effects state their own, tighter or looser. */
export const DEFAULT_TOLERANCE: Tolerance = { mean: 1e-4, max: 2e-3 }

/**
 * A built-in's CPU reference (its folder's `reference.ts` exports one as `reference`): the
 * browser tests render the definition on the GPU and compare with `compute` within `tolerance`.
 */
export interface BuiltinReference {
  /** the definition's id */
  id: string
  compute: CpuReference
  tolerance: Tolerance
  /** deterministic test images for the definition's `externalTextures`, by texture key */
  externals?: Record<string, (width: number, height: number) => ImageF32>
}
