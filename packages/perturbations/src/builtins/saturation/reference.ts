import { DEFAULT_TOLERANCE, luminance, mapPixels, mix, type BuiltinReference } from '../../reference'

export const reference: BuiltinReference = {
  id: 'saturation',
  tolerance: DEFAULT_TOLERANCE,
  compute: (img, p) =>
    mapPixels(img, (r, g, b) => {
      const l = luminance(r, g, b)
      return [mix(l, r, p.saturation), mix(l, g, p.saturation), mix(l, b, p.saturation)]
    }),
}
