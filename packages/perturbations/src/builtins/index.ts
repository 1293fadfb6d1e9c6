import { PerturbationRegistry } from '../registry'
import type { PerturbationDefinition } from '../types'
import { alpha } from './alpha'
import { hue } from './hue'
import { saturation } from './saturation'
import { brightness } from './brightness'
import { contrast } from './contrast'
import { customGlsl } from './customGlsl'
import { patchShuffle } from './patchShuffle'
import { elasticTransform } from './elasticTransform'
import { gaussianBlur } from './gaussianBlur'
import { defocusBlur } from './defocusBlur'
import { glassBlur } from './glassBlur'
import { motionBlur } from './motionBlur'
import { zoomBlur } from './zoomBlur'
import { frequencyDecomposition } from './frequencyDecomposition'
import { lowPass } from './lowPass'
import { highPass } from './highPass'
import { phaseNoise } from './phaseNoise'
import { pixelate } from './pixelate'
import { gaussianNoise } from './gaussianNoise'
import { shotNoise } from './shotNoise'
import { impulseNoise } from './impulseNoise'
import { speckleNoise } from './speckleNoise'
import { snow } from './snow'
import { frost } from './frost'
import { spatter } from './spatter'
import { fog } from './fog'
import { jpeg } from './jpeg'
import { adversarialOverlay } from './adversarialOverlay'

/**
 * Every built-in, in the order the default chain applies them: the one list of them. Each lives in
 * its own folder here (definition, CPU reference and tolerance, story); adding one is a new folder
 * plus its entry in this list.
 */
export const builtinPerturbations: readonly PerturbationDefinition[] = [
  alpha,
  hue,
  saturation,
  brightness,
  contrast,
  customGlsl,
  patchShuffle,
  elasticTransform,
  gaussianBlur,
  defocusBlur,
  glassBlur,
  motionBlur,
  zoomBlur,
  frequencyDecomposition,
  lowPass,
  highPass,
  phaseNoise,
  pixelate,
  gaussianNoise,
  shotNoise,
  impulseNoise,
  speckleNoise,
  snow,
  frost,
  spatter,
  fog,
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
