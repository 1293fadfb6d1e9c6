import type { Meta, StoryObj } from '@storybook/react-vite'
import { useMemo } from 'react'
import { ActivationMap } from './ActivationMap'
import { syntheticMaps } from '../stories/fixtures'
import { modelColors } from '../controls/modelColors'

type Args = { channel: number; normalization: number; stale: boolean; size: number; scheme: 'dark' | 'light'; gain: number }

/** One activation map (synthetic data: blobs and stripes shaped like a mid-level layer). Hover it for values. */
function ActivationMapStory({ gain, ...args }: Args) {
  const maps = useMemo(() => syntheticMaps({ gain }), [gain])
  return <ActivationMap maps={maps} color={modelColors.model1} label="Model 1" {...args} />
}

const meta: Meta<Args> = {
  title: 'Viz/ActivationMap',
  component: ActivationMapStory,
  args: { channel: 412, normalization: 0, stale: false, size: 224, scheme: 'dark', gain: 1 },
  argTypes: {
    channel: { control: 'select', options: [412, 418, 97, 233] },
    normalization: { control: { type: 'range', min: 0, max: 4, step: 0.01 }, description: 'log10 of the divisor; 0 = 4σ of the whole layer' },
    gain: { control: { type: 'range', min: 0.1, max: 10, step: 0.1 }, description: 'scales the data: automatic normalisation hides it, a manual divisor shows it' },
    size: { control: { type: 'range', min: 48, max: 448, step: 8 } },
    scheme: { control: 'inline-radio', options: ['dark', 'light'] },
  },
  parameters: {
    docs: {
      description: {
        component:
          'Positive activations red, negative blue, 0 black (`scheme="light"`: 0 white). Values are divided by 4σ of the whole layer (slider 0) or by 10^slider, and clamped. One `<canvas>` at the map resolution, upscaled with `image-rendering: pixelated`.\n\n```tsx\n<ActivationMap maps={result.models[0].activations} channel={412} normalization={0} />\n```',
      },
    },
  },
}
export default meta

export const Default: StoryObj<Args> = {}
/** A channel before its ReLU: negative values in blue. */
export const SignedValues: StoryObj<Args> = { args: { channel: 233 } }
export const LightScheme: StoryObj<Args> = { args: { channel: 233, scheme: 'light' } }
/** A manual divisor of 10 (slider 1): ten times larger data now saturates. */
export const ManualDivisor: StoryObj<Args> = { args: { normalization: 1, gain: 10 } }
/** The result belongs to an older frame than the one on screen. */
export const Stale: StoryObj<Args> = { args: { stale: true } }
