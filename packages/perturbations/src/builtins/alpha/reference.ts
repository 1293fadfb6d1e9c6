import { DEFAULT_TOLERANCE, mapPixels, type BuiltinReference } from '../../reference'

export const reference: BuiltinReference = { id: 'alpha', tolerance: DEFAULT_TOLERANCE, compute: (img, p) => mapPixels(img, (r, g, b) => [r * p.alpha, g * p.alpha, b * p.alpha]) }
