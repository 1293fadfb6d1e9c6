/**
 * Which of a model's classes count as each experiment object. The experiments render the model
 * zoo's ten objects; a zoo model has exactly those ten classes, but an ImageNet model has 1000,
 * several of which are right for one object (any of 118 dog breeds is a right answer for the dog).
 * Each object therefore has a family of ImageNet-1k classes, and a model's classes are matched
 * against the families by name, so the same experiment runs on zoo and ImageNet models alike.
 */

/** The ten objects, by the model zoo's class names (tools/zoo/render/classes.ts), in zoo label order. */
export const EXPERIMENT_OBJECTS = ['dog', 'cat', 'fire truck', 'race car', 'teapot', 'coffee mug', 'goldfish', 'macaw', 'airliner', 'sailboat'] as const

export type ExperimentObject = (typeof EXPERIMENT_OBJECTS)[number]

/**
 * ImageNet-1k's dog breeds: indices 151 ('Chihuahua') to 268 ('Mexican hairless') inclusive, 118
 * classes, in the standard (sorted WordNet id) order of ../shared/models/imagenet_labels. The
 * wild canids that follow (269 'timber wolf' onwards: wolves, dingo, foxes, hyena…) are not dogs
 * to a reader of the results, so they are left out.
 */
export const IMAGENET_DOG_BREEDS: readonly string[] = Object.freeze([
  'Chihuahua', 'Japanese spaniel', 'Maltese dog, Maltese terrier, Maltese', 'Pekinese, Pekingese, Peke', 'Shih-Tzu',
  'Blenheim spaniel', 'papillon', 'toy terrier', 'Rhodesian ridgeback', 'Afghan hound, Afghan', 'basset, basset hound',
  'beagle', 'bloodhound, sleuthhound', 'bluetick', 'black-and-tan coonhound', 'Walker hound, Walker foxhound',
  'English foxhound', 'redbone', 'borzoi, Russian wolfhound', 'Irish wolfhound', 'Italian greyhound', 'whippet',
  'Ibizan hound, Ibizan Podenco', 'Norwegian elkhound, elkhound', 'otterhound, otter hound', 'Saluki, gazelle hound',
  'Scottish deerhound, deerhound', 'Weimaraner', 'Staffordshire bullterrier, Staffordshire bull terrier',
  'American Staffordshire terrier, Staffordshire terrier, American pit bull terrier, pit bull terrier',
  'Bedlington terrier', 'Border terrier', 'Kerry blue terrier', 'Irish terrier', 'Norfolk terrier', 'Norwich terrier',
  'Yorkshire terrier', 'wire-haired fox terrier', 'Lakeland terrier', 'Sealyham terrier, Sealyham',
  'Airedale, Airedale terrier', 'cairn, cairn terrier', 'Australian terrier', 'Dandie Dinmont, Dandie Dinmont terrier',
  'Boston bull, Boston terrier', 'miniature schnauzer', 'giant schnauzer', 'standard schnauzer',
  'Scotch terrier, Scottish terrier, Scottie', 'Tibetan terrier, chrysanthemum dog', 'silky terrier, Sydney silky',
  'soft-coated wheaten terrier', 'West Highland white terrier', 'Lhasa, Lhasa apso', 'flat-coated retriever',
  'curly-coated retriever', 'golden retriever', 'Labrador retriever', 'Chesapeake Bay retriever',
  'German short-haired pointer', 'vizsla, Hungarian pointer', 'English setter', 'Irish setter, red setter',
  'Gordon setter', 'Brittany spaniel', 'clumber, clumber spaniel', 'English springer, English springer spaniel',
  'Welsh springer spaniel', 'cocker spaniel, English cocker spaniel, cocker', 'Sussex spaniel', 'Irish water spaniel',
  'kuvasz', 'schipperke', 'groenendael', 'malinois', 'briard', 'kelpie', 'komondor', 'Old English sheepdog, bobtail',
  'Shetland sheepdog, Shetland sheep dog, Shetland', 'collie', 'Border collie',
  'Bouvier des Flandres, Bouviers des Flandres', 'Rottweiler',
  'German shepherd, German shepherd dog, German police dog, alsatian', 'Doberman, Doberman pinscher',
  'miniature pinscher', 'Greater Swiss Mountain dog', 'Bernese mountain dog', 'Appenzeller', 'EntleBucher', 'boxer',
  'bull mastiff', 'Tibetan mastiff', 'French bulldog', 'Great Dane', 'Saint Bernard, St Bernard', 'Eskimo dog, husky',
  'malamute, malemute, Alaskan malamute', 'Siberian husky', 'dalmatian, coach dog, carriage dog',
  'affenpinscher, monkey pinscher, monkey dog', 'basenji', 'pug, pug-dog', 'Leonberg',
  'Newfoundland, Newfoundland dog', 'Great Pyrenees', 'Samoyed, Samoyede', 'Pomeranian', 'chow, chow chow', 'keeshond',
  'Brabancon griffon', 'Pembroke, Pembroke Welsh corgi', 'Cardigan, Cardigan Welsh corgi', 'toy poodle',
  'miniature poodle', 'standard poodle', 'Mexican hairless',
])

