import type { Meta, StoryObj } from '@storybook/react-vite'
import { StaleFrameBadge } from './StaleFrameBadge'

const meta: Meta<typeof StaleFrameBadge> = {
  title: 'Viz/Primitives/StaleFrameBadge',
  component: StaleFrameBadge,
  args: { frameId: 9, currentFrameId: 12 },
}
export default meta
type Story = StoryObj<typeof meta>

/** The numbers shown belong to frame 9 while frame 12 is on screen (inference is catching up). */
export const Behind: Story = {}

/** Up to date: the badge renders nothing. */
export const UpToDate: Story = { args: { frameId: 12, currentFrameId: 12 } }
