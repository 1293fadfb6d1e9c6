import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import type { ModelRuntime, ModelRuntimeOptions } from '@perturber/model-runtime'
import type { PerturbationRegistry } from '@perturber/perturbations'
import type { SceneStore } from '@perturber/scene'
import { createFrameResultStore, type ModelSlotId } from '@perturber/viz'
import type { AppModelConfig } from '../config'
import { useAppState } from '../hooks/useAppState'
import { useAttack } from '../hooks/useAttack'
import { useEditedModel } from '../hooks/useEditedModel'
import { useModelSlot } from '../hooks/useModelSlot'
import { useInferenceRequests } from '../hooks/useInferenceRequests'
import { useInference } from '../hooks/useInference'
import { useRuntime } from '../hooks/useRuntime'
import { useSceneFrames } from '../hooks/useSceneFrames'
import { useInferencePacer } from '../hooks/useInferencePacer'
import { useUrlState } from '../hooks/useUrlState'
import type { AppState } from '../state/appState'
import { availableModels, slotRequest, slotsValue, sourceOfPick, type SlotFilesBySlot } from '../state/modelSlots'
import { ActivationView } from './ActivationView'
import { AppStyles } from './appStyles'
import { ColumnBoundary } from './ColumnBoundary'
import { ModelColumn } from './ModelColumn'
import { PredictionsColumn } from './PredictionsColumn'
import { SceneColumn } from './SceneColumn'
import { ViewToggles } from './ViewToggles'

export interface PerturberAppProps {
  /** the models offered in the pickers (e.g. a model zoo's index); any other loads by URL or files */
  models?: readonly AppModelConfig[]
  /** the state to start from when the URL holds none (default: the first configured model in Model 1) */
  initialState?: AppState
  /** keep the state in `location.hash` (read on mount, written on change); default true */
  syncUrl?: boolean
  /** called (debounced) with every new state, e.g. to save it elsewhere */
  onStateChange?(state: AppState): void
  /** a runtime to use; otherwise one is created with `runtimeOptions` */
  runtime?: ModelRuntime | Promise<ModelRuntime>
  /** e.g. `{ wasmPaths }` where your bundler serves TF.js' wasm binaries (fast forward passes on CPU-only machines) */
  runtimeOptions?: ModelRuntimeOptions
  /** a scene store to drive from outside; otherwise the app makes its own */
  sceneStore?: SceneStore
  registry?: PerturbationRegistry
  /** shown above the columns, e.g. why no default models are offered */
  notice?: ReactNode
  title?: ReactNode
  className?: string
  /**
   * When the scene renders: `'inference'` when inference can take a new frame (one frame ahead:
   * the next is rendered and read back while the current one is inferred; rendering frames nobody
   * analyses takes no CPU from the models), `'display'` on every change, `'auto'` (default)
   * `'inference'` where WebGL is a software rasteriser and `'display'` on a GPU.
   */
  framePacing?: 'auto' | 'inference' | 'display'
}

const MODEL_SLOT_IDS: readonly ModelSlotId[] = ['model1', 'model2']

/**
 * The full Perturber tool: the perturbable scene and its controls, the model comparison with the
 * neuron view and model editing, and the predictions, in the paper's three columns. Its whole
 * state is plain data ({@link AppState}) and lives in the URL unless `syncUrl` is false.
 */
