import type { Meta } from '@storybook/react-vite'
import { builtinMeta, story, type Args } from '../story'

export default { title: 'Perturbations/Built-ins', ...builtinMeta } satisfies Meta<Args>
export const Jpeg = story('jpeg', { compression: 0.9 })
export const JpegImagenetC = story('jpeg', { severity: 5 })
