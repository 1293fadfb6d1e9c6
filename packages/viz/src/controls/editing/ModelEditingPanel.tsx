import { useId, type CSSProperties } from 'react'
import { modelColors } from '../modelColors'
import { ParamSlider } from '../primitives/ParamSlider'
import { RangeSlider } from '../primitives/RangeSlider'
import { ControlStyles } from '../styles'
import { FULL_RANGE, keptChannelCount, mixAlpha, pruneRangeOf, withMix, withPrune, type EditingMode, type ModelEdits } from './modelEdits'

export interface ModelEditingPanelProps<T extends ModelEdits> {
  mode: EditingMode
  onModeChange(mode: EditingMode): void
  /** `EditedModel.mixUnits`: one mixing slider each, in this order */
  mixUnits: readonly { name: string; layers?: readonly string[] }[]
  /** `EditedModel.prunableLayers`: one range slider each, with its output channel count O */
  prunableLayers: readonly { name: string; outputChannels: number }[]
  /** the current edits, e.g. `edited.editState()`; fields besides mix and prune pass through */
  value: T
  onChange(value: NoInfer<T>): void
  /** 'release': report a slider only when it is let go (re-mixing a large block is not free); default 'input' */
  commit?: 'input' | 'release'
  /** why mixing is unavailable (e.g. "Load a Model 2 with the same architecture"); disables the mix sliders */
  mixUnavailable?: string
}

/**
 * The thesis' weight-editing pane (§5.4): in Mix mode one slider per block or layer from Model 1
 * (0) to Model 2 (1), in Prune mode one two-thumb range per prunable layer whose kept output
 * channels (by magnitude rank) are counted next to it. Reset per slider and for all of a mode.
 */
export function ModelEditingPanel<T extends ModelEdits>(props: ModelEditingPanelProps<T>) {
  const { mode, onModeChange, mixUnits, prunableLayers, value, onChange, commit = 'input', mixUnavailable } = props
  const modeId = useId()
  const editedCount = mode === 'mix' ? Object.keys(value.mix).length : Object.keys(value.prune).length
  const resetAll = () => onChange(mode === 'mix' ? { ...value, mix: {} } : { ...value, prune: {} })
  return (
    <div className="pz-controls" style={{ '--pz-row-accent': modelColors.edited } as CSSProperties}>
      <ControlStyles />
      <div className="pz-field">
        <label htmlFor={modeId}>Editing Mode</label>
        <select id={modeId} value={mode} onChange={(event) => onModeChange(event.target.value as EditingMode)}>
          <option value="mix">Mix</option>
          <option value="prune">Prune</option>
        </select>
        <button type="button" className="pz-button" disabled={editedCount === 0} onClick={resetAll}>
          Reset all
        </button>
      </div>
      {mode === 'mix' ? (
        <>
          {/* e.g. an architecture mismatch lists one differing layer per line */}
          {mixUnavailable && (
            <p className="pz-hint" style={{ whiteSpace: 'pre-wrap', maxHeight: 160, overflowY: 'auto' }}>
              {mixUnavailable}
            </p>
          )}
          <div className="pz-ends" aria-hidden="true">
            <span>
              <span className="pz-swatch" style={{ '--pz-swatch': modelColors.model1 } as CSSProperties} />0 = Model 1
            </span>
            <span>
              1 = Model 2<span className="pz-swatch" style={{ '--pz-swatch': modelColors.model2, marginLeft: 4 } as CSSProperties} />
            </span>
          </div>
          <div className="pz-scroll" role="group" aria-label="Mixing: 0 = Model 1, 1 = Model 2">
            {mixUnits.map((unit) => (
              <ParamSlider
                key={unit.name}
                label={unit.name}
                description={unit.layers && unit.layers.length > 1 ? `Layers: ${unit.layers.join(', ')}` : undefined}
                value={mixAlpha(value, unit.name)}
                min={0}
                max={1}
                step={0.01}
                defaultValue={0}
                color={modelColors.edited}
                commit={commit}
                disabled={!!mixUnavailable}
                onChange={(alpha) => onChange(withMix(value, unit.name, alpha))}
              />
            ))}
          </div>
        </>
      ) : (
        <div className="pz-scroll" role="group" aria-label="Pruning: kept magnitude range per layer">
          {prunableLayers.map((layer) => {
            const range = pruneRangeOf(value, layer.name)
            const kept = keptChannelCount(range, layer.outputChannels)
            return (
              <RangeSlider
                key={layer.name}
                label={layer.name}
                value={range}
                defaultValue={FULL_RANGE}
                color={modelColors.edited}
                commit={commit}
                readout={<span title={`${kept} of ${layer.outputChannels} output channels kept`}>{`${kept}/${layer.outputChannels}`}</span>}
                onChange={(next) => onChange(withPrune(value, layer.name, next))}
              />
            )
          })}
        </div>
      )}
    </div>
  )
}
