import type { Prediction } from '@perturber/model-runtime'

/** What the bars show: the network's raw logits or softmax probabilities. */
export type PredictionValueKind = 'logits' | 'probabilities'

export interface PredictionBar {
  prediction: Prediction
  value: number
  /** Bar length in [0, 1]: |value| / max |value| over the bars shown (thesis: normalised by the maximum). */
  fraction: number
}

export function predictionValue(prediction: Prediction, kind: PredictionValueKind): number {
  return kind === 'logits' ? prediction.logit : prediction.probability
}

/**
 * The bars of the top `k` predictions, normalised to the largest shown magnitude so the top bar
 * is full and the others read relative to it. Logits can be negative (an untrained net's top-5
 * often are): a bar's length is then its magnitude, and the sign is the number's (and the style's).
 */
export function predictionBars(predictions: readonly Prediction[], kind: PredictionValueKind, k = 5): PredictionBar[] {
  const shown = predictions.slice(0, k)
  const values = shown.map((p) => predictionValue(p, kind))
  const max = values.reduce((m, v) => Math.max(m, Math.abs(v)), 0)
  return shown.map((prediction, i) => ({ prediction, value: values[i], fraction: max > 0 && Number.isFinite(values[i]) ? Math.abs(values[i]) / max : 0 }))
}

/**
 * Probabilities as percentages with one decimal (0.8731 → "87.3%"); logits with three significant
 * digits (12.35 → "12.3", 0.04123 → "0.0412"), so an untrained net's small logits stay distinct.
 */
export function formatPredictionValue(value: number, kind: PredictionValueKind): string {
  if (!Number.isFinite(value)) return String(value)
  if (kind === 'probabilities') return `${(value * 100).toFixed(1)}%`
  return Math.abs(value) >= 1000 ? value.toExponential(2) : value.toPrecision(3)
}
