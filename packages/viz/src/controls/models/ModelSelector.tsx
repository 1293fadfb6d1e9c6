import { useId, useRef, useState, type CSSProperties, type FormEvent } from 'react'
import { modelColors, modelRoleLabels, type ModelRole } from '../modelColors'
import { ControlStyles } from '../styles'
import { CheckpointSlider } from './CheckpointSlider'
import { modelDisplayName, type AvailableModel, type ModelSlotStatus, type ModelSlotValue } from './types'

const LOAD_URL = '@load-url'
const LOAD_FILES = '@load-files'
const EMPTY = '@empty'

export interface ModelSelectorProps {
  /** which slot this is: sets the colour and the default title */
  slot: ModelRole
  models: readonly AvailableModel[]
  value: ModelSlotValue
  onChange(value: ModelSlotValue): void
  /** "Load from URL…" is offered when given; called with the URL the user typed */
  onLoadUrl?(url: string): void
  /** "Load files…" is offered when given; called with model.json and its weight files */
  onLoadFiles?(files: File[]): void
  status?: ModelSlotStatus
  /** a "Cancel" button beside the progress while the slot loads (the slot keeps the model it had) */
  onCancel?(): void
  /** default "Model 1" / "Model 2" / "Edited Model" */
  title?: string
  /** offer "(none)" to empty the slot */
  allowEmpty?: boolean
}

/**
 * One model slot: a model picker (the app's models plus "load from URL…" / "load files…"), a
 * checkpoint slider for models that ship several, and the slot's loading progress or last error
 * in place. Framed in the slot's colour.
 */
export function ModelSelector(props: ModelSelectorProps) {
  const { slot, models, value, onChange, onLoadUrl, onLoadFiles, status, allowEmpty } = props
  const title = props.title ?? modelRoleLabels[slot]
  const selectId = useId()
  const fileInput = useRef<HTMLInputElement>(null)
  const [urlFormOpen, setUrlFormOpen] = useState(false)
  const [url, setUrl] = useState('')
  const model = models.find((m) => m.id === value.modelId)
  const checkpoints = model?.checkpoints ?? []
  const loading = status?.loading
  const color = modelColors[slot]

  const onSelect = (choice: string) => {
    if (choice === LOAD_URL) return setUrlFormOpen(true)
    if (choice === LOAD_FILES) return fileInput.current?.click()
    const modelId = choice === EMPTY ? null : choice
    if (modelId !== value.modelId) onChange({ modelId })
  }
  const submitUrl = (event: FormEvent) => {
    event.preventDefault()
    const trimmed = url.trim()
    if (!trimmed) return
    onLoadUrl?.(trimmed)
    setUrlFormOpen(false)
    setUrl('')
  }

  return (
    <fieldset className="pz-controls pz-slot" style={{ '--pz-slot-color': color } as CSSProperties} aria-busy={!!loading}>
      <ControlStyles />
      <legend>
        <span className="pz-swatch" aria-hidden="true" style={{ '--pz-swatch': color } as CSSProperties} />
        {title}
      </legend>
      <div className="pz-field">
        <label htmlFor={selectId}>Model</label>
        <select id={selectId} value={value.modelId ?? EMPTY} onChange={(event) => onSelect(event.target.value)}>
          {(allowEmpty || value.modelId === null) && <option value={EMPTY}>(none)</option>}
          {value.modelId !== null && !model && <option value={value.modelId}>{value.modelId}</option>}
          {models.map((m) => (
            <option key={m.id} value={m.id}>
              {modelDisplayName(m)}
            </option>
          ))}
          {(onLoadUrl || onLoadFiles) && <option disabled>──────────</option>}
          {onLoadUrl && <option value={LOAD_URL}>Load from URL…</option>}
          {onLoadFiles && <option value={LOAD_FILES}>Load files…</option>}
        </select>
      </div>
      {onLoadFiles && (
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          // no accept filter: TF.js weight shards often have no extension (group1-shard1of2)
          aria-label={`${title} model files`}
          onChange={(event) => {
            const files = Array.from(event.target.files ?? [])
            event.target.value = '' // the same files can be picked again after an error
            if (files.length > 0) onLoadFiles(files)
          }}
        />
      )}
      {urlFormOpen && (
        // noValidate: a path on the same site ("/models/x/model.json", "./zoo/…") is a fine model URL,
        // but not a valid absolute URL to the browser, which would silently refuse to submit it
        <form className="pz-field" onSubmit={submitUrl} aria-label={`${title}: load from URL`} noValidate>
          <input
            type="url"
            aria-label={`${title} model.json URL`}
            placeholder="https://…/model.json"
            value={url}
            autoFocus
            onChange={(event) => setUrl(event.target.value)}
            onKeyDown={(event) => event.key === 'Escape' && setUrlFormOpen(false)}
          />
          <button type="submit" className="pz-button" disabled={!url.trim()}>
            Load
          </button>
          <button type="button" className="pz-button" onClick={() => setUrlFormOpen(false)}>
            Cancel
          </button>
        </form>
      )}
      {checkpoints.length > 1 && (
        <CheckpointSlider
          checkpoints={checkpoints}
          value={value.checkpoint ?? checkpoints.length - 1}
          color={color}
          onChange={(checkpoint) => onChange({ ...value, checkpoint })}
        />
      )}
      {loading && (
        <div className="pz-progress" role="status">
          <progress aria-label={`Loading ${title}`} max={1} value={loading.fraction} />
          <span>{loading.message ?? (loading.fraction !== undefined ? `${Math.round(loading.fraction * 100)}%` : 'Loading…')}</span>
          {props.onCancel ? (
            <button type="button" onClick={props.onCancel}>
              Cancel
            </button>
          ) : null}
        </div>
      )}
      {status?.error && (
        <p className="pz-error" role="alert">
          {status.error}
        </p>
      )}
    </fieldset>
  )
}
