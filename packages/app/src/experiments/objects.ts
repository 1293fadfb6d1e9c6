import { BUILTIN_OBJECT_IDS } from '@perturber/scene'
import { builtinObjectLabels, type BuiltinObjectId } from '@perturber/scene/objects'
import type { SceneParams } from '@perturber/scene'

/** One end of a built-in morph pair: a scene object an experiment shows on its own. */
export interface SceneObject {
  pair: BuiltinObjectId
  end: 0 | 1
  /** its class name, e.g. 'fire truck' (the zoo's class names) */
  name: string
}

/** The ten scene objects, pair by pair. */
export const SCENE_OBJECTS: readonly SceneObject[] = Object.freeze(BUILTIN_OBJECT_IDS.flatMap((pair) => ([0, 1] as const).map((end) => ({ pair, end, name: builtinObjectLabels[pair][end] }))))

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
