import { memo } from 'react'
import { PerturberCanvas, useSceneState } from '@perturber/scene'
import { PerturbationControls } from '@perturber/viz'
import type { PerturberSession } from '../session/PerturberSession'
import { useSession } from '../session/useSession'
import { applySceneControls } from '../state/sceneControls'
import { FrameStatus } from './FrameStatus'
import { SceneFrameView } from './SceneFrameView'

export interface SceneColumnProps {
  session: PerturberSession
  /** class names for the target picker (Model 1's labels) */
  labels?: readonly string[]
}

/**
 * Left column: the perturbable scene (what the models see) and the scene/perturbation controls.
 * Memoized: it follows the scene store itself, so the app re-rendering (new results, new top
 * channels) does not re-render its long list of controls. Paced to inference, it shows the
 * frames read back for the models instead of the WebGL canvas.
 */
export const SceneColumn = memo(function SceneColumn({ session, labels }: SceneColumnProps) {
  const { scene, frames, registry } = session
  const params = useSceneState((s) => s.params, scene)
  const chain = useSceneState((s) => s.chain, scene)
  const errors = useSceneState((s) => s.perturbationErrors, scene)
  const loadError = useSceneState((s) => s.loadError, scene)
  const loading = useSceneState((s) => s.loading, scene)
  const attack = useSession(session, (s) => s.controls.attack)
  const attackStatus = useSession(session, (s) => s.attack)
  const pacer = useSession(session, (s) => s.pacer)
  const pixelDisplay = useSession(session, (s) => s.paced)
  const model1 = useSession(session, (s) => !!s.slots.model1.model)
  const model2 = useSession(session, (s) => !!s.slots.model2.model)
  const edited = useSession(session, (s) => !!s.editing.edited)
  return (
    <>
      <h2>Scene</h2>
      <div className="pa-scene-view">
        <PerturberCanvas
          store={scene}
          registry={registry}
          className={pixelDisplay ? 'pa-scene-canvas pa-scene-canvas-hidden' : 'pa-scene-canvas'}
          display={!pixelDisplay}
          onFrame={frames.onFrame}
          onReady={frames.onReady}
          pacer={pacer}
        />
        {pixelDisplay ? <SceneFrameView frames={frames} /> : null}
      </div>
      <FrameStatus results={session.results} />
      {loading ? <div className="pa-status">Loading {loading}…</div> : null}
      {loadError ? (
        <div className="pa-error" role="alert">
          {loadError}
        </div>
      ) : null}
      <PerturbationControls
        value={{ params, chain, attack }}
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
    </>
  )
})
