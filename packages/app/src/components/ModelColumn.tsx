import type { ReactNode } from 'react'
import { neuronGroupsOf, type PerturberModel } from '@perturber/model-runtime'
import {
  LayerSelector,
  ModelEditingPanel,
  ModelSlots,
  NeuronGroupSelector,
  type AvailableModel,
  type EditingMode,
  type ModelSlotId,
  type ModelSlotStatus,
  type ModelSlotsValue,
  type NeuronSelection,
} from '@perturber/viz'
import type { AutomaticNeuronGroups } from '../neurons/AutomaticNeuronGroups'
import { AutomaticNeuronGroupSelector } from '../neurons/AutomaticNeuronGroupSelector'
import type { EditedModelState } from '../session/editedModel'
import type { AppEdits } from '../state/appState'

export interface ModelColumnProps {
  available: readonly AvailableModel[]
  slots: ModelSlotsValue
  onSlotsChange(value: ModelSlotsValue): void
  slotStatus: Record<ModelSlotId, ModelSlotStatus>
  onLoadUrl(slot: ModelSlotId, url: string): void
  onLoadFiles(slot: ModelSlotId, files: File[]): void
  onCancelLoad?(slot: ModelSlotId): void
  model1: PerturberModel | null
  layer: string | null
  onLayerChange(layer: string): void
  neurons: NeuronSelection
  onNeuronsChange(value: NeuronSelection): void
  topChannels?: readonly number[]
  /** the session's automatic neuron groups (changed since a pinned frame, relevant to a class), offered beside the named ones */
  automaticGroups?: AutomaticNeuronGroups
  /** the activation grid, or null when the view is off */
  activations: ReactNode
  inferenceError: string | null
  editing: EditedModelState | null
  edits: AppEdits
  onEditsChange(edits: AppEdits): void
  editingMode: EditingMode
  onEditingModeChange(mode: EditingMode): void
}

/** Middle column: model slots, layer and neuron selection, the neuron view and the editing panel. */
export function ModelColumn(props: ModelColumnProps) {
  const { model1, layer, editing } = props
  const layerInfo = model1?.layers.find((l) => l.name === layer)
  // the named groups Model 1's descriptor ships for this layer (every row shows the same channels)
  const groups = model1 ? neuronGroupsOf(model1.descriptor, layer) : []
  const selector = { value: props.neurons, onChange: props.onNeuronsChange, groups, topChannels: props.topChannels, layerChannels: layerInfo?.channels }
  return (
    <>
      <h2>Models</h2>
      <ModelSlots
        models={props.available}
        value={props.slots}
        onChange={props.onSlotsChange}
        status={props.slotStatus}
        onLoadUrl={props.onLoadUrl}
        onLoadFiles={props.onLoadFiles}
        onCancelLoad={props.onCancelLoad}
      />
      {model1 ? (
        <div className="pa-row">
          <LayerSelector layers={model1.layers} blocks={model1.blocks} value={layer ?? ''} onChange={props.onLayerChange} />
          {props.automaticGroups ? (
            <AutomaticNeuronGroupSelector automaticGroups={props.automaticGroups} {...selector} />
          ) : (
            <NeuronGroupSelector {...selector} />
          )}
        </div>
      ) : (
        <p className="pa-off">Load Model 1 (pick one, or load a model.json by URL or from files) to see its activations.</p>
      )}
      {props.inferenceError ? (
        <div className="pa-error" role="alert">
          {props.inferenceError}
        </div>
      ) : null}
      {props.activations}
      {editing ? <EditingSection {...props} editing={editing} /> : null}
    </>
  )
}

function EditingSection({ editing, edits, onEditsChange, editingMode, onEditingModeChange }: ModelColumnProps & { editing: EditedModelState }) {
  return (
    <section aria-label="Model editing">
      <h2>Edited model</h2>
      {editing.busy ? <div className="pa-status">Building the edited model…</div> : null}
      {editing.error ? (
        <div className="pa-error" role="alert">
          {editing.error}
        </div>
      ) : null}
      {editing.edited ? (
        <ModelEditingPanel
          mode={editingMode}
          onModeChange={onEditingModeChange}
          mixUnits={editing.edited.mixUnits}
          prunableLayers={editing.edited.prunableLayers}
          value={edits}
          onChange={onEditsChange}
          commit="release"
          mixUnavailable={editing.mixUnavailable}
        />
      ) : null}
    </section>
  )
}
