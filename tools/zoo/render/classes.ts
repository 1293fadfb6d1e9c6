/**
 * The model zoo's classes: one per end of each built-in morph pair, in label order. The order
 * is part of the data format (labels are indices into it): append, never reorder.
 */
import type { BuiltinObjectId } from '@perturber/scene/objects'

export interface ZooClass {
  /** file-name-safe id, e.g. 'fire-truck' */
  id: string
  /** display name, e.g. 'fire truck' */
  name: string
  /** the closest ImageNet-1k class, for readers who know ImageNet */
  imagenetLikeName: string
  /** the built-in pair that draws it, and which end of the pair it is */
  object: BuiltinObjectId
  end: 0 | 1
}

export const zooClasses: readonly ZooClass[] = [
  { id: 'dog', name: 'dog', imagenetLikeName: 'English springer', object: 'dog-cat', end: 0 },
  { id: 'cat', name: 'cat', imagenetLikeName: 'tabby cat', object: 'dog-cat', end: 1 },
  { id: 'fire-truck', name: 'fire truck', imagenetLikeName: 'fire engine', object: 'firetruck-racecar', end: 0 },
  { id: 'race-car', name: 'race car', imagenetLikeName: 'racer', object: 'firetruck-racecar', end: 1 },
  { id: 'teapot', name: 'teapot', imagenetLikeName: 'teapot', object: 'teapot-mug', end: 0 },
  { id: 'coffee-mug', name: 'coffee mug', imagenetLikeName: 'coffee mug', object: 'teapot-mug', end: 1 },
  { id: 'goldfish', name: 'goldfish', imagenetLikeName: 'goldfish', object: 'goldfish-macaw', end: 0 },
  { id: 'macaw', name: 'macaw', imagenetLikeName: 'macaw', object: 'goldfish-macaw', end: 1 },
  { id: 'airliner', name: 'airliner', imagenetLikeName: 'airliner', object: 'airliner-sailboat', end: 0 },
  { id: 'sailboat', name: 'sailboat', imagenetLikeName: 'yawl', object: 'airliner-sailboat', end: 1 },
]

/** The other end of a class's pair: the texture donor of its cue-conflict images. */
export function partnerOf(classIndex: number): number {
  const c = zooClasses[classIndex]
  const partner = zooClasses.findIndex((o) => o.object === c.object && o.end !== c.end)
  if (partner < 0) throw new Error(`class ${c.id} has no pair partner`)
  return partner
}