export function PerturberApp(props: PerturberAppProps) {
  const { models: configs = [], syncUrl = true, registry } = props
  const app = useAppState({ initialState: props.initialState, firstModel: configs[0]?.id, fromUrl: syncUrl, sceneStore: props.sceneStore, registry })
  const { controls, setControls, scene } = app
  const [slotFiles, setSlotFiles] = useState<SlotFilesBySlot>({ model1: null, model2: null })
  const results = useMemo(() => createFrameResultStore(), [])
  const { runtime, error: runtimeError } = useRuntime(props.runtime, props.runtimeOptions)

  const slot1 = useModelSlot(runtime, useMemo(() => slotRequest(controls.models.model1, slotFiles.model1, configs), [controls.models.model1, slotFiles.model1, configs]))
  const slot2 = useModelSlot(runtime, useMemo(() => slotRequest(controls.models.model2, slotFiles.model2, configs), [controls.models.model2, slotFiles.model2, configs]))
  const { views } = controls

  // a layer the app picks for a fresh Model 1 (or one a link names that the model lacks): the middle one
  const model1 = slot1.model
  useEffect(() => {
    if (!model1 || model1.layers.length === 0) return
    if (controls.layer && model1.layers.some((l) => l.name === controls.layer)) return
    setControls((c) => ({ ...c, layer: defaultLayer(model1.layers) }))
  }, [model1, controls.layer, setControls])

  // an edit changes a model's weights, not the frame: the scheduler re-runs the latest frame
  const refreshInference = useRef(() => {})
  const onEdited = useCallback(() => refreshInference.current(), [])
  const editing = useEditedModel(runtime, model1, slot2.model, views.edited, controls.edits, onEdited)
  const shown = useMemo(
    () =>
      [
        { role: 'model1' as const, model: model1 },
        { role: 'model2' as const, model: views.model2 ? slot2.model : null },
        { role: 'edited' as const, model: views.edited ? editing.edited : null },
      ].flatMap((m) => (m.model ? [{ role: m.role, model: m.model }] : [])),
    [model1, slot2.model, editing.edited, views.model2, views.edited],
  )

  const { requests, topChannels } = useInferenceRequests(results, shown, controls.layer, controls.neurons, views)
  const inference = useInference(runtime, requests, results)
  refreshInference.current = inference.refresh
  const pacing = props.framePacing ?? 'auto'
  const paced = pacing === 'inference' || (pacing === 'auto' && !!runtime?.plan.softwareRenderer)
  const frames = useSceneFrames(results, inference.submit, inference.active, paced)
  const pacer = useInferencePacer(paced ? inference.scheduler : null, frames)

  const attackModels = useMemo(() => ({ model1: !!model1, model2: !!slot2.model, edited: !!editing.edited }), [model1, slot2.model, editing.edited])
  // no scene key: the hook watches the scene store, so a moving camera does not re-render the app
  const attack = useAttack(runtime, { model1, model2: slot2.model, edited: editing.edited }, controls.attack, scene, frames, undefined, registry)
  const onAttackChange = useCallback((next: AppState['attack']) => setControls((c) => ({ ...c, attack: next })), [setControls])

  useUrlState(syncUrl, scene, app.getState, props.onStateChange)

  const setSlots = useCallback(
    (value: ReturnType<typeof slotsValue>) => {
      for (const slot of MODEL_SLOT_IDS) {
        const picked = sourceOfPick(value[slot].modelId, value[slot].checkpoint)
        if (picked === 'files') continue
        if (JSON.stringify(picked) === JSON.stringify(controls.models[slot])) continue
        setSlotFiles((f) => ({ ...f, [slot]: null }))
        setControls((c) => ({ ...c, models: { ...c.models, [slot]: picked } }))
      }
    },
    [controls.models, setControls],
  )

  // a link may name a configured model this page does not offer: say so in the slot
  const unknownModel = (slot: ModelSlotId) => {
    const source = controls.models[slot]
    return source?.kind === 'config' && !configs.some((c) => c.id === source.id) ? `This page offers no model "${source.id}" (named by the link).` : null
  }
  const statusOf = (slot: ModelSlotId, status: typeof slot1.status) => {
    const error = runtimeError ?? unknownModel(slot)
    return error ? { error } : status
  }
  const slotStatus = { model1: statusOf('model1', slot1.status), model2: statusOf('model2', slot2.status) }
  const labels = model1?.descriptor.labels.names

  return (
    <div className={`pa-app ${props.className ?? ''}`} data-testid="perturber-app">
      <AppStyles />
      <header className="pa-header">
        <h1>{props.title ?? 'Perturber'}</h1>
        <ViewToggles value={views} onChange={(next) => setControls((c) => ({ ...c, views: next }))} />
      </header>
      {props.notice ? <div className="pa-notice">{props.notice}</div> : null}
      {app.urlError ? (
        <div className="pa-notice" role="status">
          {app.urlError}
        </div>
      ) : null}
      <div className="pa-grid">
        <section className="pa-column" aria-label="Scene and perturbations">
          <ColumnBoundary name="The scene">
            <SceneColumn
              scene={scene}
              frames={frames}
              pacer={pacer}
              pixelDisplay={paced}
              results={results}
              registry={registry}
              attack={controls.attack}
              onAttackChange={onAttackChange}
              attackModels={attackModels}
              attackStatus={attack.status}
              onPgdStep={attack.step}
              onResetAttack={attack.reset}
              labels={labels}
            />
          </ColumnBoundary>
        </section>
        <section className="pa-column" aria-label="Model comparison">
          <ColumnBoundary name="The model comparison">
            <ModelColumn
              available={availableModels(configs, controls.models, slotFiles)}
              slots={slotsValue(controls.models, slotFiles)}
              onSlotsChange={setSlots}
              slotStatus={slotStatus}
              onLoadUrl={(slot, url) => {
                setSlotFiles((f) => ({ ...f, [slot]: null }))
                setControls((c) => ({ ...c, models: { ...c.models, [slot]: { kind: 'url', url } } }))
              }}
              onLoadFiles={(slot, files) => {
                const json = files.find((f) => f.name.endsWith('.json'))
                setSlotFiles((f) => ({ ...f, [slot]: { name: json?.name ?? files[0]?.name ?? 'files', files } }))
                setControls((c) => ({ ...c, models: { ...c.models, [slot]: null } }))
              }}
              model1={model1}
              layer={controls.layer}
              onLayerChange={(layer) => setControls((c) => ({ ...c, layer }))}
              neurons={controls.neurons}
              onNeuronsChange={(neurons) => setControls((c) => ({ ...c, neurons }))}
              topChannels={topChannels}
              inferenceError={inference.error}
              activations={
                !views.activations ? (
                  <p className="pa-off">Activations are switched off.</p>
                ) : runtime && controls.layer && shown.length > 0 ? (
                  <ActivationView
                    runtime={runtime}
                    results={results}
                    models={shown}
                    layer={controls.layer}
                    normalization={controls.normalization}
                    onNormalizationChange={(normalization) => setControls((c) => ({ ...c, normalization }))}
                  />
                ) : null
              }
              editing={views.edited ? editing : null}
              edits={controls.edits}
              onEditsChange={(edits) => setControls((c) => ({ ...c, edits }))}
              editingMode={controls.editingMode}
              onEditingModeChange={(editingMode) => setControls((c) => ({ ...c, editingMode }))}
            />
          </ColumnBoundary>
        </section>
        <section className="pa-column" aria-label="Predictions">
          <h2>Predictions</h2>
          <ColumnBoundary name="The predictions">
            {views.predictions ? <PredictionsColumn results={results} models={shown} /> : <p className="pa-off">Predictions are switched off.</p>}
          </ColumnBoundary>
        </section>
      </div>
    </div>
  )
}

/** The middle layer, preferring activations (ReLU outputs read best: zero is "off"). */
function defaultLayer(layers: readonly { name: string }[]): string {
  const activations = layers.filter((l) => /relu|activation/i.test(l.name))
  const pool = activations.length > 0 ? activations : layers
  return pool[Math.floor(pool.length / 2)].name
}
