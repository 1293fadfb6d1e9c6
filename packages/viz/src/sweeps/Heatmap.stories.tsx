import type { Meta, StoryObj } from '@storybook/react-vite'
import { useMemo, useState } from 'react'
import { finiteExtent } from './scale'
import { Heatmap } from './Heatmap'
import { channelMeans, difference, evenlySpaced } from './storyData'
import { modelRoleLabels } from '../controls/modelColors'

type Args = { steps: number; sharedDomain: boolean; scale: 'sequential' | 'diverging'; showDifference: boolean; missing: boolean; width: number; height: number }

/**
 * A channel's mean activation over yaw × background blur for two models side by side (synthetic
 * numbers). With a shared domain equal colours mean equal values across both maps. Click a cell
 * (or focus a map, use the arrow keys and Enter) to move the marker.
 */
function HeatmapStory({ steps, sharedDomain, scale, showDifference, missing, width, height }: Args) {
  const yaws = useMemo(() => evenlySpaced(-70, 70, steps), [steps])
  const blurs = useMemo(() => evenlySpaced(0, 8, steps), [steps])
  const maps = useMemo(() => {
    const one = channelMeans(yaws, blurs, 'model1')
    const two = channelMeans(yaws, blurs, 'model2')
    // a run that stopped early: the last row's second half has no values yet
    if (missing) for (let i = one.length - Math.floor(steps / 2); i < one.length; i++) one[i] = two[i] = Number.NaN
    return { one, two }
  }, [yaws, blurs, missing, steps])
  const [picked, setPicked] = useState({ x: 0, y: 0 })
  const domain = sharedDomain ? finiteExtent(maps.one, maps.two) : undefined
  const common = { x: yaws, y: blurs, xLabel: 'Yaw', yLabel: 'Background blur', valueLabel: 'mean', width, height, marker: picked, formatX: (v: number) => `${Math.round(v)}°`, formatY: (v: number) => `${Number(v.toFixed(1))} px`, onPick: (ix: number, iy: number) => setPicked({ x: yaws[ix], y: blurs[iy] }) }
  if (showDifference) return <Heatmap {...common} title="Model 1 − Model 2" values={difference(maps.one, maps.two)} scale="diverging" />
  return (
    <div style={{ display: 'flex', gap: 16 }}>
      <Heatmap {...common} title={modelRoleLabels.model1} values={maps.one} domain={domain} scale={scale} />
      <Heatmap {...common} title={modelRoleLabels.model2} values={maps.two} domain={domain} scale={scale} />
    </div>
  )
}

const meta: Meta<Args> = {
  title: 'Viz/Sweeps/Heatmap',
  component: HeatmapStory,
  args: { steps: 10, sharedDomain: true, scale: 'sequential', showDifference: false, missing: false, width: 280, height: 240 },
  argTypes: {
    steps: { control: { type: 'range', min: 2, max: 100, step: 1 }, description: 'samples per axis' },
    scale: { control: 'inline-radio', options: ['sequential', 'diverging'] },
    sharedDomain: { description: 'one colour domain for both maps, or each its own extent' },
  },
  parameters: {
    docs: {
      description: {
        component:
          'A 2D sweep: `values[iy * x.length + ix]`, one canvas pixel per cell scaled up without smoothing, row 0 at the bottom. NaN cells are hatched. Sequential colours are viridis; diverging is blue–white–red centred on 0.\n\n```tsx\n<Heatmap title="Model 1" x={yaws} y={blurs} values={means} xLabel="Yaw" yLabel="Blur"\n  domain={[lo, hi]} marker={{ x: scene.yaw, y: blur }} onPick={(ix, iy, i) => applySample(i)} />\n```',
      },
    },
  },
}
export default meta

export const SharedDomain: StoryObj<Args> = {}
/** Each map on its own extent: the second model's flat response looks as contrasted as the first's. */
export const SeparateDomains: StoryObj<Args> = { args: { sharedDomain: false } }
/** Model 1 minus Model 2 on the blue–white–red map: white where they agree. */
export const Difference: StoryObj<Args> = { args: { showDifference: true } }
/** 100 × 100 samples: still one `putImageData` per map. */
export const Dense: StoryObj<Args> = { args: { steps: 100 } }
export const MissingValues: StoryObj<Args> = { args: { missing: true } }
