import type { Meta } from '@storybook/react-vite'
import { builtinMeta, story, type Args } from '../story'

export default { title: 'Perturbations/Built-ins', ...builtinMeta } satisfies Meta<Args>
export const ZoomBlur = story('zoom-blur', { severity: 3 })
