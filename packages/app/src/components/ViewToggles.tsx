import type { AppViews } from '../state/appState'

const labels: Record<keyof AppViews, string> = {
  activations: 'Activations',
  predictions: 'Predictions',
  model2: 'Model 2',
  edited: 'Edited model',
}

export interface ViewTogglesProps {
  value: AppViews
  onChange(value: AppViews): void
}

/** Switches views off to save compute: what is off is neither computed nor drawn. */
export function ViewToggles({ value, onChange }: ViewTogglesProps) {
  return (
    <fieldset className="pa-toggles" style={{ border: 0, padding: 0, margin: 0 }}>
      <legend className="pa-status" style={{ float: 'left', marginRight: 8 }}>
        Show
      </legend>
      {(Object.keys(labels) as (keyof AppViews)[]).map((key) => (
        <label key={key}>
          <input type="checkbox" checked={value[key]} onChange={(e) => onChange({ ...value, [key]: e.target.checked })} />
          {labels[key]}
        </label>
      ))}
    </fieldset>
  )
}
