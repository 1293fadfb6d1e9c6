import { memo, useCallback, useState, type DragEvent } from 'react'
import { PerturberCanvas, uploadImage, uploadObject, useSceneState } from '@perturber/scene'
import { PerturbationControls } from '@perturber/viz'
import { SceneContentControls, sceneFileKind, unsupportedSceneFileMessage, type SceneContentValue, type SceneImageTarget } from '@perturber/viz/controls'
import { SensitivityPanel } from '../sensitivity/SensitivityPanel'
import { useSensitivityIndicators, useSensitivityTracker } from '../sensitivity/useSensitivity'
import type { PerturberSession } from '../session/PerturberSession'
import { useSession } from '../session/useSession'
import { applySceneControls } from '../state/sceneControls'
import { FrameStatus } from './FrameStatus'
import { contentOf, uploadsOf, useWantedUploads } from './sceneUploads'
import { SceneFrameView } from './SceneFrameView'

export interface SceneColumnProps {
  session: PerturberSession
  /** class names for the target picker (Model 1's labels) */
  labels?: readonly string[]
}

/**
 * Left column: the perturbable scene (what the models see) above the scene content and
 * perturbation controls, which scroll on their own (appStyles) so the scene stays in view; each
 * slider shows the analysed model's sensitivity to it (picked in the Sensitivity panel).
 * Memoized: it follows the scene store itself, so the app re-rendering (new results, new top
 * channels) does not re-render its long list of controls. Paced to inference, it shows the
 * frames read back for the models instead of the WebGL canvas. Files dropped on the scene are
 * uploaded: a mesh becomes the object, an image the background.
 */
