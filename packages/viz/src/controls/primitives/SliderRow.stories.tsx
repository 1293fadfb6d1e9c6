import type { Meta, StoryObj } from '@storybook/react-vite'
import { useId, useState } from 'react'
import { LabelledRange, SliderRow, type SliderRowProps } from './SliderRow'
import { StoryFrame } from './storyFrame'

function Demo(props: Omit<SliderRowProps, 'children'>) {
  const id = useId()
  const [value, setValue] = useState(0.5)
  return (
    <StoryFrame>
      <SliderRow {...props} reset={{ title: 'Reset to 0.5', disabled: value === 0.5, onReset: () => setValue(0.5) }}>
        <LabelledRange id={id} label={props.label} min={0} max={1} step={0.01} value={value} valueText={value.toFixed(2)} onChange={(e) => setValue(Number(e.currentTarget.value))} />
        <output>{value.toFixed(2)}</output>
      </SliderRow>
    </StoryFrame>
  )
}

const meta: Meta<typeof SliderRow> = {
  title: 'Viz/Primitives/SliderRow',
  component: SliderRow,
  render: ({ children: _children, ...args }) => <Demo {...args} />,
  args: { label: 'Background saturation', color: '#3b6fb6' },
}
export default meta
type Story = StoryObj<typeof meta>

/** One row of the controls grid (label | slider | readout | ↺), built from LabelledRange. */
export const Basic: Story = {}
