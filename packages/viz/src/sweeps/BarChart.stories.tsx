import type { Meta, StoryObj } from '@storybook/react-vite'
import { useMemo } from 'react'
import { BarChart, type BarChartSeries } from './BarChart'
import { modelColors } from '../controls/modelColors'

type Args = { dataset: 'yaw' | 'accuracy'; width: number; height: number; errorBars: boolean; missing: boolean }

// Synthetic numbers for the stories only, shaped like the thesis' results (no network runs).

/** Ten scene objects: mean fluctuation of the top-1 score as the object turns, ±1σ over backgrounds. */
const OBJECTS = ['dog', 'cat', 'fire truck', 'teddy bear', 'school bus', 'traffic light', 'zebra', 'elephant', 'bicycle', 'airplane']
const YAW_FLUCTUATION = {
  standard: { values: [0.31, 0.36, 0.22, 0.41, 0.19, 0.27, 0.33, 0.24, 0.38, 0.21], errors: [0.08, 0.09, 0.06, 0.11, 0.05, 0.07, 0.1, 0.06, 0.09, 0.05] },
  adversarial: { values: [0.18, 0.22, 0.15, 0.29, 0.12, 0.2, 0.19, 0.14, 0.26, 0.13], errors: [0.05, 0.07, 0.04, 0.08, 0.03, 0.06, 0.05, 0.04, 0.07, 0.04] },
}

/** Four background conditions: top-1 accuracy over a ten-class object set (chance: 10%), ±1σ over seeds. */
const BACKGROUNDS = ['plain', 'blurred', 'random texture', 'natural scene']
const ACCURACY = {
  standard: { values: [0.92, 0.81, 0.34, 0.58], errors: [0.02, 0.03, 0.06, 0.05] },
  adversarial: { values: [0.88, 0.84, 0.61, 0.66], errors: [0.03, 0.03, 0.05, 0.04] },
}

/**
 * A standard and an adversarially trained model compared per category. Hover a group (or focus
 * the chart and use ← → Home End) for every model's value and spread.
 */
function BarChartStory({ dataset, width, height, errorBars, missing }: Args) {
  const data = dataset === 'yaw' ? YAW_FLUCTUATION : ACCURACY
  const series = useMemo<BarChartSeries[]>(
    () =>
      (['standard', 'adversarial'] as const).map((name, k) => ({
        name,
        color: k === 0 ? modelColors.model1 : modelColors.model2,
        // a run that produced no number for the second group of the adversarial model
        values: missing && name === 'adversarial' ? data[name].values.map((v, i) => (i === 1 ? Number.NaN : v)) : data[name].values,
        errors: errorBars ? data[name].errors : undefined,
      })),
    [data, errorBars, missing],
  )
  if (dataset === 'yaw') return <BarChart groups={OBJECTS} series={series} xLabel="Object" yLabel="Yaw fluctuation" width={width} height={height} formatY={(v) => v.toFixed(2)} />
  return (
    <BarChart
      groups={BACKGROUNDS}
      series={series}
      xLabel="Background"
      yLabel="Accuracy"
      yDomain={[0, 1]}
      reference={{ value: 0.1, label: 'chance' }}
      width={width}
      height={height}
      formatY={(v) => `${Math.round(v * 100)}%`}
    />
  )
}

const meta: Meta<Args> = {
  title: 'Viz/Sweeps/BarChart',
  component: BarChartStory,
  args: { dataset: 'yaw', width: 480, height: 220, errorBars: true, missing: false },
  argTypes: {
    dataset: { control: 'inline-radio', options: ['yaw', 'accuracy'] },
    width: { control: { type: 'range', min: 240, max: 720, step: 20 }, description: 'group labels turn by 35° once they would overlap' },
    height: { control: { type: 'range', min: 140, max: 400, step: 20 } },
    errorBars: { description: '±1σ whiskers' },
    missing: { description: 'one value NaN: no bar, "—" in the tooltip' },
  },
  parameters: {
    docs: {
      description: {
        component:
          'Grouped bars: one bar per series in every group, with optional ± error bars (`errors` is the half-length, e.g. one standard deviation) and a dashed `reference` line. NaN draws no bar. Group labels turn by 35° when they would overlap; a legend follows when there are several series.\n\n```tsx\n<BarChart groups={objects} yLabel="Yaw fluctuation" xLabel="Object"\n  series={[{ name: "standard", color: modelColors.model1, values: means, errors: sds }]} />\n```',
      },
    },
  },
}
export default meta

/**
 * Mean yaw fluctuation score per scene object for a standard and an adversarially trained model,
 * error bars ±1 standard deviation, as in the thesis' Figure 7.4. Synthetic numbers, not results.
 */
export const YawFluctuation: StoryObj<Args> = { name: 'Yaw fluctuation' }
/**
 * Accuracy per background condition for both models against chance level (10% over ten classes),
 * error bars ±1 standard deviation. Synthetic numbers, not results.
 */
export const AccuracyAgainstChance: StoryObj<Args> = { name: 'Accuracy against chance', args: { dataset: 'accuracy', width: 420, height: 200 } }
