import { useId, type ChangeEvent, type ReactNode } from 'react'
import { BUILTIN_OBJECT_IDS, builtinBackgrounds, type BackgroundSource, type ObjectSource } from '@perturber/scene'
import { ControlStyles } from '../styles'
import { IMAGE_FILE_ACCEPT, OBJECT_FILE_ACCEPT } from './sceneFiles'

/** What the scene shows (`SceneSnapshot.object` and `.background`). */
export interface SceneContentValue {
  object: ObjectSource
  background: BackgroundSource
}

/** One entry of a picker: an object or background source with its name. */
export interface SceneContentOption<S> {
  source: S
  label: string
}

/** Where an uploaded image goes: the background, or the feature-visualization plane (in place of the object). */
export type SceneImageTarget = 'background' | 'feature-vis'

export interface SceneContentControlsProps {
  value: SceneContentValue
  onChange(value: SceneContentValue): void
  /** "Object from file…" is offered when given: an OBJ, glTF (embedded data) or GLB file */
  onUploadObject?(file: File): void
  /** "Background image from file…" and "Image on the feature-visualization plane…" are offered when given: a PNG, JPEG or WebP file */
  onUploadImage?(target: SceneImageTarget, file: File): void
  /** the object pairs offered (default: the scene's built-in pairs) */
  objects?: readonly SceneContentOption<ObjectSource>[]
  /** the backgrounds offered (default: the scene's built-in HDRIs and plain grey) */
  backgrounds?: readonly SceneContentOption<BackgroundSource>[]
  /** names of what was uploaded this session, offered again in the pickers */
  uploaded?: { objects?: readonly string[]; images?: readonly string[] }
  /**
   * Files the scene (e.g. a link) names but this session does not have: the upload control that
   * takes each is pointed out, with the name to upload.
   */
  missing?: { object?: string; background?: string; featureVis?: string }
  /** shown under the upload buttons (e.g. "or drop a file on the scene") */
  hint?: ReactNode
}

/** Names of the built-in pairs ("first ↔ second"); an id not listed here is shown by its id. */
const OBJECT_LABELS: Readonly<Record<string, string>> = {
  'dog-cat': 'Dog ↔ Cat',
  'firetruck-racecar': 'Fire truck ↔ Race car',
  'teapot-mug': 'Teapot ↔ Coffee mug',
  'goldfish-macaw': 'Goldfish ↔ Macaw',
  'airliner-sailboat': 'Airliner ↔ Sailboat',
}

const titleCase = (word: string) => word.charAt(0).toUpperCase() + word.slice(1)

/** The scene's built-in morphable pairs, as picker options. */
export const builtinObjectOptions: readonly SceneContentOption<ObjectSource>[] = BUILTIN_OBJECT_IDS.map((id) => ({
  source: { kind: 'builtin', id },
  label: OBJECT_LABELS[id] ?? id.split('-').map(titleCase).join(' ↔ '),
}))

/** The plain grey background (the scene's fallback) as a colour. */
export const GREY_BACKGROUND = '#808080'

/** The scene's built-in HDRI backgrounds and plain grey, as picker options. */
export const builtinBackgroundOptions: readonly SceneContentOption<BackgroundSource>[] = [
  ...(Object.keys(builtinBackgrounds) as (keyof typeof builtinBackgrounds)[]).map((id): SceneContentOption<BackgroundSource> => ({ source: { kind: 'hdri', id }, label: builtinBackgrounds[id].label })),
  { source: { kind: 'solid', color: GREY_BACKGROUND }, label: 'Plain grey' },
]

/** A source as one select value: `<kind>:<id or name>`. */
function objectKey(source: ObjectSource): string {
  switch (source.kind) {
    case 'builtin':
      return `builtin:${source.id}`
    case 'user':
      return `user:${source.name}`
    case 'feature-vis':
      return `feature-vis:${source.label}`
  }
}

function objectOf(key: string): ObjectSource {
  const [kind, rest] = splitKey(key)
  if (kind === 'user') return { kind: 'user', name: rest }
  if (kind === 'feature-vis') return { kind: 'feature-vis', label: rest }
  return { kind: 'builtin', id: rest }
}

function backgroundKey(source: BackgroundSource): string {
  switch (source.kind) {
    case 'hdri':
      return `hdri:${source.id}`
    case 'solid':
      return `solid:${source.color}`
    case 'image':
      return `image:${source.name}`
  }
}

function backgroundOf(key: string): BackgroundSource {
  const [kind, rest] = splitKey(key)
  if (kind === 'solid') return { kind: 'solid', color: rest }
  if (kind === 'image') return { kind: 'image', name: rest }
  return { kind: 'hdri', id: rest as Extract<BackgroundSource, { kind: 'hdri' }>['id'] }
}

function splitKey(key: string): [string, string] {
  const colon = key.indexOf(':')
  return [key.slice(0, colon), key.slice(colon + 1)]
}

const unique = (names: readonly string[]) => [...new Set(names)]

/**
 * What the scene shows: the morphable object pair and the background from the built-in ones,
 * and the user's own files — an object (OBJ/glTF/GLB, the paper's upload), a background image,
 * or an image on the feature-visualization plane in place of the object. Fully controlled (the
 * value is the scene's object and background sources); uploads are handed to the callbacks, whose
 * owner loads them and reports failures (the scene store's `loadError`).
 */
