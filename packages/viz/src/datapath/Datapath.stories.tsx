import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { CriticalMapSets } from './CriticalMapSets'
import { LayerOverview } from './LayerOverview'

/** A GoogLeNet-like chain: three plain convolutions, then Inception blocks of four layers each (synthetic). */
const layerNames = [
  'conv2d0', 'conv2d1', 'conv2d2',
  ...['3a', '3b', '4a', '4b', '4c'].flatMap((m) => ['1x1', '3x3', '5x5', 'pool'].map((b) => `mixed${m}_${b}`)),
]
const layers = layerNames.map((name, i) => {
  const depth = i / (layerNames.length - 1)
  // clean and attacked frames agree early and part ways late, as AEVis found
  return { name, block: name.startsWith('mixed') ? name.slice(0, 7) : undefined, stats: [1 - 0.7 * depth ** 2, 0.95 - 0.8 * depth] }
})

function OverviewStory({ width, lambda }: { width: number; lambda: number }) {
  const [selected, setSelected] = useState<string | null>('mixed4a_3x3')
  return (
    <div style={{ display: 'grid', gap: 8 }}>
      <LayerOverview layers={layers} statNames={['activation cosine (clean vs attacked)', 'critical-set Jaccard']} width={width} lambda={lambda} selected={selected} onSelect={setSelected} />
      <span>selected: {selected}</span>
    </div>
  )
}

const meta: Meta<typeof OverviewStory> = {
  title: 'Viz/Datapath/LayerOverview',
  component: OverviewStory,
  tags: ['autodocs'],
  args: { width: 640, lambda: 200 },
  argTypes: { width: { control: { type: 'range', min: 200, max: 1200, step: 10 } }, lambda: { control: { type: 'range', min: 0, max: 1000, step: 10 } } },
}
export default meta

/** Drag the width: rows re-wrap; with λ = 0 a row may break inside an Inception block, with a large λ it moves the break to the block's edge. */
export const SegmentedLayers: StoryObj<typeof OverviewStory> = {}

const importance = Float32Array.from({ length: 256 }, (_, c) => Math.abs(Math.sin(c * 12.9898) * 43758.5453) % 1)
/** Two datapaths at one layer: clean keeps maps 0–39, attacked shares 20 of them and adds 70 of its own. */
export const CriticalMapsOfTwoPaths: StoryObj<typeof OverviewStory> = {
  render: () => {
    const [selected, setSelected] = useState<number | null>(null)
    return (
      <div style={{ display: 'grid', gap: 8 }}>
        <CriticalMapSets
          sets={[
            { name: 'clean', color: '#1f5fa8', critical: Array.from({ length: 40 }, (_, i) => i), values: importance },
            { name: 'attacked', color: '#a4262c', critical: [...Array.from({ length: 20 }, (_, i) => 20 + i), ...Array.from({ length: 70 }, (_, i) => 100 + i)], values: importance },
          ]}
          maxCells={24}
          selected={selected}
          onSelect={setSelected}
        />
        <span>selected map: {selected ?? 'none'}</span>
      </div>
    )
  },
}
