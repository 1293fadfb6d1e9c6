import { describe, expect, test } from 'vitest'
import { batchMistakes, batchTable, fraction } from './table'
import type { BatchItem, BatchResult } from './types'

const classes = ['dog', 'cat', 'teapot', 'mug', 'fish', 'bird']
/** An item whose predictions are per setting, per model: top-5 class indices (empty: no answer). */
const item = (index: number, truth: (number | null)[], tops: number[][][]): BatchItem => ({
  index,
  name: `img${index}.png`,
  truth,
  labelText: truth.some((t) => t !== null) ? 'label' : null,
  predictions: tops.map((perModel) => perModel.map((top) => ({ top, probabilities: top.map(() => 0.2), ...(top.length ? {} : { problem: 'no answer' }) }))),
})

/** Two models, two settings; image 3 is unlabelled, image 4 has a label only model A knows. */
const result: BatchResult = {
  format: 'perturber-batch',
  version: 1,
  models: [
    { role: 'model1', name: 'A', classes },
    { role: 'model2', name: 'B', classes: [...classes] },
  ],
  settings: [
    { id: 'clean', name: 'clean', chain: [] },
    { id: 'current', name: 'current', chain: [] },
  ],
  items: [
    item(0, [0, 0], [[[0, 1, 2, 3, 4], [0, 1, 2, 3, 4]], [[1, 0, 2, 3, 4], [0, 1, 2, 3, 4]]]),
    item(1, [1, 1], [[[1, 0, 2, 3, 4], [2, 1, 0, 3, 4]], [[5, 4, 3, 2, 0], [1, 0, 2, 3, 4]]]),
    item(2, [2, 2], [[[2, 0, 1, 3, 4], [2, 0, 1, 3, 4]], [[2, 0, 1, 3, 4], []]]),
    item(3, [null, null], [[[3, 0, 1, 2, 4], [4, 0, 1, 2, 3]], [[3, 0, 1, 2, 4], [3, 0, 1, 2, 4]]]),
    item(5, [4, null], [[[4, 0, 1, 2, 3], [4, 0, 1, 2, 3]], [[0, 1, 2, 3, 5], [0, 1, 2, 3, 4]]]),
  ],
  skipped: [],
  total: 6,
  width: 2,
  height: 2,
}

describe('the batch table', () => {
  test('accuracy per model and setting, counted by hand', () => {
    const { rows } = batchTable(result)
    expect(rows).toEqual([
      // A clean: labelled 0, 1, 2, 4 all right at top-1
      { model: 0, setting: 0, answered: 5, labelled: 4, top1: 4, top5: 4, problems: 0 },
      // A current: 0 (top-2), 1 (wrong, truth 1 not in [5,4,3,2,0]), 2 right, 4 (wrong, 4 not in [0,1,2,3,5])
      { model: 0, setting: 1, answered: 5, labelled: 4, top1: 1, top5: 2, problems: 0 },
      // B clean: labelled 0, 1, 2 (4 is not a label for B): 1 is wrong at top-1, right at top-5
      { model: 1, setting: 0, answered: 5, labelled: 3, top1: 2, top5: 3, problems: 0 },
      // B current: image 2 unanswered
      { model: 1, setting: 1, answered: 4, labelled: 2, top1: 2, top5: 2, problems: 1 },
    ])
    expect(fraction(rows[1].top5, rows[1].labelled)).toBe(0.5)
    expect(fraction(0, 0)).toBeNull()
  })

  test('agreement: same top-1 class name, over the images both answered', () => {
    expect(batchTable(result).agreement).toEqual([
      // clean: 0 yes, 1 no (1 vs 2), 2 yes, 3 no (3 vs 4), 4 yes
      { setting: 0, models: [0, 1], compared: 5, agreed: 3 },
      // current: 0 no (1 vs 0), 1 no (5 vs 1), 2 not compared, 3 yes, 4 yes (0 and 0)
      { setting: 1, models: [0, 1], compared: 4, agreed: 2 },
    ])
    expect(batchTable({ ...result, models: result.models.slice(0, 1) }).agreement).toEqual([])
  })

  test('mistakes: a wrong labelled answer, or disagreement on an unlabelled image', () => {
    expect(batchMistakes(result, 0)).toEqual([
      { item: 1, setting: 0, wrong: [1], disagree: true },
      { item: 3, setting: 0, wrong: [], disagree: true },
    ])
    expect(batchMistakes(result, 1)).toEqual([
      { item: 0, setting: 1, wrong: [0], disagree: true },
      { item: 1, setting: 1, wrong: [0], disagree: true },
      { item: 2, setting: 1, wrong: [1], disagree: false },
      { item: 4, setting: 1, wrong: [0], disagree: false },
    ])
    expect(batchMistakes(result).map((m) => `${m.item}:${m.setting}`)).toEqual(['0:1', '1:0', '1:1', '2:1', '3:0', '4:1'])
  })
})