export const SceneColumn = memo(function SceneColumn({ session, labels }: SceneColumnProps) {
  const { scene, frames, registry } = session
  const content = contentOf(scene)
  const params = useSceneState((s) => s.params, scene)
  const chain = useSceneState((s) => s.chain, scene)
  const object = useSceneState((s) => s.object, scene)
  const background = useSceneState((s) => s.background, scene)
  const errors = useSceneState((s) => s.perturbationErrors, scene)
  const loadError = useSceneState((s) => s.loadError, scene)
  const loadErrors = useSceneState((s) => s.loadErrors, scene)
  const loading = useSceneState((s) => s.loading, scene)
  const attack = useSession(session, (s) => s.controls.attack)
  const attackStatus = useSession(session, (s) => s.attack)
  const pacer = useSession(session, (s) => s.pacer)
  const pixelDisplay = useSession(session, (s) => s.paced)
  const model1 = useSession(session, (s) => !!s.slots.model1.model)
  const model2 = useSession(session, (s) => !!s.slots.model2.model)
  const edited = useSession(session, (s) => !!s.editing.edited)
  // how the analysed model's output responds to each slider, computed when the user pauses
  const sensitivityTracker = useSensitivityTracker(session)
  const sensitivity = useSensitivityIndicators(sensitivityTracker)

  // what was uploaded this session (offered again in the pickers)
  const [uploaded, setUploaded] = useState(() => uploadsOf(content))
  const [dropError, setDropError] = useState<string | null>(null)
  const [dragging, setDragging] = useState(false)
  const wanted = useWantedUploads(scene, content)

  const onUploadObject = useCallback(
    (file: File) => {
      setDropError(null)
      void uploadObject(scene, content, { mesh: file }).then(() => setUploaded(uploadsOf(content)))
    },
    [scene, content],
  )
  const onUploadImage = useCallback(
    (target: SceneImageTarget, file: File) => {
      setDropError(null)
      void uploadImage(scene, content, file, target).then(() => setUploaded(uploadsOf(content)))
    },
    [scene, content],
  )
  const onContentChange = useCallback(
    (next: SceneContentValue) => {
      setDropError(null)
      const state = scene.getState()
      if (next.object !== state.object) state.setObject(next.object)
      if (next.background !== state.background) state.setBackground(next.background)
    },
    [scene],
  )

  const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files')
  const onDragOver = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event)) return
    event.preventDefault()
    event.dataTransfer.dropEffect = 'copy'
    if (!dragging) setDragging(true)
  }
  const onDragLeave = (event: DragEvent<HTMLDivElement>) => {
    if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false)
  }
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    if (!carriesFiles(event)) return
    event.preventDefault()
    setDragging(false)
    const files = [...event.dataTransfer.files]
    // a mesh wins over images dropped with it; otherwise the first image becomes the background
    const mesh = files.find((f) => sceneFileKind(f) === 'object')
    const image = files.find((f) => sceneFileKind(f) === 'image')
    if (mesh) onUploadObject(mesh)
    else if (image) onUploadImage('background', image)
    else if (files.length > 0) setDropError(unsupportedSceneFileMessage(files[0].name))
  }

  // a link names a file this session does not have: the message points to the control that takes it
  const missing = {
    object: loadErrors.object && wanted.object ? wanted.object : undefined,
    featureVis: loadErrors.object && wanted.featureVis ? wanted.featureVis : undefined,
    background: loadErrors.background && wanted.background ? wanted.background : undefined,
  }
  const uploadHint = [missing.object && '“Object from file…”', missing.featureVis && '“Image on the feature-visualization plane…”', missing.background && '“Background image from file…”'].filter(Boolean)

  return (
    <>
      <div className="pa-scene-pane">
        <h2>Scene</h2>
        <div className={dragging ? 'pa-scene-view pa-scene-view-dragging' : 'pa-scene-view'} onDragEnter={onDragOver} onDragOver={onDragOver} onDragLeave={onDragLeave} onDrop={onDrop} data-testid="scene-drop-target">
          <PerturberCanvas
            store={scene}
            content={content}
            registry={registry}
            className={pixelDisplay ? 'pa-scene-canvas pa-scene-canvas-hidden' : 'pa-scene-canvas'}
            display={!pixelDisplay}
            onFrame={frames.onFrame}
            onReady={frames.onReady}
            pacer={pacer}
          />
          {pixelDisplay ? <SceneFrameView frames={frames} /> : null}
          {dragging ? (
            <div className="pa-drop-hint" aria-hidden="true">
              Drop an OBJ, glTF or GLB to use it as the object, or a PNG, JPEG or WebP image as the background
            </div>
          ) : null}
        </div>
        <FrameStatus results={session.results} />
        {loading ? <div className="pa-status">Loading {loading}…</div> : null}
        {loadError || dropError ? (
          <div className="pa-error" role="alert">
            {[loadError, dropError].filter(Boolean).join('\n')}
            {uploadHint.length > 0 ? `\nTo use the file this link names, choose it with ${uploadHint.join(' or ')} below (or drop it on the scene).` : null}
          </div>
        ) : null}
      </div>
      <div className="pa-scene-controls" role="region" aria-label="Scene controls">
        <SceneContentControls
          value={{ object, background }}
          onChange={onContentChange}
          onUploadObject={onUploadObject}
          onUploadImage={onUploadImage}
          uploaded={uploaded}
          missing={missing}
          hint="Or drop a file on the scene: a mesh becomes the object, an image the background."
        />
        <SensitivityPanel session={session} tracker={sensitivityTracker} />
        <PerturbationControls
          value={{ params, chain, attack }}
          sensitivity={sensitivity}
          onChange={(next) => {
            applySceneControls(scene, { params, chain }, next)
            if (next.attack !== attack) session.setControls((c) => ({ ...c, attack: next.attack }))
          }}
          registry={registry}
          errors={errors}
          labels={labels}
          attackModels={{ model1, model2, edited }}
          attackStatus={attackStatus}
          onPgdStep={() => session.attackStep()}
          onResetAttack={() => session.resetAttack()}
        />
      </div>
    </>
  )
})