/** Where {@link IMAGENET_DOG_BREEDS} sits in the standard ImageNet-1k order (inclusive). */
export const IMAGENET_DOG_RANGE = Object.freeze({ first: 151, last: 268 })

/**
 * Each object's ImageNet-1k classes, named exactly as the standard label list spells them
 * (synonyms after commas included). Kept to classes a reader would accept as the object:
 * - dog: every dog breed ({@link IMAGENET_DOG_BREEDS}, 151–268).
 * - cat: the domestic cats, 281–285; the big cats from 286 ('cougar') on are not the object.
 * - fire truck: 'fire engine, fire truck' (555).
 * - race car: 'racer, race car, racing car' (751) and 'sports car, sport car' (817): ImageNet's
 *   racer photos are mostly vintage racers, and a low modern race car is as often called a sports
 *   car; 'go-kart' (573) is a different vehicle and stays out.
 * - teapot: 'teapot' (849). coffee mug: 'coffee mug' (504) and 'cup' (968), the same vessel.
 * - goldfish (1), macaw (88), airliner (404): one class each; 'warplane' and 'wing' are not airliners.
 * - sailboat: ImageNet has no sailboat class, only kinds of sailing boat: 'yawl' (914), 'schooner'
 *   (780), 'catamaran' (484) and 'trimaran' (871). 'pirate, pirate ship' (724) is a ship, not a
 *   sailboat, and stays out.
 * The families are disjoint, so an image has one right object.
 */
export const IMAGENET_FAMILIES: Readonly<Record<ExperimentObject, readonly string[]>> = Object.freeze({
  dog: IMAGENET_DOG_BREEDS,
  cat: Object.freeze(['tabby, tabby cat', 'tiger cat', 'Persian cat', 'Siamese cat, Siamese', 'Egyptian cat']),
  'fire truck': Object.freeze(['fire engine, fire truck']),
  'race car': Object.freeze(['racer, race car, racing car', 'sports car, sport car']),
  teapot: Object.freeze(['teapot']),
  'coffee mug': Object.freeze(['coffee mug', 'cup']),
  goldfish: Object.freeze(['goldfish, Carassius auratus']),
  macaw: Object.freeze(['macaw']),
  airliner: Object.freeze(['airliner']),
  sailboat: Object.freeze(['yawl', 'schooner', 'catamaran', 'trimaran']),
})

/**
 * Family synonyms that are also another ImageNet-1k class's name once lower-cased, and so match
 * nothing: 'Cardigan' (the corgi, 264) is 'cardigan' (the sweater, 474). The corgi still matches
 * by its other name, 'Cardigan Welsh corgi'.
 */
const AMBIGUOUS_SYNONYMS: ReadonlySet<string> = new Set(['cardigan'])

/** A class name's synonyms, normalised: split on commas, trimmed, lower case, inner spaces collapsed. */
export function classSynonyms(name: string): string[] {
  return name
    .split(',')
    .map((s) => s.trim().toLowerCase().replace(/\s+/g, ' '))
    .filter((s) => s !== '')
}

