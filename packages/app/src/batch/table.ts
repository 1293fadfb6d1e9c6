import type { BatchItem, BatchResult } from './types'

/** One model in one setting over the whole batch. */
export interface BatchModelRow {
  model: number
  setting: number
  /** images the model answered in this setting */
  answered: number
  /** images whose name matched one of the model's classes */
  labelled: number
  /** labelled images whose top-1 (top-5) prediction is the label */
  top1: number
  top5: number
  /** images the model gave no prediction on (see `BatchPrediction.problem`) */
  problems: number
}

/** How often two models' top-1 predictions name the same class, in one setting. */
export interface BatchAgreementRow {
  setting: number
  models: [number, number]
  /** images both models answered */
  compared: number
  agreed: number
}

export interface BatchTable {
  /** per model, per setting (settings vary fastest) */
  rows: BatchModelRow[]
  /** per pair of models (in model order), per setting; empty with one model */
  agreement: BatchAgreementRow[]
}

/** `part / whole`, or null when there is nothing to divide (no labelled image: no accuracy). */
export const fraction = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null)

/** The top-1 class name a model gave an item in a setting, or null. */
function top1Name(result: BatchResult, item: BatchItem, setting: number, model: number): string | null {
  const top = item.predictions[setting]?.[model]?.top[0]
  return top === undefined ? null : (result.models[model].classes[top] ?? null)
}

/** Accuracy per model and setting, and top-1 agreement between every two models. */
export function batchTable(result: BatchResult): BatchTable {
  const rows: BatchModelRow[] = []
  for (let model = 0; model < result.models.length; model++)
    for (let setting = 0; setting < result.settings.length; setting++) {
      const row: BatchModelRow = { model, setting, answered: 0, labelled: 0, top1: 0, top5: 0, problems: 0 }
      for (const item of result.items) {
        const p = item.predictions[setting]?.[model]
        if (!p || p.top.length === 0) {
          row.problems++
          continue
        }
        row.answered++
        const truth = item.truth[model]
        if (truth === null) continue
        row.labelled++
        if (p.top[0] === truth) row.top1++
        if (p.top.slice(0, 5).includes(truth)) row.top5++
      }
      rows.push(row)
    }
  const agreement: BatchAgreementRow[] = []
  for (let a = 0; a < result.models.length; a++)
    for (let b = a + 1; b < result.models.length; b++)
      for (let setting = 0; setting < result.settings.length; setting++) {
        const row: BatchAgreementRow = { setting, models: [a, b], compared: 0, agreed: 0 }
        for (const item of result.items) {
          const [x, y] = [top1Name(result, item, setting, a), top1Name(result, item, setting, b)]
          if (x === null || y === null) continue
          row.compared++
          if (x === y) row.agreed++
        }
        agreement.push(row)
      }
  return { rows, agreement }
}

/** An image worth a look in one setting: a model got its label wrong, or (unlabelled) the models disagree. */
export interface BatchMistake {
  /** position in `result.items` */
  item: number
  setting: number
  /** models (indices) whose top-1 is not the image's label for them */
  wrong: number[]
  /** whether the models' top-1 classes differ (with two or more models answering) */
  disagree: boolean
}

/**
 * Whether an item is a mistake in a setting: some model's top-1 differs from its label, or, when
 * no model has a label for it, the models' top-1 classes differ. An unlabelled image on which
 * the models agree tells nothing about either; a labelled one on which all are right neither.
 */
export function mistakeOf(result: BatchResult, at: number, setting: number): BatchMistake | null {
  const item = result.items[at]
  const wrong: number[] = []
  const names = new Set<string>()
  let labelled = false
  result.models.forEach((_, model) => {
    const name = top1Name(result, item, setting, model)
    if (name !== null) names.add(name)
    const truth = item.truth[model]
    if (truth === null) return
    labelled = true
    if (item.predictions[setting]?.[model]?.top[0] !== truth) wrong.push(model)
  })
  const disagree = names.size > 1
  if (wrong.length > 0 || (!labelled && disagree)) return { item: at, setting, wrong, disagree }
  return null
}

/** The mistakes ({@link mistakeOf}) of every item, in one setting or all, in item order. */
export function batchMistakes(result: BatchResult, setting?: number): BatchMistake[] {
  const settings = setting === undefined ? result.settings.map((_, s) => s) : [setting]
  return result.items.flatMap((_, at) => settings.flatMap((s) => mistakeOf(result, at, s) ?? []))
}
