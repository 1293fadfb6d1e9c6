import { mapPixels, type BuiltinReference, type ImageF32 } from '../../reference'
import { IMAGENET_C_LEVELS, imagenetCOutputCpu, levelAt } from '../imagenetC'

/** (c − 0.5)·k + 0.5 per channel, clamped. */
export const contrast = (img: ImageF32, k: number) => mapPixels(img, (r, g, b) => [(r - 0.5) * k + 0.5, (g - 0.5) * k + 0.5, (b - 0.5) * k + 0.5])

/** ImageNet-C "contrast": (x − the channel's mean over the image)·c + mean, then 8-bit truncation. */
function imagenetCContrast(img: ImageF32, c: number): ImageF32 {
  const mean = [0, 1, 2].map((ch) => {
    let sum = 0
    for (let i = ch; i < img.data.length; i += 4) sum += img.data[i]
    return sum / (img.width * img.height)
  })
  return mapPixels(img, (r, g, b) => [r, g, b].map((v, ch) => imagenetCOutputCpu((v - mean[ch]) * c + mean[ch])) as [number, number, number])
}

export const reference: BuiltinReference = {
  id: 'contrast',
  // the 8-bit truncation can land one step apart where float32 sums and float64 differ
  tolerance: { mean: 2e-3, max: 1 / 255 + 1e-5 },
  compute: (img, p) => {
    const scaled = contrast(img, p.contrast)
    const level = levelAt(IMAGENET_C_LEVELS.contrast, p.severity ?? 0, 1)
    return level < 1 ? imagenetCContrast(scaled, Math.fround(level)) : scaled
  },
}
