import { hsv2rgb, mapPixels, rgb2hsv, type BuiltinReference } from '../../reference'
import { IMAGENET_C_LEVELS, imagenetCOutputCpu, levelAt } from '../imagenetC'

const clamp = (v: number) => Math.min(1, Math.max(0, v))

export const reference: BuiltinReference = {
  id: 'brightness',
  // the 8-bit truncation can land one step apart where float32 and float64 round differently
  tolerance: { mean: 2e-3, max: 1 / 255 + 1e-5 },
  compute: (img, p) => {
    const level = Math.fround(levelAt(IMAGENET_C_LEVELS.brightness, p.severity ?? 0))
    return mapPixels(img, (r, g, b) => {
      const c = [r, g, b].map((v) => clamp(v + p.brightness)) as [number, number, number]
      if (!(level > 0)) return c
      const [h, s, v] = rgb2hsv(...c)
      return hsv2rgb(h, s, clamp(v + level)).map(imagenetCOutputCpu) as [number, number, number]
    })
  },
}
