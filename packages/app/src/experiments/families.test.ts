import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { IMAGENET_CLASSES } from '@tensorflow-models/mobilenet/dist/imagenet_classes.js'
import { sharedModelPath, sharedModelsMissing } from '../../../../tests/support/sharedModels'
import { zooClasses } from '../../../../tools/zoo/render/classes'
import { EXPERIMENT_OBJECTS, IMAGENET_DOG_BREEDS, IMAGENET_DOG_RANGE, IMAGENET_FAMILIES, ObjectFamilyError, classSynonyms, familyPrediction, objectFamilies } from './families'

const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i)

/** Each object's family as ImageNet-1k indices (standard order), looked up by hand in the label list. */
const expectedImagenet: number[][] = [
  range(151, 268), // dog: Chihuahua … Mexican hairless
  range(281, 285), // cat: tabby … Egyptian cat
  [555], // fire truck: fire engine, fire truck
  [751, 817], // race car: racer; sports car
  [849], // teapot
  [504, 968], // coffee mug: coffee mug; cup
  [1], // goldfish
  [88], // macaw
  [404], // airliner
  [484, 780, 871, 914], // sailboat: catamaran, schooner, trimaran, yawl
]

const zooNames = zooClasses.map((c) => c.name)
const objects = [...EXPERIMENT_OBJECTS]

describe('the experiment objects and their families', () => {
  test('are the model zoo\'s ten classes, in zoo order', () => {
    expect(objects).toEqual(zooNames)
    expect(Object.keys(IMAGENET_FAMILIES)).toEqual(zooNames)
  })

  test('the dog family is the 118 breeds, the families disjoint', () => {
    expect(IMAGENET_DOG_BREEDS).toHaveLength(118)
    expect(IMAGENET_DOG_RANGE.last - IMAGENET_DOG_RANGE.first + 1).toBe(118)
    const all = Object.values(IMAGENET_FAMILIES).flat()
    expect(new Set(all).size).toBe(all.length)
  })

  test('class names split into normalised synonyms', () => {
    expect(classSynonyms('  Siamese cat,  Siamese ')).toEqual(['siamese cat', 'siamese'])
    expect(classSynonyms('Fire   Truck')).toEqual(['fire truck'])
    expect(classSynonyms(', ,')).toEqual([])
  })
})

describe('objectFamilies', () => {
  test('a zoo model gets its own class for each object, whatever its class order and case', () => {
    expect(objectFamilies(zooNames, objects)).toEqual(range(0, 9).map((i) => [i]))
    const shuffled = ['Sailboat', 'dog', 'CAT', 'race car', ' fire truck ', 'teapot', 'macaw', 'coffee mug', 'goldfish', 'airliner']
    expect(objectFamilies(shuffled, objects)).toEqual([[1], [2], [4], [3], [5], [7], [8], [6], [9], [0]])
    // a subset of the objects, in another order
    expect(objectFamilies(zooNames, ['macaw', 'dog'])).toEqual([[7], [0]])
  })

  test('an ImageNet model (tfjs-models\' label list) gets each object\'s family, and nothing else', () => {
    const imagenet = Array.from({ length: 1000 }, (_, i) => IMAGENET_CLASSES[i])
    const families = objectFamilies(imagenet, objects)
    expect(families).toEqual(expectedImagenet)
    expect(families[0]).toHaveLength(118)
    // 'Cardigan, Cardigan Welsh corgi' (264) is a dog; 'cardigan' the sweater (474) is not
    expect(families[0]).toContain(264)
    expect(families.flat()).not.toContain(474)
  })

  test('a 1001-class model with a background class first gets the same families shifted by one', () => {
    const imagenet1001 = ['background', ...Array.from({ length: 1000 }, (_, i) => IMAGENET_CLASSES[i])]
    expect(objectFamilies(imagenet1001, objects)).toEqual(expectedImagenet.map((f) => f.map((c) => c + 1)))
  })

  test('refuses a model missing objects, naming exactly those', () => {
    const model = zooNames.filter((n) => n !== 'goldfish' && n !== 'macaw')
    let error: unknown
    try {
      objectFamilies(model, objects)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ObjectFamilyError)
    expect((error as ObjectFamilyError).name).toBe('ObjectFamilyError')
    expect((error as ObjectFamilyError).objects).toEqual(['goldfish', 'macaw'])
    expect((error as Error).message).toBe(
      'The model\'s classes match none of these objects: goldfish, macaw (expected one of their ImageNet classes, e.g. "goldfish", or a class named like the object).',
    )
  })

  test('an object outside the table matches by its own name only', () => {
    expect(objectFamilies(['horse', 'unicorn', 'dog'], ['unicorn', 'dog'])).toEqual([[1], [2]])
    expect(() => objectFamilies(['horse'], ['unicorn'])).toThrow(
      'The model\'s classes match none of these objects: unicorn (expected a class named like the object).',
    )
  })

  test('refuses a class that would count for two objects', () => {
    expect(() => objectFamilies(zooNames, ['dog', 'Dog'])).toThrow(/"dog" matches two objects, dog and Dog/)
  })
})

