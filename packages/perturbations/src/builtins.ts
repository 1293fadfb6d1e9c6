import { PerturbationRegistry } from './registry'
import { alpha } from './effects/alpha'
import { hue } from './effects/hue'
import { saturation } from './effects/saturation'
import { brightness } from './effects/brightness'
import { contrast } from './effects/contrast'
import { customGlsl } from './effects/customGlsl'
import { patchShuffle } from './effects/patchShuffle'
import { gaussianBlur } from './effects/gaussianBlur'
import { defocusBlur } from './effects/defocusBlur'
import { motionBlur } from './effects/motionBlur'
import { frequencyDecomposition } from './effects/frequencyDecomposition'
import { lowPass } from './effects/lowPass'
import { highPass } from './effects/highPass'
import { phaseNoise } from './effects/phaseNoise'
import { gaussianNoise } from './effects/gaussianNoise'
import { shotNoise } from './effects/shotNoise'
import { jpeg } from './effects/jpeg'
import { pixelate } from './effects/pixelate'
import { adversarialOverlay } from './effects/adversarialOverlay'
import type { PerturbationDefinition } from './types'

/** Every built-in, in the order the default chain applies them. */
export const builtinPerturbations: readonly PerturbationDefinition[] = [
  alpha,
  hue,
  saturation,
  brightness,
  contrast,
  customGlsl,
  patchShuffle,
  gaussianBlur,
  defocusBlur,
  motionBlur,
  frequencyDecomposition,
  lowPass,
  highPass,
  phaseNoise,
  pixelate,
  gaussianNoise,
  shotNoise,
  jpeg,
  adversarialOverlay,
] as PerturbationDefinition[]

/** The registry used when none is passed: built-ins plus whatever `registerPerturbation` adds. */
export const defaultRegistry = new PerturbationRegistry(builtinPerturbations)

/** Adds a perturbation to the default registry (replaces one with the same id). */
export function registerPerturbation<K extends string>(definition: PerturbationDefinition<K>): void {
  defaultRegistry.register(definition)
}

/** The default chain: every registered perturbation, disabled, at its defaults. */
export function defaultChain(registry: PerturbationRegistry = defaultRegistry) {
  return registry.list().map((d) => registry.defaultState(d.id))
}