/** The names a model class may carry to count as `object`: its own name and its family's synonyms. */
function objectKeys(object: string): Set<string> {
  const own = classSynonyms(object).join(', ')
  const family = (IMAGENET_FAMILIES as Record<string, readonly string[] | undefined>)[own] ?? []
  return new Set([own, ...family.flatMap(classSynonyms).filter((s) => !AMBIGUOUS_SYNONYMS.has(s))])
}

/** Objects none of whose classes a model has: it cannot be asked about them, so the experiment refuses it. */
export class ObjectFamilyError extends Error {
  override name = 'ObjectFamilyError'
  constructor(
    message: string,
    /** the objects that matched no class, in the order asked */
    readonly objects: string[],
  ) {
    super(message)
  }
}

/**
 * For each object, the indices of the model's classes in its family, ascending. A model class
 * matches an object when one of its synonyms ({@link classSynonyms}) is the object's own name or
 * a synonym of a family class: a zoo model's class 'fire truck' and ImageNet's 'fire engine,
 * fire truck' both match the fire truck. An object outside {@link EXPERIMENT_OBJECTS} matches by
 * its own name only. Throws an {@link ObjectFamilyError} naming every object that matches no
 * class, and a RangeError when one class matches two objects (the objects repeat or overlap).
 */
export function objectFamilies(modelClasses: readonly string[], objects: readonly string[]): number[][] {
  const keys = objects.map(objectKeys)
  const families = keys.map((objectKeys) => {
    const found: number[] = []
    modelClasses.forEach((name, c) => {
      if (classSynonyms(name).some((s) => objectKeys.has(s))) found.push(c)
    })
    return found
  })
  const missing = objects.filter((_, i) => families[i].length === 0)
  if (missing.length > 0) {
    const known = (IMAGENET_FAMILIES as Record<string, readonly string[] | undefined>)[classSynonyms(missing[0]).join(', ')]
    const expected = known ? `one of their ImageNet classes, e.g. "${classSynonyms(known[0])[0]}", or a class named like the object` : 'a class named like the object'
    throw new ObjectFamilyError(`The model's classes match none of these objects: ${missing.join(', ')} (expected ${expected}).`, missing)
  }
  const owner = new Map<number, number>()
  families.forEach((family, i) =>
    family.forEach((c) => {
      const other = owner.get(c)
      if (other !== undefined) throw new RangeError(`The model's class "${modelClasses[c]}" matches two objects, ${objects[other]} and ${objects[i]}: each class may count for one object only`)
      owner.set(c, i)
    }),
  )
  return families
}

/**
 * Which object the model picks: the family with the largest summed probability, ties to the
 * lowest object index. As in the Background Challenge (Xiao et al. 2020, the thesis's §7.3.2),
 * the model's answer is restricted to the experiment's objects, so that chance is 1 / objects and
 * a dog scored as 'beagle' or 'collie' is right either way. Summing is only meaningful for
 * probabilities: give a logit model's output through softmax first. Throws a RangeError when
 * there are no families, a family index is not a class, or a probability is negative or not finite.
 */
export function familyPrediction(probabilities: ArrayLike<number>, families: readonly number[][]): number {
  if (families.length === 0) throw new RangeError('familyPrediction: no object families to choose from')
  for (let c = 0; c < probabilities.length; c++) {
    const p = probabilities[c]
    if (!(Number.isFinite(p) && p >= 0)) throw new RangeError(`familyPrediction: probability ${c} is ${p}; expected probabilities (≥ 0), not logits`)
  }
  let best = -1
  let bestSum = -Infinity
  families.forEach((family, i) => {
    let sum = 0
    for (const c of family) {
      if (!Number.isInteger(c) || c < 0 || c >= probabilities.length) throw new RangeError(`familyPrediction: family ${i} names class ${c}, not one of the ${probabilities.length} classes`)
      sum += probabilities[c]
    }
    if (sum > bestSum) {
      best = i
      bestSum = sum
    }
  })
  return best
}
