import type { Meta, StoryObj } from '@storybook/react-vite'
import { useMemo, useState } from 'react'
import { ThumbnailGrid } from './ThumbnailGrid'
import { syntheticThumbnails } from './storyData'

type Args = { columns: number; size: number; count: number }

/**
 * Which sweep states drive a channel (procedural images, made-up weights): strong positive
 * responses show fully, weak ones fade into the page, negative ones are colour-inverted. Click
 * a thumbnail to pick it.
 */
function ThumbnailGridStory({ columns, size, count }: Args) {
  const items = useMemo(() => syntheticThumbnails(count), [count])
  const [picked, setPicked] = useState<number | null>(null)
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8, font: '12px system-ui, sans-serif' }}>
      <ThumbnailGrid items={items} columns={columns} size={size} onPick={setPicked} label="States weighted by channel 412's response" />
      <output>{picked === null ? 'Click a thumbnail' : `Picked ${items[picked].label} (weight ${items[picked].weight})`}</output>
    </div>
  )
}

const meta: Meta<Args> = {
  title: 'Viz/Sweeps/ThumbnailGrid',
  component: ThumbnailGridStory,
  args: { columns: 4, size: 72, count: 16 },
  argTypes: {
    columns: { control: { type: 'range', min: 1, max: 8, step: 1 } },
    size: { control: { type: 'range', min: 32, max: 128, step: 8 } },
    count: { control: { type: 'range', min: 1, max: 32, step: 1 } },
  },
  parameters: {
    docs: {
      description: {
        component:
          'OpenAI-Microscope-style weighting: each image blended towards white by 1 − |weight| / max|weight|, inverted (255 − rgb) when its weight is negative (`weightedThumbnail`).\n\n```tsx\n<ThumbnailGrid items={states.map((s, i) => ({ image: s.image, weight: means[i], label: s.label }))} onPick={applySample} />\n```',
      },
    },
  },
}
export default meta

export const FourByFour: StoryObj<Args> = {}
export const Small: StoryObj<Args> = { args: { size: 40, columns: 8 } }
