import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { ParamSlider, type ParamSliderProps } from './ParamSlider'
import { StoryFrame } from './storyFrame'

function Demo(props: ParamSliderProps) {
  const [value, setValue] = useState(props.value)
  return (
    <StoryFrame>
      <ParamSlider {...props} value={value} onChange={setValue} />
    </StoryFrame>
  )
}

const meta: Meta<typeof ParamSlider> = {
  title: 'Viz/Primitives/ParamSlider',
  component: ParamSlider,
  render: (args) => <Demo {...args} />,
  args: { label: 'Texture morph', value: 0.25, min: 0, max: 1, step: 0.01, defaultValue: 0, description: 'Blends the dog’s fur into the cat’s.' },
}
export default meta
type Story = StoryObj<typeof meta>

/** A scene parameter with its reset button (shown once the value leaves the default). */
export const Basic: Story = {}

/** Shown in degrees, stored in radians (`scale`), with a unit. */
export const ScaledWithUnit: Story = { args: { label: 'Yaw', value: 0.5, min: -Math.PI, max: Math.PI, step: 0.01, scale: 180 / Math.PI, unit: '°', defaultValue: 0 } }

/** Reports only when the thumb is released (for expensive changes such as a model checkpoint). */
export const CommitOnRelease: Story = { args: { label: 'Pruned fraction', commit: 'release', color: '#e3b21c' } }

export const Disabled: Story = { args: { disabled: true } }
