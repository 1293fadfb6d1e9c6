import type { ImageF32 } from './image'
import * as color from './color'
import * as spatial from './spatial'

export type CpuReference = (img: ImageF32, params: Record<string, number>) => ImageF32

/** CPU reference implementation of every built-in perturbation, by id. */
export const cpuReferences: Record<string, CpuReference> = {
  alpha: color.alpha as CpuReference,
  hue: color.hue as CpuReference,
  saturation: color.saturation as CpuReference,
  brightness: color.brightness as CpuReference,
  contrast: color.contrast as CpuReference,
  'custom-glsl': color.customGlsl as CpuReference,
  'patch-shuffle': spatial.patchShuffle as CpuReference,
}
export * from './image'
