import { describe, expect, it } from 'vitest'
import { builtinObjectLabels } from '@perturber/scene/objects'
import { EXPERIMENT_OBJECTS } from './families'
import { SCENE_OBJECTS, morphOf, pickObjects } from './objects'
import { BUILTIN_BACKGROUND_IDS } from '@perturber/scene/core'

describe('scene objects', () => {
  it('are the ten ends of the built-in pairs, named as the families name them', () => {
    expect(SCENE_OBJECTS.map((o) => o.name)).toEqual([...EXPERIMENT_OBJECTS])
    for (const o of SCENE_OBJECTS) expect(builtinObjectLabels[o.pair][o.end]).toBe(o.name)
    expect(morphOf(SCENE_OBJECTS[1])).toEqual({ overallMorph: 0, shapeMorph: 1, textureMorph: 1 })
  })

  it('are picked by name, in the order asked; an unknown name is refused with the known ones', () => {
    expect(pickObjects(['Macaw', ' dog']).map((o) => [o.pair, o.end])).toEqual([['goldfish-macaw', 1], ['dog-cat', 0]])
    expect(pickObjects()).toHaveLength(10)
    expect(() => pickObjects(['dog', 'horse'])).toThrow('Objects: no scene object named "horse". Known: dog, cat, fire truck, race car, teapot, coffee mug, goldfish, macaw, airliner, sailboat.')
    expect(() => pickObjects([])).toThrow('Objects: choose at least one of dog, cat,')
  })
})

describe('fitting backgrounds', () => {
  it('every object has a built-in background of its own', () => {
    expect(Object.fromEntries(SCENE_OBJECTS.map((o) => [o.name, o.background]))).toEqual({
      dog: 'park', cat: 'forest', 'fire truck': 'park', 'race car': 'city', teapot: 'apartment',
      'coffee mug': 'lab', goldfish: 'venice', macaw: 'forest', airliner: 'sky', sailboat: 'venice',
    })
    for (const o of SCENE_OBJECTS) expect(BUILTIN_BACKGROUND_IDS).toContain(o.background)
  })
})
