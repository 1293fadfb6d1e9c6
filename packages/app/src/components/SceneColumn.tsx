import { memo } from 'react'
import type { PerturbationRegistry } from '@perturber/perturbations'
import { PerturberCanvas, useSceneState, type FramePacer, type SceneStore } from '@perturber/scene'
import { PerturbationControls, type AttackSettings, type AttackStatus, type ModelRole } from '@perturber/viz'
import type { SceneFrames } from '../hooks/useSceneFrames'
import { FrameStatus } from './FrameStatus'
import { SceneFrameView } from './SceneFrameView'
import { applySceneControls } from '../state/sceneControls'
import type { FrameResultStore } from '@perturber/viz'

export interface SceneColumnProps {
  scene: SceneStore
  frames: SceneFrames
  /** paces the scene to inference (see `PerturberApp`'s `framePacing`) */
  pacer?: FramePacer | null
  /** show the frames read back for the models (`frames` reads them asynchronously) instead of the WebGL canvas */
  pixelDisplay?: boolean
  results: FrameResultStore
  registry?: PerturbationRegistry
  attack: AttackSettings
  onAttackChange(attack: AttackSettings): void
  attackModels: Partial<Record<ModelRole, boolean>>
  attackStatus: AttackStatus
  onPgdStep(): void
  onResetAttack(): void
  /** class names for the target picker (Model 1's labels) */
  labels?: readonly string[]
}

/**
 * Left column: the perturbable scene (what the models see) and the scene/perturbation controls.
 * Memoized: it follows the scene store itself, so the app re-rendering (new results, new top
 * channels) does not re-render its long list of controls.
 */
export const SceneColumn = memo(function SceneColumn({ scene, frames, pacer, pixelDisplay = false, results, registry, attack, onAttackChange, attackModels, attackStatus, onPgdStep, onResetAttack, labels }: SceneColumnProps) {
  const params = useSceneState((s) => s.params, scene)
  const chain = useSceneState((s) => s.chain, scene)
  const errors = useSceneState((s) => s.perturbationErrors, scene)
  const loadError = useSceneState((s) => s.loadError, scene)
  const loading = useSceneState((s) => s.loading, scene)
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
      <FrameStatus results={results} />
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
          if (next.attack !== attack) onAttackChange(next.attack)
        }}
        registry={registry}
        errors={errors}
        labels={labels}
        attackModels={attackModels}
        attackStatus={attackStatus}
        onPgdStep={onPgdStep}
        onResetAttack={onResetAttack}
      />
    </>
  )
})
