import type { ModelSlotId } from '../modelColors'
import { MODEL_SLOT_IDS } from '../modelColors'
import { ModelSelector } from './ModelSelector'
import type { AvailableModel, ModelSlotStatus, ModelSlotValue } from './types'

export type ModelSlotsValue = Record<ModelSlotId, ModelSlotValue>

export interface ModelSlotsProps {
  models: readonly AvailableModel[]
  value: ModelSlotsValue
  onChange(value: ModelSlotsValue): void
  status?: Partial<Record<ModelSlotId, ModelSlotStatus>>
  onLoadUrl?(slot: ModelSlotId, url: string): void
  onLoadFiles?(slot: ModelSlotId, files: File[]): void
  /** offers "Cancel" while a slot loads */
  onCancelLoad?(slot: ModelSlotId): void
  /** let Model 2 be emptied (comparing is optional); default true */
  allowEmptyModel2?: boolean
}

/** The two model slots side by side, each a {@link ModelSelector} in its slot colour. */
export function ModelSlots({ models, value, onChange, status, onLoadUrl, onLoadFiles, onCancelLoad, allowEmptyModel2 = true }: ModelSlotsProps) {
  return (
    <div className="pz-model-slots" style={{ display: 'flex', gap: 8, flexWrap: 'wrap' }}>
      {MODEL_SLOT_IDS.map((slot) => (
        <div key={slot} style={{ flex: '1 1 260px' }}>
          <ModelSelector
            slot={slot}
            models={models}
            value={value[slot]}
            status={status?.[slot]}
            allowEmpty={slot === 'model2' && allowEmptyModel2}
            onChange={(slotValue) => onChange({ ...value, [slot]: slotValue })}
            onLoadUrl={onLoadUrl && ((url) => onLoadUrl(slot, url))}
            onLoadFiles={onLoadFiles && ((files) => onLoadFiles(slot, files))}
            onCancel={onCancelLoad && (() => onCancelLoad(slot))}
          />
        </div>
      ))}
    </div>
  )
}
