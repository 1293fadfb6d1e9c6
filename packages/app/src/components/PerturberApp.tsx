import { useCallback, useEffect, type ReactNode } from 'react'
import type { ModelRuntime, ModelRuntimeOptions } from '@perturber/model-runtime'
import type { PerturbationRegistry } from '@perturber/perturbations'
import { getSnapshot, type SceneStore } from '@perturber/scene'
import { MODEL_SLOT_IDS, type ModelSlotsValue } from '@perturber/viz'
import { useLatest } from '@perturber/viz/primitives'
import type { AppModelConfig } from '../config'
import { PerturberSession } from '../session/PerturberSession'
import { mirrorSessionState } from '../session/stateMirror'
import { usePerturberSession, useSession } from '../session/useSession'
import { defaultAppState, type AppState } from '../state/appState'
import { availableModels, slotsValue, sourceOfPick } from '../state/modelSlots'
import { stateFromHash } from '../state/urlHash'
import { ActivationView } from './ActivationView'
import { BatchPanel } from './BatchPanel'
import { DatapathPanel } from './DatapathPanel'
import { ExperimentPanel } from './ExperimentPanel'
import { AppStyles } from './appStyles'
import { ColumnBoundary } from './ColumnBoundary'
import { ModelColumn } from './ModelColumn'
import { PredictionsColumn } from './PredictionsColumn'
import { SceneColumn } from './SceneColumn'
import { SweepPanel } from './SweepPanel'
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

/**
 * The full Perturber tool: the perturbable scene and its controls, the model comparison with the
 * neuron view and model editing, and the predictions, in the paper's three columns. A layout over
 * a {@link PerturberSession}; its whole state is plain data ({@link AppState}) and lives in the URL
 * unless `syncUrl` is false.
 */
