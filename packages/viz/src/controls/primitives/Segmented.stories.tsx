import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { modelColors } from '../modelColors'
import { Segmented, type SegmentedProps } from './Segmented'
import { StoryFrame } from './storyFrame'

type Choice = 'model1' | 'model2' | 'edited'

function Demo(props: SegmentedProps<Choice>) {
  const [value, setValue] = useState(props.value)
  return (
    <StoryFrame>
      <Segmented {...props} value={value} onChange={(next) => setValue(next as Choice)} />
    </StoryFrame>
  )
}

const meta: Meta<typeof Segmented<Choice>> = {
  title: 'Viz/Primitives/Segmented',
  component: Segmented,
  render: (args) => <Demo {...args} />,
  args: {
    label: 'Attacked model',
    value: 'model1',
    options: [
      { value: 'model1', label: 'Model 1', color: modelColors.model1 },
      { value: 'model2', label: 'Model 2', color: modelColors.model2 },
      { value: 'edited', label: 'Edited', color: modelColors.edited, disabled: true },
    ],
  },
}
export default meta
type Story = StoryObj<typeof meta>

/** Native radio buttons: one tab stop, arrow keys move the choice; a disabled option is skipped. */
export const Basic: Story = {}
