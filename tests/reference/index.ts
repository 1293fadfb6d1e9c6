import type { ImageF32 } from './image'
import * as color from './color'
import * as spatial from './spatial'
import * as blur from './blur'
import * as frequency from './frequency'
import * as noise from './noise'
import * as corruptions from './corruptions'
import * as adversarial from './adversarial'

/** `externals`: images for the definition's `externalTextures`, by key (see `externalFixtures`). */
export type CpuReference = (img: ImageF32, params: Record<string, number>, externals?: Record<string, ImageF32>) => ImageF32

/** CPU reference implementation of every built-in perturbation, by id. */
export const cpuReferences: Record<string, CpuReference> = {
  alpha: color.alpha as CpuReference,
  hue: color.hue as CpuReference,
  saturation: color.saturation as CpuReference,
  brightness: color.brightness as CpuReference,
  contrast: color.contrast as CpuReference,
  'custom-glsl': color.customGlsl as CpuReference,
  'patch-shuffle': spatial.patchShuffle as CpuReference,
  'gaussian-blur': blur.gaussianBlur as CpuReference,
  'defocus-blur': blur.defocusBlur as CpuReference,
  'motion-blur': blur.motionBlur as CpuReference,
  'frequency-decomposition': frequency.frequencyDecomposition as CpuReference,
  'low-pass': frequency.lowPass as CpuReference,
  'high-pass': frequency.highPass as CpuReference,
  'phase-noise': frequency.phaseNoise as CpuReference,
  pixelate: corruptions.pixelate as CpuReference,
  'gaussian-noise': noise.gaussianNoise as CpuReference,
  'shot-noise': noise.shotNoise as CpuReference,
  jpeg: corruptions.jpeg as CpuReference,
  'adversarial-overlay': adversarial.adversarialOverlay as CpuReference,
}

/** Deterministic test inputs for external textures, by texture key. */
export const externalFixtures: Record<string, (width: number, height: number) => ImageF32> = {
  adversarial: (width, height) => adversarial.adversarialPattern(width, height),
}
export * from './image'