export function SceneContentControls(props: SceneContentControlsProps) {
  const { value, onChange, onUploadObject, onUploadImage, objects = builtinObjectOptions, backgrounds = builtinBackgroundOptions, uploaded = {}, missing = {}, hint } = props
  const objectId = useId()
  const backgroundId = useId()

  const userObjects = unique([...(uploaded.objects ?? []), ...(value.object.kind === 'user' ? [value.object.name] : [])])
  const planeImages = unique([...(uploaded.images ?? []), ...(value.object.kind === 'feature-vis' ? [value.object.label] : [])])
  const backgroundImages = unique([...(uploaded.images ?? []), ...(value.background.kind === 'image' ? [value.background.name] : [])])
  const currentObject = objectKey(value.object)
  const currentBackground = backgroundKey(value.background)
  const unlistedObject = value.object.kind === 'builtin' && !objects.some((o) => objectKey(o.source) === currentObject)
  const unlistedBackground = value.background.kind !== 'image' && !backgrounds.some((b) => backgroundKey(b.source) === currentBackground)

  return (
    <div className="pz-controls pz-scene-content" role="group" aria-label="Scene content">
      <ControlStyles />
      <SceneContentStyles />
      <div className="pz-field">
        <label htmlFor={objectId}>Object</label>
        <select id={objectId} value={currentObject} onChange={(event) => event.target.value !== currentObject && onChange({ ...value, object: objectOf(event.target.value) })}>
          <optgroup label="Object pairs">
            {objects.map((o) => (
              <option key={objectKey(o.source)} value={objectKey(o.source)}>
                {o.label}
              </option>
            ))}
            {unlistedObject && <option value={currentObject}>{currentObject.replace(/^builtin:/, '')}</option>}
          </optgroup>
          <UploadedOptions label="Uploaded objects" names={userObjects} kind="user" />
          <UploadedOptions label="Image on the feature-visualization plane" names={planeImages} kind="feature-vis" suffix=" (on the plane)" />
        </select>
      </div>
      <div className="pz-field">
        <label htmlFor={backgroundId}>Background</label>
        <select id={backgroundId} value={currentBackground} onChange={(event) => event.target.value !== currentBackground && onChange({ ...value, background: backgroundOf(event.target.value) })}>
          <optgroup label="Backgrounds">
            {backgrounds.map((b) => (
              <option key={backgroundKey(b.source)} value={backgroundKey(b.source)}>
                {b.label}
              </option>
            ))}
            {unlistedBackground && <option value={currentBackground}>{currentBackground.replace(/^[a-z]+:/, '')}</option>}
          </optgroup>
          <UploadedOptions label="Uploaded images" names={backgroundImages} kind="image" />
        </select>
      </div>
      {(onUploadObject || onUploadImage) && (
        <div className="pz-scene-uploads">
          {onUploadObject && (
            <FileButton label="Object from file…" accept={OBJECT_FILE_ACCEPT} title="An OBJ, glTF (with embedded data) or GLB mesh; it morphs into itself" missing={missing.object} onFile={onUploadObject} />
          )}
          {onUploadImage && (
            <>
              <FileButton label="Background image from file…" accept={IMAGE_FILE_ACCEPT} title="A PNG, JPEG or WebP image behind the object" missing={missing.background} onFile={(file) => onUploadImage('background', file)} />
              <FileButton
                label="Image on the feature-visualization plane…"
                accept={IMAGE_FILE_ACCEPT}
                title="A PNG, JPEG or WebP image (e.g. a feature visualization) on a plane in place of the object"
                missing={missing.featureVis}
                onFile={(file) => onUploadImage('feature-vis', file)}
              />
            </>
          )}
          {hint ? <p className="pz-hint">{hint}</p> : null}
        </div>
      )}
    </div>
  )
}

/** The files uploaded this session as one option group (`kind:name` values); nothing when there are none. */
function UploadedOptions({ label, names, kind, suffix = '' }: { label: string; names: readonly string[]; kind: string; suffix?: string }) {
  if (names.length === 0) return null
  return (
    <optgroup label={label}>
      {names.map((name) => (
        <option key={name} value={`${kind}:${name}`}>
          {name}
          {suffix}
        </option>
      ))}
    </optgroup>
  )
}

/** A button-styled label around a visually hidden file input: the input keeps its name, focus and keyboard use. */
function FileButton({ label, accept, title, missing, onFile }: { label: string; accept: string; title: string; missing?: string; onFile(file: File): void }) {
  const noteId = useId()
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    // cleared, so picking the same file again is a change too
    event.target.value = ''
    if (file) onFile(file)
  }
  return (
    <div className="pz-scene-upload">
      <label className={missing !== undefined ? 'pz-button pz-file pz-file-wanted' : 'pz-button pz-file'} title={title}>
        <input type="file" accept={accept} onChange={onChange} aria-describedby={missing !== undefined ? noteId : undefined} />
        {label}
      </label>
      {missing !== undefined && (
        <p id={noteId} className="pz-error pz-file-note">
          {missing ? `“${missing}” is not in this session: upload it again here.` : 'The file is not in this session: upload it again here.'}
        </p>
      )}
    </div>
  )
}

const sceneContentCss = `
.pz-scene-content select { flex: 1; min-width: 0; font: inherit; }
.pz-scene-uploads { display: flex; flex-wrap: wrap; gap: 6px; align-items: flex-start; }
.pz-scene-upload { display: flex; flex-direction: column; gap: 2px; max-width: 100%; }
.pz-file { position: relative; display: inline-block; max-width: 100%; }
.pz-file input { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
.pz-file:focus-within { outline: 2px solid var(--pz-accent); outline-offset: 1px; }
.pz-file-wanted { border-color: var(--pz-error); box-shadow: 0 0 0 2px rgba(179, 38, 30, 0.25); }
.pz-file-note { font-size: 11px; }
.pz-scene-uploads .pz-hint { flex-basis: 100%; font-size: 11px; }
`

function SceneContentStyles() {
  return (
    <style href="perturber-scene-content" precedence="default">
      {sceneContentCss}
    </style>
  )
}
