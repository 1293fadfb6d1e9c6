import type { Meta, StoryObj } from '@storybook/react-vite'
import { AccuracyTable } from './AccuracyTable'

/**
 * A batch evaluation's accuracy (made-up counts): per model and perturbation setting, the
 * percentage with the counts under it; a cell with no labelled image shows "–".
 */
const meta: Meta<typeof AccuracyTable> = {
  title: 'Viz/Batch/AccuracyTable',
  component: AccuracyTable,
  args: {
    caption: 'Top-1 accuracy (labelled images)',
    columns: ['clean', 'current (Gaussian noise)'],
    rows: [
      { label: 'Model 1: ZooNet standard', color: '#1f5fa8', cells: [{ correct: 800, total: 800 }, { correct: 413, total: 800 }] },
      { label: 'Model 2: ZooNet adversarial', color: '#6aaee6', cells: [{ correct: 799, total: 800 }, { correct: 702, total: 800 }] },
    ],
  },
  parameters: {
    docs: {
      description: {
        component:
          'Plain counts in, no model: `correct / total` per row and column, as a percentage (`digits` decimals) over a faint bar.\n\n```tsx\n<AccuracyTable caption="Top-1 accuracy" columns={["clean", "noisy"]} rows={[{ label: "Model 1", cells: [{ correct: 800, total: 800 }, { correct: 413, total: 800 }] }]} />\n```',
      },
    },
  },
}
export default meta

export const TwoModels: StoryObj<typeof AccuracyTable> = {}
export const Agreement: StoryObj<typeof AccuracyTable> = {
  args: { caption: 'Agreement (same top-1 class)', rowHeader: 'Models', rows: [{ label: 'Model 1 and Model 2', cells: [{ correct: 799, total: 800 }, { correct: 455, total: 800 }] }] },
}
export const NoLabels: StoryObj<typeof AccuracyTable> = {
  args: { rows: [{ label: 'Model 1: MobileNet', cells: [{ correct: 0, total: 0 }, null] }] },
}
