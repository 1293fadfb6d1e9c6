import { useId, type ReactNode } from 'react'
import { NumberField } from '../primitives/NumberField'
import { ParamSlider } from '../primitives/ParamSlider'
import { ControlStyles } from '../styles'
import {
  CHANNEL_INDEX_GROUP,
  DEFAULT_NEURON_COUNT,
  MAX_NEURONS,
  MIN_NEURONS,
  TOP_ACTIVATING_GROUP,
  resolveNeuronChannels,
  type NeuronGroup,
  type NeuronSelection,
} from './neuronSelection'

/**
 * A group the host computes from the frames (e.g. the channels that changed most since a pinned
 * reference, or those most relevant to a class), offered beside the named groups.
 */
export interface AutomaticNeuronGroup {
  /** its id in the selection (e.g. `@changed`): unique, and not a named group's */
  id: string
  /** the option's text */
  label: string
  /** its channels, the first shown first; undefined while none are known */
  channels?: readonly number[]
  /** a word on the group under the channel list, e.g. why it has no channels yet ("Pin a reference first.") */
  status?: string
  /** the group's own controls (pin a reference, pick a class), shown while it is selected */
  controls?: ReactNode
}

export interface NeuronGroupSelectorProps {
  value: NeuronSelection
  onChange(value: NeuronSelection): void
  /** named groups the model ships for the selected layer */
  groups?: readonly NeuronGroup[]
  /** most active channels on the current frame, most active first; undefined until a frame is in */
  topChannels?: readonly number[]
  /** the selected layer's channel count (bounds "by channel index") */
  layerChannels?: number
  disabled?: boolean
  /** groups the host computes, offered after the top-activating channels (none by default) */
  automatic?: readonly AutomaticNeuronGroup[]
}

/**
 * Chooses the neurons shown for the selected layer: a named group the model ships, the channels
 * most active on the current frame (for any model), a group the host computes (`automatic`, with
 * its own controls while selected), or consecutive channels by index, and how many of them (1–8,
 * four by default as in the thesis). Lists the resulting channel indices.
 */
export function NeuronGroupSelector({ value, onChange, groups = [], topChannels, layerChannels, disabled, automatic = [] }: NeuronGroupSelectorProps) {
  const selectId = useId()
  const selectedAutomatic = automatic.find((g) => g.id === value.group)
  // an automatic group resolves like a named one; the named groups' ids come first should they clash
  const allGroups = [...groups, ...automatic.map((g) => ({ id: g.id, name: g.label, channels: g.channels ?? [] }))]
  const channels = resolveNeuronChannels(value, { groups: allGroups, topChannels, layerChannels })
  const known = value.group === TOP_ACTIVATING_GROUP || value.group === CHANNEL_INDEX_GROUP || allGroups.some((g) => g.id === value.group)
  const maxStart = Math.max(0, (layerChannels ?? 1) - 1)
  return (
    <div className="pz-controls">
      <ControlStyles />
      <div className="pz-field">
        <label htmlFor={selectId}>Neurons</label>
        <select
          id={selectId}
          value={value.group}
          disabled={disabled}
          onChange={(event) => {
            const group = event.target.value
            onChange(group === CHANNEL_INDEX_GROUP ? { ...value, group, start: value.start ?? 0 } : { group, count: value.count })
          }}
        >
          <option value={TOP_ACTIVATING_GROUP}>Top-activating on this frame</option>
          {automatic.map((group) => (
            <option key={group.id} value={group.id}>
              {group.label}
            </option>
          ))}
          {groups.length > 0 && (
            <optgroup label="Groups">
              {groups.map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name} ({group.channels.length})
                </option>
              ))}
            </optgroup>
          )}
          <option value={CHANNEL_INDEX_GROUP}>By channel index</option>
          {!known && <option value={value.group}>{value.group} (not in this layer)</option>}
        </select>
      </div>
      {selectedAutomatic?.controls}
      {value.group === CHANNEL_INDEX_GROUP && (
        <div className="pz-field">
          <label htmlFor={`${selectId}-start`}>First channel</label>
          <NumberField
            id={`${selectId}-start`}
            label="First channel"
            value={value.start ?? 0}
            min={0}
            max={layerChannels !== undefined ? maxStart : Number.MAX_SAFE_INTEGER}
            step={1}
            disabled={disabled}
            onChange={(start) => onChange({ ...value, start: Math.round(start) })}
          />
        </div>
      )}
      <ParamSlider
        label="# of Neurons"
        value={value.count}
        min={MIN_NEURONS}
        max={MAX_NEURONS}
        step={1}
        defaultValue={DEFAULT_NEURON_COUNT}
        disabled={disabled}
        onChange={(count) => onChange({ ...value, count })}
      />
      <p className="pz-hint" aria-live="polite">
        {channels.length > 0
          ? `Channels ${channels.join(', ')}${selectedAutomatic?.status ? ` · ${selectedAutomatic.status}` : ''}`
          : selectedAutomatic
            ? (selectedAutomatic.status ?? 'Its channels appear with the next frame.')
            : value.group === TOP_ACTIVATING_GROUP && topChannels === undefined
              ? 'Top channels appear with the next frame.'
              : 'No channels in this group for this layer.'}
      </p>
    </div>
  )
}
