import { createDogCat } from './dogCat'
import { createTruckCar } from './truckCar'
import { createTeapotMug } from './teapotMug'
import { createFishBird } from './fishBird'
import { createPlaneBoat } from './planeBoat'
import type { MorphableObject } from './types'

export type BuiltinObjectId = 'dog-cat' | 'firetruck-racecar' | 'teapot-mug' | 'goldfish-macaw' | 'airliner-sailboat'

const cache = new Map<BuiltinObjectId, MorphableObject>()
const memo = (id: BuiltinObjectId, make: () => MorphableObject) => (): MorphableObject => {
  let obj = cache.get(id)
  if (!obj) {
    obj = make()
    cache.set(id, obj)
  }
  return obj
}

/** Lazy, memoised factories of the built-in pairs, by id. */
export const builtinObjects: Readonly<Record<BuiltinObjectId, () => MorphableObject>> = {
  'dog-cat': memo('dog-cat', createDogCat),
  'firetruck-racecar': memo('firetruck-racecar', createTruckCar),
  'teapot-mug': memo('teapot-mug', createTeapotMug),
  'goldfish-macaw': memo('goldfish-macaw', createFishBird),
  'airliner-sailboat': memo('airliner-sailboat', createPlaneBoat),
}

export const BUILTIN_OBJECT_IDS = Object.keys(builtinObjects) as BuiltinObjectId[]

/**
 * The names of each built-in pair's two ends (`labels` of the generated object), known without
 * generating its meshes and textures: experiments list the ten objects before loading any.
 */
export const builtinObjectLabels: Readonly<Record<BuiltinObjectId, readonly [string, string]>> = {
  'dog-cat': ['dog', 'cat'],
  'firetruck-racecar': ['fire truck', 'race car'],
  'teapot-mug': ['teapot', 'coffee mug'],
  'goldfish-macaw': ['goldfish', 'macaw'],
  'airliner-sailboat': ['airliner', 'sailboat'],
}

/** The memoised built-in object with this id. */
export function getBuiltinObject(id: BuiltinObjectId): MorphableObject {
  const make = builtinObjects[id]
  if (!make) throw new Error(`unknown built-in object: ${id}`)
  return make()
}
