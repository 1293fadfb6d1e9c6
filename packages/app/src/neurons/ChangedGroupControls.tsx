import type { AutomaticNeuronGroups } from './AutomaticNeuronGroups'

export interface ChangedGroupControlsProps {
  groups: AutomaticNeuronGroups
  pinned: boolean
  /** the reference's means are being computed */
  busy: boolean
}

/**
 * `@changed`'s controls: pin the frame on screen as the reference (again, to move it), or forget
 * it. The reference stays in this tab: a link carries the group, not the frame.
 */
export function ChangedGroupControls({ groups, pinned, busy }: ChangedGroupControlsProps) {
  return (
    <div className="pz-field">
      <button type="button" className="pz-button" disabled={busy} onClick={() => void groups.pin()} title="The channels shown are those whose mean activation moved most from this frame. Kept in this tab only: links do not carry it.">
        {pinned ? 'Pin this frame again' : 'Pin this frame as the reference'}
      </button>
      {pinned ? (
        <button type="button" className="pz-button" onClick={() => groups.unpin()}>
          Unpin
        </button>
      ) : null}
    </div>
  )
}
