import { DEFAULT_TOLERANCE, mapPixels, type BuiltinReference } from '../../reference'

export const reference: BuiltinReference = { id: 'brightness', tolerance: DEFAULT_TOLERANCE, compute: (img, p) => mapPixels(img, (r, g, b) => [r + p.brightness, g + p.brightness, b + p.brightness]) }
