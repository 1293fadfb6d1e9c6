import type { PerturbationDefinition, PerturbationGroup } from '@perturber/perturbations'
import type { SceneParamSpec } from '@perturber/scene'

/**
 * The control panel's sections, in the order of the Perturber paper/thesis (§5.2.2): the
 * pre-rasterization groups Scene and Morph ("Catness"), then the post-rasterization groups Post
 * Processing, Frequency Decomposition and Adversarial Attack.
 */
export const CONTROL_SECTIONS = ['scene', 'morph', 'post-processing', 'frequency', 'adversarial'] as const
export type ControlSectionId = (typeof CONTROL_SECTIONS)[number]

export const controlSectionLabels: Readonly<Record<ControlSectionId, string>> = {
  scene: 'Scene',
  morph: 'Morph',
  'post-processing': 'Post Processing',
  frequency: 'Frequency Decomposition',
  adversarial: 'Adversarial Attack',
}

/**
 * Where each registry group goes. The thesis' Post Processing holds image-space effects that do
 * not depend on the 3D scene (alpha, hue, saturation, custom GLSL, patch shuffling), so colour,
 * custom, spatial, and the corruption families we add (blur, noise) go there; the frequency group
 * (frequency decomposition, low-/high-pass, phase noise) manipulates frequency bands like the
 * thesis' Frequency Decomp.; the adversarial overlay carries the attack's Attack/Original Alpha.
 */
export const sectionOfGroup: Readonly<Record<PerturbationGroup, ControlSectionId>> = {
  color: 'post-processing',
  custom: 'post-processing',
  spatial: 'post-processing',
  blur: 'post-processing',
  noise: 'post-processing',
  frequency: 'frequency',
  adversarial: 'adversarial',
}

/** A perturbation's section; groups added to the registry later fall back to Post Processing. */
export function defaultSectionOf(definition: Pick<PerturbationDefinition, 'group'>): ControlSectionId {
  return sectionOfGroup[definition.group] ?? 'post-processing'
}

/**
 * Scene parameters: the Scene group in Scene, Morph in Morph, and the camera (orbit, dolly, pan,
 * roll; dragged in the paper's scene view) as sliders at the end of Scene, so a camera pose is
 * reachable from the keyboard and restorable like any other value.
 */
export function sectionOfSceneParam(spec: Pick<SceneParamSpec, 'group'>): ControlSectionId {
  return spec.group === 'Morph' ? 'morph' : 'scene'
}

/** Sub-headings inside Post Processing, in this order, from the registry groups. */
export const postProcessingSubgroups: readonly { group: PerturbationGroup; label: string }[] = [
  { group: 'color', label: 'Color' },
  { group: 'custom', label: 'Custom' },
  { group: 'spatial', label: 'Spatial' },
  { group: 'blur', label: 'Blur' },
  { group: 'noise', label: 'Noise & compression' },
]
