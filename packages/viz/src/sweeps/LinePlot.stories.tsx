import type { Meta, StoryObj } from '@storybook/react-vite'
import { useMemo, useState } from 'react'
import { LinePlot } from './LinePlot'
import { evenlySpaced, yawCurves } from './storyData'

type Args = { width: number; height: number; bands: boolean; gaps: boolean; fixedDomain: boolean; steps: number }

/**
 * Three models' "dog" probability as the object turns (synthetic numbers). Click a sample (or
 * focus the plot, move with ← → and press Enter) to move the marker, as picking a sweep state
 * would set the live scene to it.
 */
function LinePlotStory({ width, height, bands, gaps, fixedDomain, steps }: Args) {
  const yaws = useMemo(() => evenlySpaced(-70, 70, steps), [steps])
  const series = useMemo(() => yawCurves(yaws, { bands, gaps }), [yaws, bands, gaps])
  const [picked, setPicked] = useState(Math.floor(steps / 2))
  return (
    <LinePlot
      x={yaws}
      series={series}
      xLabel="Yaw"
      yLabel="P(dog)"
      yDomain={fixedDomain ? [0, 1] : undefined}
      width={width}
      height={height}
      marker={yaws[Math.min(picked, yaws.length - 1)]}
      onPick={setPicked}
      formatX={(v) => `${Math.round(v)}°`}
      formatY={(v) => v.toFixed(2)}
    />
  )
}

const meta: Meta<Args> = {
  title: 'Viz/Sweeps/LinePlot',
  component: LinePlotStory,
  args: { width: 420, height: 220, bands: false, gaps: false, fixedDomain: true, steps: 29 },
  argTypes: {
    width: { control: { type: 'range', min: 240, max: 720, step: 20 } },
    height: { control: { type: 'range', min: 140, max: 400, step: 20 } },
    steps: { control: { type: 'range', min: 2, max: 141, step: 1 }, description: 'samples from −70° to 70°' },
    fixedDomain: { description: 'y from 0 to 1, or the data extent padded by 5%' },
  },
  parameters: {
    docs: {
      description: {
        component:
          'Tuning curves of a 1D sweep: plain arrays in, SVG out. NaN leaves a gap; `band` draws a translucent spread (min–max or ±1σ over random samples); `marker` marks the live value.\n\n```tsx\n<LinePlot x={yaws} xLabel="Yaw" yLabel="P(dog)" marker={scene.yaw} onPick={(i) => applySample(i)}\n  series={[{ name: "Model 1", color: modelColors.model1, values: probabilities }]} />\n```',
      },
    },
  },
}
export default meta

export const ThreeModels: StoryObj<Args> = {}
/** Min–max over random backgrounds at each yaw, as a domain-randomised sweep would give. */
export const WithBands: StoryObj<Args> = { args: { bands: true } }
/** Two samples the edited model produced no number for. */
export const MissingSamples: StoryObj<Args> = { args: { gaps: true, fixedDomain: false } }
/** A coarse sweep: every sample is a vertex. */
export const FewSamples: StoryObj<Args> = { args: { steps: 5 } }
