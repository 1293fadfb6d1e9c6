/**
 * The Background-Challenge-style table of the Perturber thesis §7.3.2 (after Xiao et al. 2020):
 * how often a model names the right object when the object stands before its own background,
 * another object's background, a neutral one, and how often the background alone (object
 * removed) gives its object away. Pure counting over the model's outputs; rendering and running
 * the model is the caller's job.
 */
import { familyPrediction } from './families'

/**
 * What an image shows, as Background Challenge variants: 'own' ≈ Mixed-same (the object's own
 * background), 'other' ≈ Mixed-rand (another object's background), 'neutral' ≈ Only-FG (no
 * background cue), 'removed' ≈ Only-BG-T (the background alone, scored against its object).
 */
export type BackgroundCondition = 'own' | 'other' | 'neutral' | 'removed'

/** The conditions in table order: the object's support from its background falling away, then the background alone. */
export const BACKGROUND_CONDITIONS: readonly BackgroundCondition[] = Object.freeze(['own', 'other', 'neutral', 'removed'])

export const BACKGROUND_CONDITION_LABELS: Readonly<Record<BackgroundCondition, string>> = Object.freeze({
  own: 'own background',
  other: "other objects' backgrounds",
  neutral: 'neutral background',
  removed: 'object removed (background only)',
})

/**
 * One image and the model's class probabilities for it. Objects and backgrounds are indices into
 * the experiment's objects (and their families); background k is the one that goes with object k.
 * An image is either an object in front of a background (an object's, or the neutral one), or
 * no object (`object: null`) in front of object k's background, whose right answer is then k:
 * a background that alone predicts its object is what the 'removed' row measures against chance.
 */
export type BackgroundTrial =
  | { object: number; background: number | 'neutral'; probabilities: ArrayLike<number> }
  | { object: null; background: number; probabilities: ArrayLike<number> }

/** Which condition a trial belongs to. */
export function trialCondition(trial: BackgroundTrial): BackgroundCondition {
  if (trial.object === null) return 'removed'
  if (trial.background === 'neutral') return 'neutral'
  return trial.background === trial.object ? 'own' : 'other'
}

/** The object a trial's right answer names: the object shown, or for a background alone its object. */
export function trialTruth(trial: BackgroundTrial): number {
  return trial.object ?? (trial.background as number)
}

export interface AccuracyCount {
  correct: number
  total: number
  /** correct / total; NaN when there were no trials */
  accuracy: number
}

export interface BackgroundDependenceRow extends AccuracyCount {
  condition: BackgroundCondition
  label: string
  /** 1 / objects: what guessing among the experiment's objects scores */
  chance: number
  /** by right answer (object index): which objects carry the row */
  perObject: AccuracyCount[]
}

export interface BackgroundDependenceTable {
  /** one row per condition, in {@link BACKGROUND_CONDITIONS} order, empty conditions included */
  rows: BackgroundDependenceRow[]
  /**
   * 'own' minus 'other' accuracy, the Background Challenge's BG-Gap: what swapping the background
   * for a wrong one costs. NaN when either row has no trials.
   */
  backgroundGap: number
}

function count(correct: number, total: number): AccuracyCount {
  return { correct, total, accuracy: total === 0 ? NaN : correct / total }
}

/**
 * Counts, per condition, how often {@link familyPrediction} names the trial's right object
 * ({@link trialTruth}) among `families` (from `objectFamilies`, one per object).
 * Throws a RangeError naming the trial when an object or background is not one of the objects, or
 * when a trial has neither object nor an object's background; familyPrediction's own errors
 * (probabilities that are not) pass through.
 */
export function backgroundDependence(trials: readonly BackgroundTrial[], families: readonly number[][]): BackgroundDependenceTable {
  const objects = families.length
  if (objects === 0) throw new RangeError('backgroundDependence: no objects (families) to score against')
  const isObject = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) < objects
  const tally = new Map(BACKGROUND_CONDITIONS.map((c) => [c, { correct: new Array<number>(objects).fill(0), total: new Array<number>(objects).fill(0) }]))
  trials.forEach((trial, i) => {
    // checked as plain values: the type rules these out, but trials may come from JavaScript or JSON
    const { object, background } = trial as { object: unknown; background: unknown }
    if (object !== null && !isObject(object)) throw new RangeError(`trials[${i}]: object ${object} is not one of the ${objects} objects`)
    if (background !== 'neutral' && !isObject(background)) throw new RangeError(`trials[${i}]: background ${background} is neither 'neutral' nor one of the ${objects} objects`)
    if (object === null && background === 'neutral') throw new RangeError(`trials[${i}]: no object in front of the neutral background leaves nothing to recognise`)
    const truth = trialTruth(trial)
    const t = tally.get(trialCondition(trial))!
    t.total[truth]++
    if (familyPrediction(trial.probabilities, families) === truth) t.correct[truth]++
  })
  const rows = BACKGROUND_CONDITIONS.map((condition): BackgroundDependenceRow => {
    const t = tally.get(condition)!
    const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0)
    return {
      condition,
      label: BACKGROUND_CONDITION_LABELS[condition],
      ...count(sum(t.correct), sum(t.total)),
      chance: 1 / objects,
      perObject: t.total.map((total, k) => count(t.correct[k], total)),
    }
  })
  const accuracy = (c: BackgroundCondition) => rows.find((r) => r.condition === c)!.accuracy
  return { rows, backgroundGap: accuracy('own') - accuracy('other') }
}
