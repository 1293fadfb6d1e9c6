import { describe, expect, test } from 'vitest'
import { BACKGROUND_CONDITIONS, BACKGROUND_CONDITION_LABELS, backgroundDependence, trialCondition, trialTruth, type BackgroundTrial } from './backgroundDependence'

// three objects over five classes: object 0 = classes 0 and 1, object 1 = class 2, object 2 = classes 3 and 4
const families = [[0, 1], [2], [3, 4]]
/** probabilities for which familyPrediction picks `object` */
const says = (object: number): number[] => [[0.3, 0.3, 0.2, 0.1, 0.1], [0.1, 0.1, 0.6, 0.1, 0.1], [0.1, 0.1, 0.2, 0.3, 0.3]][object]

const trials: BackgroundTrial[] = [
  // own: 3 trials, 2 right (object 0 right, object 1 right, object 2 wrong)
  { object: 0, background: 0, probabilities: says(0) },
  { object: 1, background: 1, probabilities: says(1) },
  { object: 2, background: 2, probabilities: says(0) },
  // other: 4 trials, 1 right (object 0 on 1's background says 1: wrong; on 2's says 0: right; object 1 on 0's says 0; object 2 on 0's says 1)
  { object: 0, background: 1, probabilities: says(1) },
  { object: 0, background: 2, probabilities: says(0) },
  { object: 1, background: 0, probabilities: says(0) },
  { object: 2, background: 0, probabilities: says(1) },
  // neutral: 2 trials, both right
  { object: 1, background: 'neutral', probabilities: says(1) },
  { object: 2, background: 'neutral', probabilities: new Float32Array(says(2)) },
  // removed: 3 backgrounds alone, 1 gives its object away (background 2 → 2); background 0 → 1 and background 1 → 0 do not
  { object: null, background: 2, probabilities: says(2) },
  { object: null, background: 0, probabilities: says(1) },
  { object: null, background: 1, probabilities: says(0) },
]

describe('trials', () => {
  test('condition and right answer', () => {
    expect(trials.map(trialCondition)).toEqual(['own', 'own', 'own', 'other', 'other', 'other', 'other', 'neutral', 'neutral', 'removed', 'removed', 'removed'])
    expect(trials.map(trialTruth)).toEqual([0, 1, 2, 0, 0, 1, 2, 1, 2, 2, 0, 1])
  })

  test('the conditions have their labels, in table order', () => {
    expect(BACKGROUND_CONDITIONS).toEqual(['own', 'other', 'neutral', 'removed'])
    expect(BACKGROUND_CONDITIONS.map((c) => BACKGROUND_CONDITION_LABELS[c])).toEqual([
      'own background',
      "other objects' backgrounds",
      'neutral background',
      'object removed (background only)',
    ])
  })
})

describe('backgroundDependence', () => {
  test('counts right answers per condition against chance = 1 / objects', () => {
    const table = backgroundDependence(trials, families)
    expect(table.rows.map(({ condition, correct, total, chance }) => ({ condition, correct, total, chance }))).toEqual([
      { condition: 'own', correct: 2, total: 3, chance: 1 / 3 },
      { condition: 'other', correct: 1, total: 4, chance: 1 / 3 },
      { condition: 'neutral', correct: 2, total: 2, chance: 1 / 3 },
      { condition: 'removed', correct: 1, total: 3, chance: 1 / 3 },
    ])
    expect(table.rows.map((r) => r.accuracy)).toEqual([2 / 3, 1 / 4, 1, 1 / 3])
    expect(table.rows[2].label).toBe('neutral background')
    // BG-Gap: own − other = 2/3 − 1/4 = 5/12
    expect(table.backgroundGap).toBeCloseTo(5 / 12, 12)
  })

  test('per object, by right answer', () => {
    const [own, other, neutral, removed] = backgroundDependence(trials, families).rows
    expect(own.perObject.map((o) => [o.correct, o.total])).toEqual([[1, 1], [1, 1], [0, 1]])
    expect(other.perObject.map((o) => [o.correct, o.total])).toEqual([[1, 2], [0, 1], [0, 1]])
    expect(other.perObject[0].accuracy).toBe(0.5)
    expect(neutral.perObject.map((o) => [o.correct, o.total])).toEqual([[0, 0], [1, 1], [1, 1]])
    expect(neutral.perObject[0].accuracy).toBeNaN()
    expect(removed.perObject.map((o) => [o.correct, o.total])).toEqual([[0, 1], [0, 1], [1, 1]])
  })

  test('an empty condition has NaN accuracy, and so does the gap it takes part in', () => {
    const table = backgroundDependence(trials.slice(0, 3), families)
    expect(table.rows.map((r) => r.total)).toEqual([3, 0, 0, 0])
    expect(table.rows[1].accuracy).toBeNaN()
    expect(table.backgroundGap).toBeNaN()
  })

  test('refuses trials that name no object, saying which', () => {
    const p = says(0)
    expect(() => backgroundDependence([{ object: 3, background: 0, probabilities: p }], families)).toThrow(/trials\[0\]: object 3 is not one of the 3 objects/)
    expect(() => backgroundDependence([trials[0], { object: 0, background: -1, probabilities: p }], families)).toThrow(/trials\[1\]: background -1/)
    expect(() => backgroundDependence([{ object: null, background: 'neutral', probabilities: p } as unknown as BackgroundTrial], families)).toThrow(/nothing to recognise/)
    expect(() => backgroundDependence([{ object: 0, background: 0, probabilities: [1, -2, 0, 0, 0] }], families)).toThrow(/expected probabilities/)
    expect(() => backgroundDependence([], [])).toThrow(/no objects/)
  })
})
