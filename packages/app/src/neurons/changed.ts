/** Each channel's change and the channels that changed most, most first. */
export interface ChannelChange {
  /** |mean(current) − mean(reference)| per channel, in channel order */
  deltas: Float32Array
  channels: number[]
}

/**
 * The `count` channels with the largest values, largest first (ties: the lower channel first);
 * with `positiveOnly`, channels whose value is not above 0 are left out.
 */
export function rankChannels(values: ArrayLike<number>, count: number, positiveOnly = false): number[] {
  return Array.from({ length: values.length }, (_, c) => c)
    .filter((c) => Number.isFinite(values[c]) && (!positiveOnly || values[c] > 0))
    .sort((a, b) => values[b] - values[a] || a - b)
    .slice(0, Math.max(0, count))
}

/**
 * The `count` channels whose mean activation moved most from the reference (by absolute change,
 * either way: a channel switched off matters as much as one switched on); channels that did not
 * move at all are left out, so the reference frame itself shows none.
 */
export function changedChannels(current: ArrayLike<number>, reference: ArrayLike<number>, count: number): ChannelChange {
  if (current.length !== reference.length) throw new Error(`The reference has ${reference.length} channel means, the frame ${current.length}.`)
  const deltas = new Float32Array(current.length)
  for (let c = 0; c < deltas.length; c++) deltas[c] = Math.abs(current[c] - reference[c])
  return { deltas, channels: rankChannels(deltas, count, true) }
}

/** Where a model's reference means of a layer are kept. */
export const referenceKey = (modelId: string, layer: string) => `${modelId} ${layer}`
