import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useMemo, useRef, useState } from 'react'
import { createModelRuntime, type FramePixels, type InferenceScheduler, type ModelRuntime, type PerturberModel } from '@perturber/model-runtime'
import { PerturberCanvas, createSceneStore } from '@perturber/scene'
import { ActivationGrid } from '../activations/ActivationGrid'
import { Predictions } from '../predictions/Predictions'
import { createFrameResultStore, modelResultOf, useFrameResultStore, type FrameResultStore } from '../hooks/frameResultStore'
import type { FeatureVisGenerator } from '../featurevis/types'
import { modelColors, modelRoleLabels } from '../controls/modelColors'
import { untrainedCnn, untrainedCnnLayers, wasmPaths } from './untrainedCnn'

type Args = { layer: (typeof untrainedCnnLayers)[number]; neurons: number; values: 'logits' | 'probabilities'; shapeMorph: number; yaw: number }

interface Session {
  runtime: ModelRuntime
  models: PerturberModel[]
  scheduler: InferenceScheduler
}

const slots = ['model1', 'model2'] as const

/**
 * The live data flow on a REAL TensorFlow.js network: the perturbable scene → two untrained CNNs
 * (random weights, seeds 1 and 2, built in the story with tf.layers and loaded through
 * `runtime.load`) → activation maps, feature visualizations (`runtime.featureVis`) and top-5.
 * The maps are genuine responses of random filters; the class names mean nothing (untrained).
 */
function LiveStory({ layer, neurons, values, shapeMorph, yaw }: Args) {
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
      const models = await Promise.all([1, 2].map((seed) => runtime.load(untrainedCnn(seed), { descriptor: { name: `Untrained CNN (seed ${seed})` } })))
      const scheduler = runtime.createScheduler({ onResult: (r) => results.getState().publish(r), onError: (e) => setError(String(e)) })
      created = { runtime, models, scheduler }
      if (disposed) return release(created)
      setSession(created)
    })().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
    return () => {
      disposed = true
      if (created) release(created)
    }
  }, [results])

  useEffect(() => {
    if (!session) return
    const channels = Array.from({ length: neurons }, (_, i) => i)
    session.scheduler.setRequests(session.models.map((model) => ({ model, layer, channels, predictions: true })))
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
        <p style={{ color: '#666' }}>Drag to orbit. Models: untrained CNNs with random weights (not a trained network).</p>
        {error ? <p role="alert" style={{ color: '#b00020' }}>{error}</p> : !session ? <p>Building the models…</p> : null}
      </div>
      {session ? <LiveViews session={session} results={results} values={values} /> : null}
    </div>
  )
}

function LiveViews({ session, results, values }: { session: Session; results: FrameResultStore; values: Args['values'] }) {
  const currentFrameId = useFrameResultStore(results, (s) => s.currentFrameId) ?? undefined
  const latest = useFrameResultStore(results, (s) => s.result)
  const perModel = session.models.map((model) => ({ model, result: modelResultOf(latest, model.id) }))
  const generators = useMemo(
    () =>
      session.models.map<FeatureVisGenerator>((model) => (layer, channel, options) =>
        session.runtime.featureVis(model, layer, channel, { ...options, steps: 32, size: 64 }),
      ),
    [session],
  )
  return (
    <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start' }}>
      <ActivationGrid
        currentFrameId={currentFrameId}
        rows={perModel.map(({ model, result }, i) => ({
          id: model.id,
          label: `${modelRoleLabels[slots[i]]} (untrained)`,
          color: modelColors[slots[i]],
          maps: result?.activations,
          frameId: result?.frameId,
          featureVis: { generate: generators[i], resetKey: `${model.id}@${model.version}` },
        }))}
      />
      <Predictions
        values={values}
        currentFrameId={currentFrameId}
        models={perModel.map(({ model, result }, i) => ({
          id: model.id,
          label: `${modelRoleLabels[slots[i]]} (untrained)`,
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
  for (const model of models) void runtime.release(model).then(() => runtime.forward(() => model.dispose()))
}

const meta: Meta<Args> = {
  title: 'Viz/Live: untrained CNN on the scene',
  component: LiveStory,
  args: { layer: 'conv2', neurons: 4, values: 'logits', shapeMorph: 0, yaw: 0 },
  argTypes: {
    layer: { control: 'inline-radio', options: [...untrainedCnnLayers] },
    neurons: { control: { type: 'range', min: 1, max: 8, step: 1 } },
    values: { control: 'inline-radio', options: ['logits', 'probabilities'] },
    shapeMorph: { control: { type: 'range', min: 0, max: 1, step: 0.01 } },
    yaw: { control: { type: 'range', min: -180, max: 180, step: 1 } },
  },
  parameters: {
    layout: 'padded',
    docs: {
      description: {
        component:
          'Everything live and real except the training: each scene frame goes through `runtime.createScheduler` into two randomly initialised CNNs; the widgets read the results from a `createFrameResultStore()` (hot state outside React). Press a play button for a feature visualization generated by `runtime.featureVis` on that model.',
      },
    },
  },
}
export default meta

export const TwoUntrainedModels: StoryObj<Args> = { name: 'Two untrained CNNs (real TF.js)' }
