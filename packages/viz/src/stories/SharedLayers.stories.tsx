import type { Meta, StoryObj } from '@storybook/react-vite'
import { useEffect, useState } from 'react'
import { createEditedModel } from '@perturber/model-runtime/editing'
import { createModelRuntime, type EditedModel, type FramePixels, type ModelRequest, type ModelRuntime, type PerturberModel } from '@perturber/model-runtime'
import { wasmPaths } from './untrainedCnn'
import { loadZooModels, zooLayers } from './zooModels'

type Args = { block: (typeof zooLayers)[number]; alpha: number }

interface Session {
  runtime: ModelRuntime
  model1: PerturberModel
  model2: PerturberModel
  edited: EditedModel
  frame: FramePixels
}

/** The zoo's example image of class 0, as the RGBA frame the scene would hand over. */
async function exampleFrame(model: PerturberModel): Promise<FramePixels> {
  const url = model.descriptor.labels.example?.(0)
  if (!url) throw new Error('The zoo descriptor has no example images.')
  const image = new Image()
  image.src = url
  await image.decode()
  const [height, width] = model.descriptor.inputSize
  const context = Object.assign(document.createElement('canvas'), { width, height }).getContext('2d')!
  context.drawImage(image, 0, 0, width, height)
  return { frameId: 1, width, height, data: context.getImageData(0, 0, width, height).data }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

/** Median wall time of `runtime.infer` over a few runs, after one to warm up. */
async function timeInfer(session: Session, requests: ModelRequest[]) {
  const times: number[] = []
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now()
    await session.runtime.infer({ ...session.frame, frameId: i + 2 }, requests)
    if (i > 0) times.push(performance.now() - t0)
  }
  return median(times)
}

function Demo({ block, alpha }: Args) {
  const [session, setSession] = useState<Session | null>(null)
  const [report, setReport] = useState<{ shared: string[]; two: number; three: number } | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let created: Session | null = null
    let disposed = false
    ;(async () => {
      const runtime = await createModelRuntime({ wasmPaths })
      const [{ model: model1 }, { model: model2 }] = await loadZooModels(runtime, ['standard', 'adversarial'])
      const edited = await runtime.forward(() => createEditedModel(model1, model2))
      created = { runtime, model1, model2, edited, frame: await exampleFrame(model1) }
      if (!disposed) setSession(created)
    })().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
    return () => {
      disposed = true
      if (created) void created.runtime.forward(() => [created!.edited, created!.model2, created!.model1].forEach((m) => m.dispose()))
    }
  }, [])

  useEffect(() => {
    if (!session) return
    let current = true
    ;(async () => {
      const { runtime, model1, model2, edited } = session
      await runtime.forward(() => edited.applyEditState({ granularity: 'block', mix: { [block]: alpha }, prune: {} }))
      const request = (model: PerturberModel): ModelRequest => ({ model, layer: 'mixed4c', channels: [0, 1, 2, 3], predictions: true })
      const shared = edited.sharedLayers(model1, { layers: ['mixed4c'], predictions: true })
      const two = await timeInfer(session, [request(model1), request(model2)])
      const three = await timeInfer(session, [request(model1), request(model2), request(edited)])
      if (current) setReport({ shared, two, three })
    })().catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
    return () => {
      current = false
    }
  }, [session, block, alpha])

  if (error) return <p role="alert" style={{ color: '#b00020' }}>{error}</p>
  if (!session || !report) return <p>Loading the zoo models and timing frames…</p>
  return (
    <div style={{ font: '13px system-ui, sans-serif', maxWidth: 560 }}>
      <p>
        Edited model: block <code>{block}</code> mixed at α = {alpha}, every other block at Model 1's weights.
      </p>
      <p>
        Layers it takes from Model 1's pass:{' '}
        {report.shared.length ? report.shared.map((name) => <code key={name}>{name} </code>) : <em>none, so it computes everything itself</em>}
      </p>
      <p>
        One frame of Model 1 and Model 2: {report.two.toFixed(1)} ms. With the edited model as well: {report.three.toFixed(1)} ms (× {(report.three / report.two).toFixed(2)}).
      </p>
    </div>
  )
}

/**
 * Layers two models share run once per frame (`runtime.infer`): the edited model's unedited
 * layers hold Model 1's very weights, so it starts from the output of the last of them in Model
 * 1's pass. Mix a deeper block and the third model costs less; `edited.sharedLayers(model1,
 * request)` says which layers it takes. Needs the embedded model zoo.
 */
const meta: Meta<Args> = {
  title: 'Model runtime/Shared layers',
  render: (args) => <Demo {...args} />,
  args: { block: 'mixed4b', alpha: 0.5 },
  argTypes: {
    block: { control: 'select', options: [...zooLayers], description: 'the block whose mixing slider is moved' },
    alpha: { control: { type: 'range', min: 0, max: 1, step: 0.25 }, description: 'its α (0 = Model 1, 1 = Model 2)' },
  },
  parameters: {
    docs: {
      description: {
        component:
          'The runtime on the zoo models (standard, adversarial and an edited mix of the two): which layers the edited model takes from Model 1’s pass, and what a frame of three models costs next to a frame of two. At α = 0 the edited model is Model 1 and computes nothing of its own.',
      },
    },
  },
}
export default meta

export const LateBlockMixed: StoryObj<Args> = { name: 'A late block mixed' }
export const EarlyBlockMixed: StoryObj<Args> = { name: 'An early block mixed', args: { block: 'conv2d1' } }
