import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { ModelSelector } from './ModelSelector'
import { ModelSlots, type ModelSlotsValue } from './ModelSlots'
import type { AvailableModel, ModelSlotValue } from './types'

const models: AvailableModel[] = [
  { id: 'inception-standard', name: 'Inception V1', variant: 'Standard' },
  { id: 'inception-stylized', name: 'Inception V1', variant: 'Stylized', checkpoints: ['iteration 1', 'iteration 2', 'iteration 5', 'iteration 10', 'iteration 20'] },
  { id: 'inception-adv', name: 'Inception V1', variant: 'Adv. Trained', checkpoints: ['iteration 1', 'iteration 2', 'iteration 5', 'iteration 10', 'iteration 20'] },
  { id: 'mobilenet', name: 'MobileNet v1', variant: '0.75, 224' },
]

type Args = {
  slot: 'model1' | 'model2' | 'edited'
  loading: boolean
  progress: number
  error: string
}

/** One slot with its state kept here, the way an app keeps it in the URL; "load…" entries just log. */
function SlotDemo({ slot, loading, progress, error }: Args) {
  const [value, setValue] = useState<ModelSlotValue>({ modelId: 'inception-adv', checkpoint: 2 })
  const [log, setLog] = useState<string[]>([])
  const say = (line: string) => setLog((l) => [line, ...l].slice(0, 5))
  return (
    <div style={{ width: 320 }}>
      <ModelSelector
        slot={slot}
        models={models}
        value={value}
        onChange={(next) => {
          setValue(next)
          say(`onChange ${JSON.stringify(next)}`)
        }}
        onLoadUrl={(url) => say(`onLoadUrl ${url}`)}
        onLoadFiles={(files) => say(`onLoadFiles ${files.map((f) => f.name).join(', ')}`)}
        status={{ loading: loading ? { fraction: progress, message: `fetching weights… ${Math.round(progress * 100)}%` } : null, error: error || null }}
      />
      <pre style={{ fontSize: 11 }}>{log.join('\n')}</pre>
    </div>
  )
}

const meta: Meta<Args> = {
  title: 'Viz/Controls/Model selection',
  component: SlotDemo,
  args: { slot: 'model1', loading: false, progress: 0.35, error: '' },
  argTypes: {
    slot: { control: 'inline-radio', options: ['model1', 'model2', 'edited'] },
    progress: { control: { type: 'range', min: 0, max: 1, step: 0.01 } },
    error: { control: 'text' },
  },
  parameters: {
    docs: {
      description: {
        component:
          'A model slot: picker (name and variant), "Load from URL…" / "Load files…" (callbacks), a checkpoint slider that requests a checkpoint only on release, and loading progress or the last error in place. Colour-coded by `modelColors`.',
      },
    },
  },
}
export default meta

export const Slot: StoryObj<Args> = {}
export const Loading: StoryObj<Args> = { args: { loading: true, progress: 0.62 } }
export const LoadError: StoryObj<Args> = {
  args: { error: 'model.json lists group2-shard2of3.bin, which is not among the selected files (model.json, group1-shard1of3.bin).' },
}

/** Both slots side by side, Model 2 optional. */
export const TwoSlots: StoryObj<Args> = {
  render: function TwoSlotsStory() {
    const [value, setValue] = useState<ModelSlotsValue>({ model1: { modelId: 'inception-standard' }, model2: { modelId: 'inception-adv' } })
    return (
      <div style={{ width: 660 }}>
        <ModelSlots models={models} value={value} onChange={setValue} onLoadUrl={() => {}} onLoadFiles={() => {}} />
        <pre style={{ fontSize: 11 }}>{JSON.stringify(value)}</pre>
      </div>
    )
  },
}
