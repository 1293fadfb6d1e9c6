import type { Preview } from '@storybook/react-vite'

const preview: Preview = {
  // a Docs page for every component: its doc comment, props table and every story with its code
  tags: ['autodocs'],
  parameters: {
    layout: 'centered',
    controls: { expanded: true },
  },
}
export default preview
