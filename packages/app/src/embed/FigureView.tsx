import { useCallback, useMemo, useState, type ReactNode } from 'react'
import type { ModelRuntime, ModelRuntimeOptions, PerturberModel } from '@perturber/model-runtime'
import type { PerturbationRegistry } from '@perturber/perturbations'
import { createSceneStore, getSnapshot, useSceneState } from '@perturber/scene'
import { Predictions, createFrameResultStore, modelColors, modelResultOf, useFrameResultStore, type ModelSlotId, type PredictionsModel } from '@perturber/viz'
import { ActivationView } from '../components/ActivationView'
import { FrameStatus } from '../components/FrameStatus'
import { configModelUrl, type AppModelConfig } from '../config'
import { useInference } from '../hooks/useInference'
import { useInferenceRequests } from '../hooks/useInferenceRequests'
import { useRuntime } from '../hooks/useRuntime'
import { useSceneFrames } from '../hooks/useSceneFrames'
import { useUrlState } from '../hooks/useUrlState'
import type { AppState, ModelSource } from '../state/appState'
import { nameFromUrl } from '../state/modelSlots'
import { FigureAttack } from './FigureAttack'
import type { FigureControl, FigurePart } from './figureConfig'
import { FigureControls } from './FigureControls'
import { FigureScene } from './FigureScene'
import { OpenInApp } from './OpenInApp'
import type { SharedModelRequest } from './sharedModels'
import { useCleanSceneKey } from './useCleanSceneKey'
import { useSharedModel } from './useSharedModel'

