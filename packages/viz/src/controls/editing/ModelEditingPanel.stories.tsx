import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { ModelEditingPanel } from './ModelEditingPanel'
import type { EditingMode, ModelEdits } from './modelEdits'

// InceptionV1-like units (EditedModel.mixUnits) and prunable layers (EditedModel.prunableLayers)
const blocks = ['conv2d0', 'conv2d1', 'conv2d2', 'mixed3a', 'mixed3b', 'mixed4a', 'mixed4b', 'mixed4c', 'mixed4d', 'mixed4e', 'mixed5a', 'mixed5b', 'softmax2']
const mixUnits = blocks.map((name) => ({ name, layers: name.startsWith('mixed') ? [`${name}/1x1`, `${name}/3x3_bottleneck`, `${name}/3x3`, `${name}/5x5`] : [name] }))
const prunableLayers = [
  { name: 'conv2d0', outputChannels: 64 },
  { name: 'conv2d1', outputChannels: 64 },
  { name: 'conv2d2', outputChannels: 192 },
  { name: 'mixed3a/1x1', outputChannels: 64 },
  { name: 'mixed3a/3x3', outputChannels: 128 },
  { name: 'mixed3a/5x5', outputChannels: 32 },
  { name: 'mixed4a/3x3', outputChannels: 204 },
  { name: 'softmax2', outputChannels: 1008 },
]

type Args = { mode: EditingMode; commit: 'input' | 'release'; mixUnavailable: string }

function Demo(args: Args) {
  const [mode, setMode] = useState<EditingMode>(args.mode)
  const [edits, setEdits] = useState<ModelEdits & { granularity: 'block' }>({ granularity: 'block', mix: { conv2d0: 1, conv2d1: 1 }, prune: { 'mixed4a/3x3': [0.5, 1] } })
  return (
    <div style={{ width: 380 }}>
      <ModelEditingPanel
        mode={mode}
        onModeChange={setMode}
        mixUnits={mixUnits}
        prunableLayers={prunableLayers}
        value={edits}
        onChange={setEdits}
        commit={args.commit}
        mixUnavailable={args.mixUnavailable || undefined}
      />
      <pre style={{ fontSize: 11, whiteSpace: 'pre-wrap' }}>{JSON.stringify(edits)}</pre>
    </div>
  )
}

const meta: Meta<Args> = {
  title: 'Viz/Controls/Model editing',
  component: Demo,
  // a new control value restarts the demo with it
  render: (args) => <Demo key={JSON.stringify(args)} {...args} />,
  args: { mode: 'mix', commit: 'input', mixUnavailable: '' },
  argTypes: {
    mode: { control: 'inline-radio', options: ['mix', 'prune'] },
    commit: { control: 'inline-radio', options: ['input', 'release'] },
  },
  parameters: {
    docs: {
      description: {
        component:
          'The thesis’ weight-editing pane: one slider per block from Model 1 (0) to Model 2 (1), or one two-thumb range per prunable layer with its kept channel count (r_l·O ≤ n < r_u·O). Its value is shaped like `EditedModel.editState()`.',
      },
    },
  },
}
export default meta

export const Mix: StoryObj<Args> = {}
export const Prune: StoryObj<Args> = { args: { mode: 'prune' } }
export const MixWithoutModel2: StoryObj<Args> = { args: { mixUnavailable: 'Load a Model 2 with the same architecture to mix.' } }
