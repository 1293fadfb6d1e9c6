import { DEFAULT_TOLERANCE, type BuiltinReference } from '../../reference'
import { contrast } from '../contrast/reference'

/** The default custom snippet is contrast with `amount`. */
export const reference: BuiltinReference = { id: 'custom-glsl', tolerance: DEFAULT_TOLERANCE, compute: (img, p) => contrast(img, p.amount) }
