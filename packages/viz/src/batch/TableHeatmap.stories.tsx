import type { Meta, StoryObj } from '@storybook/react-vite'
import { TableHeatmap } from './TableHeatmap'

/** A corruption benchmark's errors (made-up numbers): rows are corruptions, columns severities. */
const meta: Meta<typeof TableHeatmap> = {
  title: 'Viz/Batch/TableHeatmap',
  component: TableHeatmap,
  args: {
    caption: 'Top-1 error, Model 1',
    rowHeader: 'Corruption',
    columns: ['1', '2', '3', '4', '5'],
    rows: [
      { label: 'Gaussian Noise', values: [0.12, 0.2, 0.35, 0.52, 0.71] },
      { label: 'Fog', values: [0.08, 0.1, 0.15, 0.19, 0.3] },
      { label: 'Speckle Noise', note: 'held out', values: [0.1, 0.14, 0.3, null, 0.6] },
    ],
  },
  parameters: {
    docs: {
      description: {
        component:
          'Named rows and columns with each cell coloured by its value (viridis over `domain`, default 0–1) and its number kept; "–" where a value is missing.\n\n```tsx\n<TableHeatmap caption="Top-1 error" columns={["1", "2", "3", "4", "5"]} rows={[{ label: "Fog", values: [0.08, 0.1, 0.15, 0.19, 0.3] }]} />\n```',
      },
    },
  },
}
export default meta

export const CorruptionErrors: StoryObj<typeof TableHeatmap> = {}
