/** A named set of channels of one layer that a model ships (e.g. the Circuits project's "curve detectors"). */
export interface NeuronGroup {
  /** stable id (for the URL); unique among the layer's groups */
  id: string
  name: string
  channels: readonly number[]
}

/** The automatic group: the channels that activate most on the current frame. */
export const TOP_ACTIVATING_GROUP = '@top'
/** Consecutive channels from `start`, for any model. */
export const CHANNEL_INDEX_GROUP = '@index'

export const MIN_NEURONS = 1
export const MAX_NEURONS = 8
/** thesis §5.3: four neurons by default */
export const DEFAULT_NEURON_COUNT = 4

/** Which neurons are shown: a group (named, automatic or by index) and how many of it. */
export interface NeuronSelection {
  /** a {@link NeuronGroup} id, {@link TOP_ACTIVATING_GROUP} or {@link CHANNEL_INDEX_GROUP} */
  group: string
  /** 1–8 */
  count: number
  /** first channel of the {@link CHANNEL_INDEX_GROUP} group */
  start?: number
}

export const defaultNeuronSelection: NeuronSelection = { group: TOP_ACTIVATING_GROUP, count: DEFAULT_NEURON_COUNT }

export interface NeuronSources {
  groups?: readonly NeuronGroup[]
  /** most active channels on the current frame, most active first (from the frame's results) */
  topChannels?: readonly number[]
  /** the layer's channel count: channels beyond it are dropped */
  layerChannels?: number
}

/**
 * The channel indices a selection shows: the first `count` of its group, those that exist in the
 * layer. An unknown group id (e.g. from an old URL) shows nothing rather than a guess.
 */
export function resolveNeuronChannels(selection: NeuronSelection, sources: NeuronSources): number[] {
  const count = Math.min(MAX_NEURONS, Math.max(MIN_NEURONS, Math.round(selection.count)))
  const limit = sources.layerChannels ?? Infinity
  let channels: readonly number[]
  if (selection.group === TOP_ACTIVATING_GROUP) channels = sources.topChannels ?? []
  else if (selection.group === CHANNEL_INDEX_GROUP) {
    const start = Math.max(0, Math.round(selection.start ?? 0))
    channels = Array.from({ length: count }, (_, i) => start + i)
  } else channels = sources.groups?.find((g) => g.id === selection.group)?.channels ?? []
  return channels.filter((c) => Number.isInteger(c) && c >= 0 && c < limit).slice(0, count)
}
