import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { RangeSlider, type RangeSliderProps } from './RangeSlider'
import { StoryFrame } from './storyFrame'

function Demo(props: RangeSliderProps) {
  const [value, setValue] = useState(props.value)
  return (
    <StoryFrame>
      <RangeSlider {...props} value={value} onChange={setValue} />
    </StoryFrame>
  )
}

const meta: Meta<typeof RangeSlider> = {
  title: 'Viz/Primitives/RangeSlider',
  component: RangeSlider,
  render: (args) => <Demo {...args} />,
  args: { label: 'Prune weights between', value: [0.2, 0.6], min: 0, max: 1, step: 0.01, defaultValue: [0, 0] },
}
export default meta
type Story = StoryObj<typeof meta>

/** Two thumbs on one track; pushing one past the other stops it there (lower ≤ upper always). */
export const Basic: Story = {}

export const Coloured: Story = { args: { color: '#e3b21c', readout: 'magnitude percentiles' } }
