import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { LayerSelector } from './LayerSelector'
import { NeuronGroupSelector } from './NeuronGroupSelector'
import { resolveNeuronChannels, TOP_ACTIVATING_GROUP, type NeuronGroup, type NeuronSelection } from './neuronSelection'

// InceptionV1's spatial layers, shaped like PerturberModel.layers
const blocks = ['conv2d0', 'conv2d1', 'conv2d2', 'mixed3a', 'mixed3b', 'mixed4a', 'mixed4b', 'mixed4c', 'mixed4d', 'mixed4e', 'mixed5a', 'mixed5b']
const channels = [64, 64, 192, 256, 480, 508, 512, 512, 528, 832, 832, 1024]
const layers = blocks.flatMap((block, i) => {
  const main = { name: block, block, channels: channels[i] }
  return block.startsWith('mixed') ? [{ name: `${block}/pre_relu`, block, channels: channels[i] }, main] : [main]
})

const groupsByLayer: Record<string, NeuronGroup[]> = {
  mixed4a: [
    { id: 'curves', name: 'Curve detectors', channels: [406, 412, 418, 440, 455, 421, 400, 387] },
    { id: 'fur', name: 'Fur', channels: [222, 226, 229, 243] },
    { id: 'cat', name: 'Cat (ours)', channels: [240, 255, 287, 322] },
  ],
}

type Args = { topChannels: string; layerChannels: number }

function Demo({ topChannels }: Args) {
  const [layer, setLayer] = useState('mixed4a')
  const [selection, setSelection] = useState<NeuronSelection>({ group: TOP_ACTIVATING_GROUP, count: 4 })
  const top = topChannels.trim() ? topChannels.split(/[\s,]+/).map(Number) : undefined
  const layerChannels = layers.find((l) => l.name === layer)?.channels
  const groups = groupsByLayer[layer] ?? []
  return (
    <div style={{ width: 340, display: 'flex', flexDirection: 'column', gap: 8 }}>
      <LayerSelector layers={layers} value={layer} onChange={setLayer} />
      <NeuronGroupSelector value={selection} onChange={setSelection} groups={groups} topChannels={top} layerChannels={layerChannels} />
      <code style={{ fontSize: 11 }}>
        {JSON.stringify(selection)} → [{resolveNeuronChannels(selection, { groups, topChannels: top, layerChannels }).join(', ')}]
      </code>
    </div>
  )
}

const meta: Meta<Args> = {
  title: 'Viz/Controls/Layer and neurons',
  component: Demo,
  args: { topChannels: '412, 7, 301, 88, 455, 12, 240, 199' },
  argTypes: { topChannels: { control: 'text', description: 'the frame results’ most active channels (empty: no frame yet)' } },
  parameters: {
    docs: {
      description: {
        component:
          'Layer selector grouped by block, and the neuron group selector: named groups a model ships (here for mixed4a), the top-activating channels on the current frame, or channels by index, and the number shown (1–8).',
      },
    },
  },
}
export default meta

export const LayerAndNeurons: StoryObj<Args> = {}
export const BeforeFirstFrame: StoryObj<Args> = { args: { topChannels: '' } }
