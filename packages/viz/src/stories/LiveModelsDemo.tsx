import { useEffect, useMemo, useRef, useState } from 'react'
import { createModelRuntime, type FramePixels, type InferenceScheduler, type ModelRuntime, type PerturberModel } from '@perturber/model-runtime'
import { PerturberCanvas, createSceneStore } from '@perturber/scene'
import { ActivationGrid } from '../activations/ActivationGrid'
import { Predictions } from '../predictions/Predictions'
import { createFrameResultStore, modelResultOf, useFrameResultStore, type FrameResultStore } from '../hooks/frameResultStore'
import type { FeatureVisGenerator } from '../featurevis/types'
import { modelColors, modelRoleLabels } from '../controls/modelColors'
import { wasmPaths } from './untrainedCnn'

/** A model of the demo and the label of its rows. */
export interface LiveModel {
  model: PerturberModel
  label: string
}

export interface LiveModelsDemoProps {
  /** loads the two models into the runtime (called once per mount) */
  load(runtime: ModelRuntime): Promise<LiveModel[]>
  layer: string
  neurons: number
  values: 'logits' | 'probabilities'
  shapeMorph: number
  yaw: number
  /** shown under the scene: what the models are */
  note: string
  /** feature-visualization steps per image (few: stories run on laptops) */
  featureVisSteps?: number
}

/** Storybook controls of the demo's props that do not depend on the models (stories add `layer`). */
export const liveDemoArgTypes = {
  neurons: { control: { type: 'range', min: 1, max: 8, step: 1 } },
  values: { control: 'inline-radio', options: ['logits', 'probabilities'] },
  shapeMorph: { control: { type: 'range', min: 0, max: 1, step: 0.01 } },
  yaw: { control: { type: 'range', min: -180, max: 180, step: 1 } },
} as const

interface Session {
  runtime: ModelRuntime
  models: LiveModel[]
  scheduler: InferenceScheduler
}

const slots = ['model1', 'model2'] as const

/**
 * The live data flow on real TensorFlow.js networks, without the app around it: the perturbable
 * scene → `runtime.createScheduler` → two models → activation maps, feature visualizations
 * (`runtime.featureVis`) and top-5, read from a `createFrameResultStore()` (hot state outside React).
 */
export function LiveModelsDemo({ load, layer, neurons, values, shapeMorph, yaw, note, featureVisSteps = 32 }: LiveModelsDemoProps) {
  const scene = useMemo(() => createSceneStore(), [])
  const results = useMemo(() => createFrameResultStore(), [])
  const [session, setSession] = useState<Session | null>(null)
  const [error, setError] = useState<string | null>(null)
  const lastFrame = useRef<FramePixels | null>(null)

  useEffect(() => scene.getState().setParams({ shapeMorph, yaw }), [scene, shapeMorph, yaw])

  useEffect(() => {
    let disposed = false
    let created: Session | null = null
    ;(async () => {
      const runtime = await createModelRuntime({ wasmPaths })
      const models = await load(runtime)
      const scheduler = runtime.createScheduler({ onResult: (r) => results.getState().publish(r), onError: (e) => setError(String(e)) })
      created = { runtime, models, scheduler }
      if (disposed) return release(created)
      setSession(created)
    })().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
    return () => {
      disposed = true
      if (created) release(created)
    }
  }, [results, load])

  useEffect(() => {
    if (!session) return
    const channels = Array.from({ length: neurons }, (_, i) => i)
    session.scheduler.setRequests(session.models.map(({ model }) => ({ model, layer, channels, predictions: true })))
    if (lastFrame.current) session.scheduler.submit(lastFrame.current)
  }, [session, layer, neurons])

  return (
    <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start', width: 'max-content', font: '12px system-ui, sans-serif' }}>
      <div style={{ width: 336 }}>
        <PerturberCanvas
          store={scene}
          style={{ width: 336 }}
          onFrame={(frame, renderer) => {
            const pixels = { frameId: frame.frameId, width: frame.width, height: frame.height, data: renderer.readPixels() }
            lastFrame.current = pixels
            results.getState().setCurrentFrame(frame.frameId)
            session?.scheduler.submit(pixels)
          }}
        />
        <p style={{ color: '#666' }}>Drag to orbit. {note}</p>
        {error ? <p role="alert" style={{ color: '#b00020' }}>{error}</p> : !session ? <p>Loading the models…</p> : null}
      </div>
      {session ? <LiveViews session={session} results={results} values={values} featureVisSteps={featureVisSteps} /> : null}
    </div>
  )
}

function LiveViews({ session, results, values, featureVisSteps }: { session: Session; results: FrameResultStore; values: LiveModelsDemoProps['values']; featureVisSteps: number }) {
  const currentFrameId = useFrameResultStore(results, (s) => s.currentFrameId) ?? undefined
  const latest = useFrameResultStore(results, (s) => s.result)
  const perModel = session.models.map(({ model, label }) => ({ model, label, result: modelResultOf(latest, model.id) }))
  const generators = useMemo(
    () =>
      session.models.map<FeatureVisGenerator>(({ model }) => (layer, channel, options) =>
        session.runtime.featureVis(model, layer, channel, { ...options, steps: featureVisSteps, size: 64 }),
      ),
    [session, featureVisSteps],
  )
  return (
    <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
      <ActivationGrid
        currentFrameId={currentFrameId}
        rows={perModel.map(({ model, label, result }, i) => ({
          id: model.id,
          label: `${modelRoleLabels[slots[i]]} · ${label}`,
          color: modelColors[slots[i]],
          maps: result?.activations,
          frameId: result?.frameId,
          featureVis: { generate: generators[i], precomputed: model.descriptor.featureVisualizations, resetKey: `${model.id}@${model.version}` },
        }))}
      />
      <Predictions
        values={values}
        currentFrameId={currentFrameId}
        models={perModel.map(({ model, label, result }, i) => ({
          id: model.id,
          label: `${modelRoleLabels[slots[i]]} · ${label}`,
          color: modelColors[slots[i]],
          predictions: result?.predictions,
          frameId: result?.frameId,
          labels: model.descriptor.labels,
        }))}
      />
    </div>
  )
}

function release({ runtime, models, scheduler }: Session) {
  scheduler.dispose()
  for (const { model } of models) void runtime.release(model).then(() => runtime.forward(() => model.dispose()))
}
