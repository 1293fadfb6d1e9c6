import { hsv2rgb, luminance, mapPixels, mix, rgb2hsv, type BuiltinReference } from '../../reference'
import { IMAGENET_C_LEVELS, imagenetCOutputCpu, levelAt } from '../imagenetC'

const clamp = (v: number) => Math.min(1, Math.max(0, v))

export const reference: BuiltinReference = {
  id: 'saturation',
  // the 8-bit truncation can land one step apart where float32 and float64 round differently
  tolerance: { mean: 2e-3, max: 1 / 255 + 1e-5 },
  compute: (img, p) => {
    const severity = p.severity ?? 0
    const scale = Math.fround(levelAt(IMAGENET_C_LEVELS.saturateScale, severity, 1))
    const shift = Math.fround(levelAt(IMAGENET_C_LEVELS.saturateShift, severity, 0))
    return mapPixels(img, (r, g, b) => {
      const l = luminance(r, g, b)
      const c = [r, g, b].map((v) => clamp(mix(l, v, p.saturation))) as [number, number, number]
      if (!(severity > 0)) return c
      const [h, s, v] = rgb2hsv(...c)
      return hsv2rgb(h, clamp(s * scale + shift), v).map(imagenetCOutputCpu) as [number, number, number]
    })
  },
}
