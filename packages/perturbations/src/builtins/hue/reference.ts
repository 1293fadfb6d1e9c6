import { DEFAULT_TOLERANCE, mapPixels, shiftHue, type BuiltinReference } from '../../reference'

export const reference: BuiltinReference = { id: 'hue', tolerance: DEFAULT_TOLERANCE, compute: (img, p) => mapPixels(img, (r, g, b) => shiftHue(r, g, b, p.hue)) }