describe('familyPrediction', () => {
  // classes: 0 beagle, 1 collie, 2 tabby, 3 fire engine
  const families = [[0, 1], [2], [3]]

  test('picks the family with the largest summed probability, not the single largest class', () => {
    // dog 0.3 + 0.3 = 0.6 beats the tabby's 0.35, the largest single class
    expect(familyPrediction([0.3, 0.3, 0.35, 0.05], families)).toBe(0)
    expect(familyPrediction(new Float32Array([0.1, 0.2, 0.35, 0.35]), families)).toBe(1)
    expect(familyPrediction([0.1, 0.1, 0.1, 0.7], families)).toBe(2)
  })

  test('ties go to the lowest object index', () => {
    expect(familyPrediction([0.25, 0.25, 0.5, 0], families)).toBe(0)
    expect(familyPrediction([0, 0, 0.5, 0.5], families)).toBe(1)
  })

  test('refuses logits, unknown classes and no families', () => {
    expect(() => familyPrediction([2.5, -1, 0.3, 0.1], families)).toThrow(/probability 1 is -1; expected probabilities/)
    expect(() => familyPrediction([0.5, NaN, 0.5, 0], families)).toThrow(RangeError)
    expect(() => familyPrediction([0.5, 0.5, 0], families)).toThrow(/family 2 names class 3, not one of the 3 classes/)
    expect(() => familyPrediction([1], [])).toThrow(/no object families/)
  })
})

if (sharedModelsMissing) console.warn(`experiments/families.test.ts: ${sharedModelsMissing}`)

describe.skipIf(!!sharedModelsMissing)('the families against ../shared/models/imagenet_labels', () => {
  const labels = (): string[] => JSON.parse(readFileSync(sharedModelPath('imagenet_labels', 'imagenet1000_labels.json'), 'utf8'))

  test('every family name is a class of the shared label list, spelled exactly', () => {
    const list = labels()
    expect(list).toHaveLength(1000)
    const missing = Object.values(IMAGENET_FAMILIES)
      .flat()
      .filter((name) => !list.includes(name))
    expect(missing).toEqual([])
  })

  test('the dog breeds are its indices 151–268, and the families resolve to the expected indices', () => {
    const list = labels()
    expect(IMAGENET_DOG_BREEDS).toEqual(list.slice(IMAGENET_DOG_RANGE.first, IMAGENET_DOG_RANGE.last + 1))
    const families = objectFamilies(list, objects)
    expect(families).toEqual(expectedImagenet)
    expect(families[0]).toHaveLength(118)
    expect(families[1]).toEqual([281, 282, 283, 284, 285])
  })
})
