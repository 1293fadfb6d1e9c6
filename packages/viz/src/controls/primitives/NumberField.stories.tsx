import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { NumberField, type NumberFieldProps } from './NumberField'
import { StoryFrame } from './storyFrame'

function Demo(props: NumberFieldProps) {
  const [value, setValue] = useState(props.value)
  return (
    <StoryFrame width={200}>
      <NumberField {...props} value={value} onChange={setValue} />
      <output>value: {value}</output>
    </StoryFrame>
  )
}

const meta: Meta<typeof NumberField> = {
  title: 'Viz/Primitives/NumberField',
  component: NumberField,
  render: (args) => <Demo {...args} />,
  args: { label: 'ε', value: 0.03, min: 0, max: 0.25, step: 0.001 },
}
export default meta
type Story = StoryObj<typeof meta>

/** Type "0." or "-" freely: complete numbers are reported clamped to [min, max]; blur shows the value again. */
export const Basic: Story = {}

/** Shown ×255 (pixel levels), stored in [0, 1]. */
export const Scaled: Story = { args: { label: 'ε (of 255)', scale: 255 } }