export function PerturberApp(props: PerturberAppProps) {
  const { models: configs = [], syncUrl = true } = props
  const session = usePerturberSession(() => appSession(props))
  const urlError = linkErrors.get(session) ?? null
  const controls = useSession(session, (s) => s.controls)
  const slots = useSession(session, (s) => s.slots)
  const slotFiles = useSession(session, (s) => s.slotFiles)
  const editing = useSession(session, (s) => s.editing)
  const shown = useSession(session, (s) => s.shown)
  const runtime = useSession(session, (s) => s.runtime)
  const topChannels = useSession(session, (s) => s.topChannels)
  const inferenceError = useSession(session, (s) => s.inferenceError)
  const notices = useSession(session, (s) => s.notices)
  const { views } = controls
  const setControls = session.setControls.bind(session)

  const live = useLatest(props.onStateChange)
  useEffect(() => mirrorSessionState(session, { url: syncUrl, onChange: (state) => live.current?.(state) }), [session, syncUrl, live])

  const setSlots = useCallback(
    (value: ModelSlotsValue) => {
      for (const slot of MODEL_SLOT_IDS) {
        const picked = sourceOfPick(value[slot].modelId, value[slot].checkpoint)
        if (picked === 'files') continue
        if (JSON.stringify(picked) === JSON.stringify(session.controls.models[slot])) continue
        session.setControls((c) => ({ ...c, models: { ...c.models, [slot]: picked } }))
      }
    },
    [session],
  )
  const model1 = slots.model1.model

  return (
    <div className={`pa-app ${props.className ?? ''}`} data-testid="perturber-app">
      <AppStyles />
      <header className="pa-header">
        <h1>{props.title ?? 'Perturber'}</h1>
        <ViewToggles value={views} onChange={(next) => setControls((c) => ({ ...c, views: next }))} />
      </header>
      {props.notice ? <div className="pa-notice">{props.notice}</div> : null}
      {urlError ? (
        <div className="pa-notice" role="status">
          {urlError}
        </div>
      ) : null}
      {notices.length ? <LinkNotices notices={notices} onDismiss={() => session.dismissNotices()} /> : null}
      <div className="pa-grid">
        <section className="pa-column pa-column-scene" aria-label="Scene and perturbations">
          <ColumnBoundary name="The scene">
            <SceneColumn session={session} labels={model1?.descriptor.labels.names} />
          </ColumnBoundary>
        </section>
        <section className="pa-column pa-column-models" aria-label="Model comparison">
          <ColumnBoundary name="The model comparison">
            <ModelColumn
              available={availableModels(configs, controls.models, slotFiles)}
              slots={slotsValue(controls.models, slotFiles)}
              onSlotsChange={setSlots}
              slotStatus={{ model1: slots.model1.status, model2: slots.model2.status }}
              onLoadUrl={(slot, url) => session.loadUrl(slot, url)}
              onLoadFiles={(slot, files) => session.loadFiles(slot, files)}
              onCancelLoad={(slot) => session.cancelLoad(slot)}
              model1={model1}
              layer={controls.layer}
              onLayerChange={(layer) => setControls((c) => ({ ...c, layer }))}
              neurons={controls.neurons}
              onNeuronsChange={(neurons) => setControls((c) => ({ ...c, neurons }))}
              topChannels={topChannels}
              automaticGroups={session.automaticGroups}
              inferenceError={inferenceError}
              activations={
                !views.activations ? (
                  <p className="pa-off">Activations are switched off.</p>
                ) : runtime && controls.layer && shown.length > 0 ? (
                  <ActivationView
                    runtime={runtime}
                    results={session.results}
                    models={shown}
                    layer={controls.layer}
                    normalization={controls.normalization}
                    onNormalizationChange={(normalization) => setControls((c) => ({ ...c, normalization }))}
                    naive={controls.featureVis === 'naive'}
                    onNaiveChange={(naive) => setControls((c) => ({ ...c, featureVis: naive ? 'naive' : 'decorrelated' }))}
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
          <ColumnBoundary name="The sweep">
            <SweepPanel session={session} />
          </ColumnBoundary>
          <ColumnBoundary name="The batch evaluation">
            <BatchPanel session={session} />
          </ColumnBoundary>
          <ColumnBoundary name="The datapaths">
            <DatapathPanel session={session} />
          </ColumnBoundary>
          <ColumnBoundary name="The experiments">
            <ExperimentPanel session={session} />
          </ColumnBoundary>
        </section>
        <section className="pa-column pa-column-predictions" aria-label="Predictions">
          <h2>Predictions</h2>
          <ColumnBoundary name="The predictions">
            {views.predictions ? <PredictionsColumn
                results={session.results}
                models={shown}
                values={controls.predictionValues}
                onValuesChange={(predictionValues) => setControls((c) => ({ ...c, predictionValues }))}
              /> : <p className="pa-off">Predictions are switched off.</p>}
          </ColumnBoundary>
        </section>
      </div>
    </div>
  )
}

/** Why a session's link was not restored (set when the app creates it). */
const linkErrors = new WeakMap<PerturberSession, string>()

/** The app's session: from the URL when it holds a state, else from `initialState` / the defaults. */
function appSession(props: PerturberAppProps): PerturberSession {
  const { models = [], syncUrl = true, registry, sceneStore } = props
  const fallback = props.initialState ?? defaultAppState(models[0] ? { kind: 'config', id: models[0].id } : null)
  const decoded = syncUrl && typeof location !== 'undefined' ? stateFromHash(location.hash, fallback, registry) : { state: fallback, error: null, adjustments: [] }
  const fromLink = decoded.state !== fallback
  // a scene store driven from outside keeps its own scene unless a link or an initial state says otherwise
  const state = sceneStore && !fromLink && !props.initialState ? { ...decoded.state, scene: getSnapshot(sceneStore) } : decoded.state
  const session = new PerturberSession({ models, state, scene: sceneStore, registry, runtime: props.runtime, runtimeOptions: props.runtimeOptions, framePacing: props.framePacing, adjustments: decoded.adjustments })
  if (decoded.error) linkErrors.set(session, decoded.error)
  return session
}

/** What was changed in the link's state (values out of range, a layer the model lacks, …), until dismissed. */
function LinkNotices({ notices, onDismiss }: { notices: readonly string[]; onDismiss(): void }) {
  return (
    <div className="pa-notice" role="status" aria-label="Link adjustments">
      This link was adjusted:
      <ul>
        {notices.map((notice) => (
          <li key={notice}>{notice}</li>
        ))}
      </ul>
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  )
}
