import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import type { PredictionValueKind } from './predictionValues'
import { PredictionValuesToggle, type PredictionValuesToggleProps } from './PredictionValuesToggle'

function Demo(props: PredictionValuesToggleProps) {
  const [value, setValue] = useState<PredictionValueKind>(props.value)
  return <PredictionValuesToggle {...props} value={value} onChange={setValue} />
}

const meta: Meta<typeof PredictionValuesToggle> = {
  title: 'Viz/Primitives/PredictionValuesToggle',
  component: PredictionValuesToggle,
  render: (args) => <Demo {...args} />,
  args: { value: 'probabilities' },
}
export default meta
type Story = StoryObj<typeof meta>

/** What the prediction bars show; the app keeps the choice in its link. */
export const Basic: Story = {}
