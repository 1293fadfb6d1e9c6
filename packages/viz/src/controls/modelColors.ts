/**
 * The colour code of the model slots, used by every widget that shows or selects something
 * model-specific (thesis §5.3: two shades of blue for Model 1 and Model 2, Model 1 the darker one,
 * and yellow for the edited model). Slots, not models: whatever model sits in slot 1 is drawn in
 * `model1`.
 */
export const modelColors = {
  model1: '#1f5fa8',
  model2: '#6aaee6',
  edited: '#e3b21c',
} as const

/** A model's role in the interface: one of the two slots, or the edited model. */
export type ModelRole = keyof typeof modelColors

/** The two loadable slots (the edited model is derived from them). */
export type ModelSlotId = Exclude<ModelRole, 'edited'>

export const modelRoleLabels: Readonly<Record<ModelRole, string>> = {
  model1: 'Model 1',
  model2: 'Model 2',
  edited: 'Edited Model',
}

export const MODEL_SLOT_IDS: readonly ModelSlotId[] = ['model1', 'model2']
