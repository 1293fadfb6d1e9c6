import type { Meta, StoryObj } from '@storybook/react-vite'
import { useMemo } from 'react'
import { FeatureVisRow } from './FeatureVisRow'
import { fakeGenerator, precomputedUrl } from '../stories/fixtures'
import { modelColors } from '../controls/modelColors'

type Args = { channels: number; precomputed: boolean }

const allChannels = [412, 418, 97, 233, 55, 301, 17, 8]

/** A model's feature visualizations without the maps (stand-in generator, synthetic images). */
function FeatureVisRowStory({ channels, precomputed }: Args) {
  const generate = useMemo(() => fakeGenerator(), [])
  const shipped = useMemo(() => {
    const urls = new Map(allChannels.map((c) => [c, precomputedUrl(c)]))
    return { image: (_layer: string, channel: number) => urls.get(channel) }
  }, [])
  return <FeatureVisRow layer="mixed4a" channels={allChannels.slice(0, channels)} generate={generate} precomputed={precomputed ? shipped : undefined} label="Model 1" color={modelColors.model1} />
}

const meta: Meta<Args> = {
  title: 'Viz/FeatureVisRow',
  component: FeatureVisRowStory,
  args: { channels: 4, precomputed: true },
  argTypes: { channels: { control: { type: 'range', min: 1, max: 8, step: 1 } } },
}
export default meta

export const Precomputed: StoryObj<Args> = {}
export const GenerateOnTheFly: StoryObj<Args> = { args: { precomputed: false } }
