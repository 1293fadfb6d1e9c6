import { DEFAULT_TOLERANCE, mapPixels, type ImageF32, type BuiltinReference } from '../../reference'

/** (c − 0.5)·k + 0.5 per channel, clamped. */
export const contrast = (img: ImageF32, k: number) => mapPixels(img, (r, g, b) => [(r - 0.5) * k + 0.5, (g - 0.5) * k + 0.5, (b - 0.5) * k + 0.5])

export const reference: BuiltinReference = { id: 'contrast', tolerance: DEFAULT_TOLERANCE, compute: (img, p) => contrast(img, p.contrast) }
