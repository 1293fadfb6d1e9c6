import type { Meta, StoryObj } from '@storybook/react-vite'
import { useState } from 'react'
import { SearchableSelect, type SearchableSelectProps, type SelectOption } from './SearchableSelect'
import { StoryFrame } from './storyFrame'

const classes: SelectOption[] = ['tench', 'goldfish', 'great white shark', 'tiger cat', 'tabby, tabby cat', 'Egyptian cat', 'English springer', 'fire engine', 'bullfrog, Rana catesbeiana', 'teapot', 'coffee mug'].map((label, i) => ({
  id: String(i),
  label: `${i}: ${label}`,
}))

function Demo(props: SearchableSelectProps) {
  const [value, setValue] = useState(props.value)
  return (
    <StoryFrame>
      <SearchableSelect {...props} value={value} onChange={setValue} />
      <output>value: {value}</output>
    </StoryFrame>
  )
}

const meta: Meta<typeof SearchableSelect> = {
  title: 'Viz/Primitives/SearchableSelect',
  component: SearchableSelect,
  render: (args) => <Demo {...args} />,
  args: { label: 'Target class', options: classes, value: '4', placeholder: 'Search classes…' },
}
export default meta
type Story = StoryObj<typeof meta>

/** Type "cat": whole-word matches first ("tiger cat") before "bullfrog, Rana catesbeiana"; arrows, Enter and Escape work. */
export const Basic: Story = {}

/** Options pinned above the search results (e.g. "untargeted"). */
export const Pinned: Story = { args: { pinned: [{ id: '-1', label: 'Untargeted (lower the original class)' }], value: '-1' } }