export interface FigureViewProps {
  configs: readonly AppModelConfig[]
  /** read once, when the view mounts */
  state: AppState
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

interface Slot {
  request: SharedModelRequest | null
  name: string
  /** why the state's model cannot be loaded at all */
  error?: string
}

/** What a slot's source names: a configured model (by id) or a model.json URL. */
function slotOf(source: ModelSource | null, configs: readonly AppModelConfig[]): Slot {
  if (!source) return { request: null, name: '' }
  if (source.kind === 'url') return { request: { url: source.url }, name: nameFromUrl(source.url) }
  const config = configs.find((c) => c.id === source.id)
  if (!config) return { request: null, name: source.id, error: `The figure's models offer no "${source.id}" (named by its state); they offer ${configs.map((c) => `"${c.id}"`).join(', ')}.` }
  const checkpoint = source.checkpoint !== undefined && config.checkpoints?.[source.checkpoint] ? ` (${config.checkpoints[source.checkpoint].label})` : ''
  return { request: configModelUrl(config, source.checkpoint), name: `${config.name}${checkpoint}` }
}

/** The middle layer, preferring activations (ReLU outputs read best: zero is "off"), as the app picks it. */
function middleLayer(model: PerturberModel): string | null {
  const activations = model.layers.filter((l) => /relu|activation/i.test(l.name))
  const pool = activations.length > 0 ? activations : model.layers
  return pool.length ? pool[Math.floor(pool.length / 2)].name : null
}

/**
 * A live figure: the app's scene → inference → predictions flow for one fixed state, with only the
 * parts and sliders the author chose. Models come from the page's shared cache, the scene renders
 * on the page's shared WebGL context, inference runs on the page's shared runtime.
 */
export function FigureView(props: FigureViewProps) {
  const { configs, state, parts, controls, registry, size } = props
  const scene = useMemo(() => createSceneStore(state.scene, registry), [])
  const results = useMemo(() => createFrameResultStore(), [])
  const { runtime, error: runtimeError } = useRuntime(props.runtime, props.runtimeOptions)

  const showModel2 = state.views.model2 && state.models.model2 !== null
  const slots = useMemo(
    () => ({ model1: slotOf(state.models.model1, configs), model2: showModel2 ? slotOf(state.models.model2, configs) : null }),
    [state.models, configs, showModel2],
  )
  const model1 = useSharedModel(runtime, slots.model1.request)
  const model2 = useSharedModel(runtime, slots.model2?.request ?? null)
  const shown = useMemo(
    () => [
      ...(model1.model ? [{ role: 'model1' as const, model: model1.model }] : []),
      ...(model2.model ? [{ role: 'model2' as const, model: model2.model }] : []),
    ],
    [model1.model, model2.model],
  )

  const activations = parts.includes('activations') && state.views.activations
  const predictions = parts.includes('predictions') && state.views.predictions
  const layer = state.layer ?? (model1.model ? middleLayer(model1.model) : null)
  const views = useMemo(() => ({ ...state.views, activations, predictions, edited: false }), [state.views, activations, predictions])
  const { requests } = useInferenceRequests(results, shown, layer, state.neurons, views)
  const inference = useInference(runtime, requests, results)
  // one object for the view's lifetime (useAttack would start over if it changed)
  const frames = useSceneFrames(results, inference.submit, inference.active)
  const sceneKey = useCleanSceneKey(scene)
  const loading = useSceneState((s) => s.loading, scene)
  const loadError = useSceneState((s) => s.loadError, scene)
  const currentFrame = useFrameResultStore(results, (s) => s.currentFrameId)
  const [normalization, setNormalization] = useState(state.normalization)

  const getState = useCallback((): AppState => ({ ...state, scene: getSnapshot(scene), normalization }), [state, scene, normalization])
  useUrlState(false, scene, getState, props.onStateChange)

  const result = useFrameResultStore(results, (s) => s.result)
  const slotEntries: [ModelSlotId, Slot, ReturnType<typeof useSharedModel>][] = [['model1', slots.model1, model1]]
  if (slots.model2) slotEntries.push(['model2', slots.model2, model2])
  const predictionModels: PredictionsModel[] = slotEntries
    .filter(([, slot]) => slot.request || slot.error)
    .map(([role, slot, loaded]) => {
      const mine = loaded.model ? modelResultOf(result, loaded.model.id) : undefined
      const error = runtimeError ?? slot.error ?? loaded.status.error ?? inference.error ?? undefined
      const progress = loaded.status.loading
      return {
        id: role,
        label: progress ? `${slot.name} · ${progress.message ?? 'loading…'}` : slot.name,
        color: modelColors[role],
        predictions: mine?.predictions,
        frameId: mine?.frameId,
        labels: loaded.model?.descriptor.labels,
        error: error ?? undefined,
      }
    })

  const showAttack = props.attackSteps > 0
  const names = { model1: slots.model1.name, model2: slots.model2?.name }
  return (
    <div className="pf-figure" data-testid="perturber-figure">
      <div className="pf-body">
        {parts.includes('scene') || parts.includes('controls') ? (
          <div className="pf-left">
            {parts.includes('scene') ? (
              <>
                <FigureScene scene={scene} frames={frames} registry={registry} size={size} orbit={props.orbit} />
                <FrameStatus results={results} />
                {loading ? <div className="pa-status">Loading the {loading}…</div> : null}
                {loadError ? (
                  <div className="pa-error" role="alert">
                    {loadError}
                  </div>
                ) : null}
              </>
            ) : null}
            {showAttack ? (
              <FigureAttack
                runtime={runtime}
                models={{ model1: model1.model, model2: model2.model }}
                names={names}
                settings={state.attack}
                steps={props.attackSteps}
                scene={scene}
                frames={frames}
                sceneKey={sceneKey}
                ready={loading === null && currentFrame !== null}
                registry={registry}
              />
            ) : null}
            {parts.includes('controls') ? <FigureControls scene={scene} controls={controls} registry={registry} attack={state.attack} /> : null}
          </div>
        ) : null}
        {predictions ? (
          <div className="pf-predictions">
            {predictionModels.length ? (
              <Predictions models={predictionModels} currentFrameId={currentFrame} showValuesToggle={false} exampleSize={56} />
            ) : (
              <p className="pa-off">The figure's state names no model.</p>
            )}
          </div>
        ) : null}
      </div>
      {activations && runtime && layer && shown.length > 0 ? (
        <div className="pf-activations">
          <ActivationView runtime={runtime} results={results} models={shown} layer={layer} normalization={normalization} onNormalizationChange={setNormalization} />
        </div>
      ) : null}
      {props.caption || props.appUrl ? (
        <div className="pf-footer">
          {props.caption ? <span className="pf-caption">{props.caption}</span> : null}
          {props.appUrl ? <OpenInApp appUrl={props.appUrl} getState={getState} /> : null}
        </div>
      ) : null}
    </div>
  )
}
