import { modelRoleLabels } from '@perturber/viz'
import type { BatchMistake } from './table'
import type { BatchResult } from './types'

/** The label in words: the first model's class the name matched (labels are class names, so the same for every model that has one). */
export function truthOf(result: BatchResult, { item }: BatchMistake): string | null {
  const truth = result.items[item].truth
  const m = truth.findIndex((t) => t !== null)
  return m < 0 ? null : `label ${result.models[m].classes[truth[m]!]}`
}

const top1Of = (result: BatchResult, { item, setting }: BatchMistake, m: number): string => {
  const top = result.items[item].predictions[setting][m]?.top[0]
  return top === undefined ? 'no answer' : result.models[m].classes[top]
}

export function top5Text(result: BatchResult, mistake: BatchMistake, m: number): string {
  const p = result.items[mistake.item].predictions[mistake.setting][m]
  if (!p || p.top.length === 0) return p?.problem ?? 'no answer'
  return p.top.map((c, k) => `${result.models[m].classes[c]} ${(100 * p.probabilities[k]).toFixed(1)} %`).join(', ')
}

/** "dog → cat" (label → the wrong answers), or "cat / dog" (the disagreeing answers of an unlabelled image). */
export function captionOf(result: BatchResult, mistake: BatchMistake): string {
  const truth = truthOf(result, mistake)?.replace(/^label /, '')
  const answers = [...new Set((mistake.wrong.length ? mistake.wrong : result.models.map((_, m) => m)).map((m) => top1Of(result, mistake, m)))]
  return truth ? `${truth} → ${answers.join(' / ')}` : answers.join(' / ')
}

/** The accessible name: the file, its label and every model's answer. */
export function describeMistake(result: BatchResult, mistake: BatchMistake): string {
  const answers = result.models.map((model, m) => `${modelRoleLabels[model.role]}: ${top1Of(result, mistake, m)}`)
  return `${result.items[mistake.item].name}: ${truthOf(result, mistake) ?? 'no label'}; ${answers.join('; ')}`
}
