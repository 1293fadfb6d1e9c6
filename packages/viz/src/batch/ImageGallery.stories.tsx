import type { Meta, StoryObj } from '@storybook/react-vite'
import { useMemo, useState } from 'react'
import { syntheticThumbnails } from '../sweeps/storyData'
import { ImageGallery } from './ImageGallery'

type Args = { size: number; count: number }

/** Misclassified images of a batch (procedural images, made-up labels): click one to pick it. */
function ImageGalleryStory({ size, count }: Args) {
  const classes = ['dog', 'cat', 'teapot', 'mug']
  const items = useMemo(() => syntheticThumbnails(count).map((t, i) => ({ image: t.image, caption: `${classes[i % 4]} → ${classes[(i + 1) % 4]}` })), [count])
  const [picked, setPicked] = useState<number | null>(null)
  return (
    <div style={{ display: 'grid', gap: 8, font: '12px system-ui, sans-serif', maxWidth: 480 }}>
      <ImageGallery label="Mistaken images" items={items} size={size} selected={picked} onPick={(i) => setPicked(i === picked ? null : i)} />
      <output>{picked === null ? 'Click an image' : `Picked ${items[picked].caption}`}</output>
    </div>
  )
}

const meta: Meta<Args> = {
  title: 'Viz/Batch/ImageGallery',
  component: ImageGalleryStory,
  args: { size: 64, count: 12 },
  argTypes: {
    size: { control: { type: 'range', min: 32, max: 128, step: 8 } },
    count: { control: { type: 'range', min: 0, max: 32, step: 1 } },
  },
  parameters: {
    docs: {
      description: {
        component: 'Captioned thumbnails in a wrapping grid; with `onPick` each is a button, the `selected` one outlined.\n\n```tsx\n<ImageGallery items={mistakes.map((m) => ({ image: m.thumbnail, caption: `${m.label} → ${m.predicted}` }))} onPick={show} />\n```',
      },
    },
  },
}
export default meta

export const Mistakes: StoryObj<Args> = {}
export const Empty: StoryObj<Args> = { args: { count: 0 } }
