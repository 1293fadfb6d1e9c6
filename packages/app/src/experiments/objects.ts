import { BUILTIN_OBJECT_IDS } from '@perturber/scene'
import { builtinObjectLabels, type BuiltinObjectId } from '@perturber/scene/objects'
import type { SceneParams } from '@perturber/scene'
import type { JobModels } from '../session/jobModels'
import { ObjectFamilyError, objectFamilies } from './families'
import type { BuiltinBackgroundId } from '@perturber/scene/core'

/** One end of a built-in morph pair: a scene object an experiment shows on its own. */
export interface SceneObject {
  pair: BuiltinObjectId
  end: 0 | 1
  /** its class name, e.g. 'fire truck' (the zoo's class names) */
  name: string
  /** the built-in background it is usually seen against (its "own" in the background experiment) */
  background: BuiltinBackgroundId
}

/**
 * Where each object is usually photographed, among the built-in backgrounds: a lawn for the dog, a
 * home for the teapot, a street for the race car, a reading room for the mug, water for the goldfish
 * and the sailboat, trees for the macaw, the sky for the airliner. Two are chosen by what the three
 * ImageNet models in ../shared/models recognise at the default view: the fire truck on open ground
 * (before the street MobileNet v2 says ambulance), the cat outdoors among trees (in the apartment
 * Darknet tiny says sewing machine).
 */
const FITTING_BACKGROUNDS: Readonly<Record<string, BuiltinBackgroundId>> = {
  dog: 'park',
  cat: 'forest',
  'fire truck': 'park',
  'race car': 'city',
  teapot: 'apartment',
  'coffee mug': 'lab',
  goldfish: 'venice',
  macaw: 'forest',
  airliner: 'sky',
  sailboat: 'venice',
}

/** The ten scene objects, pair by pair. */
export const SCENE_OBJECTS: readonly SceneObject[] = Object.freeze(
  BUILTIN_OBJECT_IDS.flatMap((pair) =>
    ([0, 1] as const).map((end) => {
      const name = builtinObjectLabels[pair][end]
      return { pair, end, name, background: FITTING_BACKGROUNDS[name] ?? 'park' }
    }),
  ),
)

/** The objects an experiment runs on, by name (all when none are given); an unknown name is refused with the known ones. */
export function pickObjects(names?: readonly string[]): SceneObject[] {
  if (!names) return SCENE_OBJECTS.slice()
  if (names.length === 0) throw new RangeError(`Objects: choose at least one of ${SCENE_OBJECTS.map((o) => o.name).join(', ')}.`)
  return names.map((name) => {
    const object = SCENE_OBJECTS.find((o) => o.name === name.trim().toLowerCase())
    if (!object) throw new RangeError(`Objects: no scene object named "${name}". Known: ${SCENE_OBJECTS.map((o) => o.name).join(', ')}.`)
    return object
  })
}

/** The morph sliders that show one end of its pair, shape and texture alike. */
export const morphOf = (object: SceneObject): Pick<SceneParams, 'overallMorph' | 'shapeMorph' | 'textureMorph'> => ({ overallMorph: 0, shapeMorph: object.end, textureMorph: object.end })

/**
 * Each of a job's models' classes per object (`objectFamilies`), or an `ObjectFamilyError` that
 * names the model as its slot shows it and the objects it has no class of: refused before any work.
 */
export function familiesOfModels(jobModels: JobModels, objects: readonly string[]): number[][][] {
  return jobModels.models.map((m) => {
    try {
      return objectFamilies(m.model.descriptor.labels.names, objects)
    } catch (e) {
      if (e instanceof ObjectFamilyError) throw new ObjectFamilyError(e.message.replace(/^The model's/, `${jobModels.nameOf(m)}'s`), e.objects)
      throw e
    }
  })
}
