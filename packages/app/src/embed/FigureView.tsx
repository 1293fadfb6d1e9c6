import { useEffect, type ReactNode } from 'react'
import type { ModelRuntime, ModelRuntimeOptions } from '@perturber/model-runtime'
import type { PerturbationRegistry } from '@perturber/perturbations'
import { useSceneState } from '@perturber/scene'
import { Predictions, modelColors, modelResultOf, useFrameResultStore, type ModelSlotId, type PredictionsModel } from '@perturber/viz'
import { useLatest } from '@perturber/viz/primitives'
import { ActivationView } from '../components/ActivationView'
import { FrameStatus } from '../components/FrameStatus'
import type { AppModelConfig } from '../config'
import { PerturberSession } from '../session/PerturberSession'
import { mirrorSessionState } from '../session/stateMirror'
import { usePerturberSession, useSession } from '../session/useSession'
import type { AppState } from '../state/appState'
import type { StateAdjustment } from '../state/stateText'
import { FigureAttack } from './FigureAttack'
import type { FigureControl, FigurePart } from './figureConfig'
import { FigureControls } from './FigureControls'
import { FigureScene } from './FigureScene'
import { FigureSweep } from './FigureSweep'
import { OpenInApp } from './OpenInApp'
import { sharedModelLoader } from './sharedModelLoader'

export interface FigureViewProps {
  configs: readonly AppModelConfig[]
  /** read once, when the view mounts */
  state: AppState
  /** what reading the state changed (out-of-range values, …): shown in the figure */
  adjustments?: readonly StateAdjustment[]
  parts: readonly FigurePart[]
  controls: readonly FigureControl[]
  attackSteps: number
  runtime?: ModelRuntime | Promise<ModelRuntime>
  runtimeOptions?: ModelRuntimeOptions
  registry?: PerturbationRegistry
  size: number
  orbit: boolean
  appUrl?: string
  onStateChange?(state: AppState): void
  caption?: ReactNode
}

/**
 * A live figure: a layout over a {@link PerturberSession} for one fixed state, with only the parts
 * and sliders the author chose. Models come from the page's shared cache, the scene renders on
 * the page's shared WebGL context, inference runs on the page's shared runtime.
 */
export function FigureView(props: FigureViewProps) {
  const { state, parts, controls, registry, size } = props
  const session = usePerturberSession(() => figureSession(props))
  const { scene, results } = session
  const runtime = useSession(session, (s) => s.runtime)
  const slots = useSession(session, (s) => s.slots)
  const shown = useSession(session, (s) => s.shown)
  const views = useSession(session, (s) => s.controls.views)
  const layer = useSession(session, (s) => s.controls.layer)
  const normalization = useSession(session, (s) => s.controls.normalization)
  const predictionValues = useSession(session, (s) => s.controls.predictionValues)
  const featureVis = useSession(session, (s) => s.controls.featureVis)
  const inferenceError = useSession(session, (s) => s.inferenceError)
  const notices = useSession(session, (s) => s.notices)
  const loading = useSceneState((s) => s.loading, scene)
  const loadError = useSceneState((s) => s.loadError, scene)
  const currentFrame = useFrameResultStore(results, (s) => s.currentFrameId)
  const result = useFrameResultStore(results, (s) => s.result)

  // the link and the callback carry the figure's state as its author wrote it, with the reader's changes
  const linkState = (): AppState => ({ ...session.getState(), views: state.views, models: state.models })
  const onStateChange = useLatest(props.onStateChange)
  useEffect(() => mirrorSessionState(session, { onChange: () => onStateChange.current?.(linkState()) }), [session])

  const slotIds: ModelSlotId[] = state.models.model2 && state.views.model2 ? ['model1', 'model2'] : ['model1']
  const predictionModels: PredictionsModel[] = slotIds
    .filter((id) => state.models[id] !== null)
    .map((id) => {
      const { model, status, name } = slots[id]
      const mine = model ? modelResultOf(result, model.id) : undefined
      const progress = status.loading
      return {
        id,
        label: progress ? `${name} · ${progress.message ?? 'loading…'}` : name,
        color: modelColors[id],
        predictions: mine?.predictions,
        frameId: mine?.frameId,
        labels: model?.descriptor.labels,
        error: status.error ?? mine?.problem?.message ?? inferenceError ?? undefined,
      }
    })

  return (
    <div className="pf-figure" data-testid="perturber-figure">
      <div className="pf-body">
        {parts.includes('scene') || parts.includes('controls') ? (
          <div className="pf-left">
            {parts.includes('scene') ? (
              <>
                <FigureScene session={session} size={size} orbit={props.orbit} />
                <FrameStatus results={results} />
                {loading ? <div className="pa-status">Loading the {loading}…</div> : null}
                {loadError ? (
                  <div className="pa-error" role="alert">
                    {loadError}
                  </div>
                ) : null}
              </>
            ) : null}
            {props.attackSteps > 0 ? <FigureAttack session={session} steps={props.attackSteps} ready={loading === null && currentFrame !== null} /> : null}
            {parts.includes('controls') ? <FigureControls scene={scene} controls={controls} registry={registry} attack={state.attack} /> : null}
          </div>
        ) : null}
        {views.predictions ? (
          <div className="pf-predictions">
            {predictionModels.length ? (
              <Predictions models={predictionModels} currentFrameId={currentFrame} values={predictionValues} showValuesToggle={false} exampleSize={56} />
            ) : (
              <p className="pa-off">The figure's state names no model.</p>
            )}
          </div>
        ) : null}
      </div>
      {notices.length ? (
        <div className="pa-status" role="status" aria-label="State adjustments">
          {notices.join(' ')}
        </div>
      ) : null}
      {views.activations && runtime && layer && shown.length > 0 ? (
        <div className="pf-activations">
          <ActivationView
            runtime={runtime}
            results={results}
            models={shown}
            layer={layer}
            normalization={normalization}
            onNormalizationChange={(value) => session.setControls((c) => ({ ...c, normalization: value }))}
            naive={featureVis === 'naive'}
            onNaiveChange={(naive) => session.setControls((c) => ({ ...c, featureVis: naive ? 'naive' : 'decorrelated' }))}
          />
        </div>
      ) : null}
      {parts.includes('sweep') ? <FigureSweep session={session} /> : null}
      {props.caption || props.appUrl ? (
        <div className="pf-footer">
          {props.caption ? <span className="pf-caption">{props.caption}</span> : null}
          {props.appUrl ? <OpenInApp appUrl={props.appUrl} getState={linkState} /> : null}
        </div>
      ) : null}
    </div>
  )
}

/**
 * The figure's session: its state with only the chosen parts computed (no maps without the
 * activations part, no edited model), Model 2 only when shown, models from the page's shared
 * cache, frames rendered on every change (the shared renderer copies each to the figure).
 */
function figureSession({ configs, state, adjustments, parts, runtime, runtimeOptions, registry }: FigureViewProps): PerturberSession {
  const views = { ...state.views, activations: parts.includes('activations') && state.views.activations, predictions: parts.includes('predictions') && state.views.predictions, edited: false }
  const models = { ...state.models, model2: state.views.model2 ? state.models.model2 : null }
  return new PerturberSession({ models: configs, state: { ...state, views, models }, registry, runtime, runtimeOptions, framePacing: 'display', modelLoader: sharedModelLoader, adjustments })
}
