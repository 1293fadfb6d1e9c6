import { useStore } from 'zustand'
import { NeuronGroupSelector, type NeuronGroupSelectorProps } from '@perturber/viz'
import { useSession } from '../session/useSession'
import type { AutomaticGroupsState, AutomaticNeuronGroups } from './AutomaticNeuronGroups'
import { ChangedGroupControls } from './ChangedGroupControls'
import { CHANGED_GROUP, RELEVANT_GROUP } from './groupIds'
import { RelevantGroupControls } from './RelevantGroupControls'

/** What `@changed` shows, in words: how to start, or what the channels are. */
function changedStatus({ reference, pinning, changed }: AutomaticGroupsState): string {
  if (!reference) return 'Pin a reference frame, then change the scene: the channels whose mean activation moves most are shown.'
  if (pinning) return 'Computing the reference…'
  const kept = '(kept in this tab only; links do not carry it)'
  return changed && changed.channels.length === 0 ? `Nothing has changed since the pinned frame ${kept}.` : `Largest |Δ mean| from the pinned frame ${kept}.`
}

export interface AutomaticNeuronGroupSelectorProps extends Omit<NeuronGroupSelectorProps, 'automatic'> {
  automaticGroups: AutomaticNeuronGroups
}

/**
 * The neuron-group selector with the session's automatic groups offered beside the named ones:
 * the channels that changed most since a pinned reference frame ("what did this perturbation
 * affect?") and those most relevant to a class on this frame, each with its controls and a word
 * on what it shows.
 */
export function AutomaticNeuronGroupSelector({ automaticGroups, ...props }: AutomaticNeuronGroupSelectorProps) {
  const state = useStore(automaticGroups.store)
  const model = useSession(automaticGroups.session, (s) => s.shown[0]?.model ?? null)
  const [changed, relevant] = automaticGroups.groups()
  const labels = model?.descriptor.labels.names ?? []
  const relevance = state.relevance
  const relevantTo = relevance ? (labels[relevance.classIndex] ?? `class ${relevance.classIndex}`) : null
  const automatic: NeuronGroupSelectorProps['automatic'] = [
    {
      id: CHANGED_GROUP,
      label: 'Changed most since a pinned frame',
      channels: changed.channels,
      status: state.changedError ?? changedStatus(state),
      controls: <ChangedGroupControls groups={automaticGroups} pinned={!!state.reference} busy={state.pinning} />,
    },
    {
      id: RELEVANT_GROUP,
      label: 'Most relevant to a class (gradient × activation)',
      channels: relevant.channels,
      status: state.relevanceError ?? (state.relevanceBusy ? 'Computing gradient × activation…' : relevantTo ? `Gradient × activation for “${relevantTo}”, summed over positions; largest first.` : undefined),
      controls: <RelevantGroupControls groups={automaticGroups} labels={labels} value={state.relevanceClass} />,
    },
  ]
  return <NeuronGroupSelector {...props} automatic={automatic} />
}
