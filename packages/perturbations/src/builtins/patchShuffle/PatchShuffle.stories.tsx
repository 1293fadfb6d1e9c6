import type { Meta } from '@storybook/react-vite'
import { builtinMeta, story, type Args } from '../story'

export default { title: 'Perturbations/Built-ins', ...builtinMeta } satisfies Meta<Args>
export const PatchShuffle = story('patch-shuffle', { grid: 3, seed: 1 })
