import { useEffect, useId } from 'react'
import { ControlStyles, NumberField, SearchableSelect } from '@perturber/viz/primitives'
import type { PerturberSession } from '../session/PerturberSession'
import { useSession } from '../session/useSession'
import type { SensitivityOutput } from './sensitivity'
import type { SensitivityTracker } from './SensitivityTracker'
import { useSensitivityState } from './useSensitivity'

export interface SensitivityPanelProps {
  session: PerturberSession
  tracker: SensitivityTracker | null
}

type OutputKind = SensitivityOutput['kind']

/**
 * Sensitivity: switches the indicators under the sliders on and off, picks the output they
 * differentiate (the analysed model's top class, a class, or a channel of the selected layer) and
 * says what is being computed. The channel follows the selected layer.
 */
export function SensitivityPanel({ session, tracker }: SensitivityPanelProps) {
  const id = useId()
  const enabled = useSensitivityState(tracker, (s) => s.enabled) ?? false
  const output = useSensitivityState(tracker, (s) => s.output)
  const status = useSensitivityState(tracker, (s) => s.status)
  const progress = useSensitivityState(tracker, (s) => (s.result ? `${s.result.entries.length}/${s.result.total}` : null))
  const resolved = useSensitivityState(tracker, (s) => s.result?.output.label ?? null)
  const error = useSensitivityState(tracker, (s) => s.error)
  const analysed = useSession(session, (s) => s.shown[0]?.model ?? null)
  const layer = useSession(session, (s) => s.controls.layer)
  const labels = analysed?.descriptor.labels.names ?? []
  const layerChannels = analysed?.layers.find((l) => l.name === layer)?.channels

  // a channel of the selected layer: when the layer changes, the channel moves with it
  useEffect(() => {
    if (!tracker || output?.kind !== 'channel' || !layer || layerChannels === undefined) return
    if (output.layer !== layer || output.channel >= layerChannels) tracker.setOutput({ kind: 'channel', layer, channel: Math.min(output.channel, layerChannels - 1) })
  }, [tracker, output, layer, layerChannels])

  const pick = (kind: OutputKind) => {
    if (!tracker) return
    if (kind === 'top-class') tracker.setOutput({ kind })
    else if (kind === 'class') tracker.setOutput({ kind, classIndex: output?.kind === 'class' ? output.classIndex : 0 })
    else if (layer) tracker.setOutput({ kind, layer, channel: 0 })
  }
  const classOptions = labels.map((name, i) => ({ id: String(i), label: `${i}: ${name}` }))
  const statusText =
    status === 'computing' ? `Computing d(${resolved ?? 'output'}) per parameter at this state… ${progress ?? ''}` : status === 'waiting' ? 'Computed when the scene stops changing.' : status === 'done' && resolved ? `d(${resolved}) per unit of each parameter, at this state. Bars compare the change across each slider’s whole range.` : null
  return (
    <fieldset className="pz-controls pa-sensitivity" aria-label="Sensitivity">
      <ControlStyles />
      <legend>
        <label>
          <input type="checkbox" checked={enabled} disabled={!tracker} onChange={(event) => tracker?.setEnabled(event.target.checked)} /> Sensitivity
        </label>
      </legend>
      {enabled && output ? (
        <>
          <div className="pz-field">
            <label htmlFor={`${id}-output`}>Of</label>
            <select id={`${id}-output`} value={output.kind} onChange={(event) => pick(event.target.value as OutputKind)}>
              <option value="top-class">the top class’s logit</option>
              <option value="class">a class’s logit…</option>
              <option value="channel" disabled={!layer || layerChannels === undefined}>
                a channel’s mean activation ({layer ?? 'no layer'})…
              </option>
            </select>
          </div>
          {output.kind === 'class' ? (
            <div className="pz-field">
              <label htmlFor={`${id}-class`}>Class</label>
              <SearchableSelect id={`${id}-class`} label="Sensitivity class" options={classOptions} value={String(output.classIndex)} placeholder="Search classes…" onChange={(c) => tracker?.setOutput({ kind: 'class', classIndex: Number(c) })} />
            </div>
          ) : null}
          {output.kind === 'channel' && layerChannels !== undefined ? (
            <div className="pz-field">
              <label htmlFor={`${id}-channel`}>Channel</label>
              <NumberField id={`${id}-channel`} label="Sensitivity channel" value={output.channel} min={0} max={layerChannels - 1} step={1} onChange={(channel) => tracker?.setOutput({ ...output, channel: Math.round(channel) })} />
            </div>
          ) : null}
          {!analysed ? <p className="pz-hint">Load Model 1 to see how its output responds to each parameter.</p> : null}
          {statusText && analysed ? (
            <p className="pz-hint" aria-live="polite" data-testid="sensitivity-status">
              {statusText}
            </p>
          ) : null}
          {error ? (
            <p className="pz-error" role="alert">
              {error}
            </p>
          ) : null}
        </>
      ) : null}
    </fieldset>
  )
}
