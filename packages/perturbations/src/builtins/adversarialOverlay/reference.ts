import { createImage, mapPixels, pcg3d, type BuiltinReference, type ImageF32 } from '../../reference'
import { ADVERSARIAL_TEXTURE } from '.'

/**
 * A deterministic stand-in for a PGD perturbation: ±0.1 per pixel and channel, signs from the
 * hash. Signed values, so the texture must be float (like the app's attack texture).
 */
export function adversarialPattern(width: number, height: number, seed = 1): ImageF32 {
  const img = createImage(width, height)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const h = pcg3d(x, y, seed)
      const i = (y * width + x) * 4
      for (let c = 0; c < 3; c++) img.data[i + c] = h[c] & 1 ? 0.1 : -0.1
      img.data[i + 3] = 1
    }
  }
  return img
}

/** clamp(mix(0.5, c, originalAlpha) + attackAlpha·δ); no δ given means δ = 0. */
function adversarialOverlay(img: ImageF32, p: { attackAlpha: number; originalAlpha: number }, externals: Record<string, ImageF32> = {}): ImageF32 {
  const delta = externals[ADVERSARIAL_TEXTURE]
  return mapPixels(img, (r, g, b, x, y) => {
    const i = (y * img.width + x) * 4
    return [r, g, b].map((v, c) => 0.5 + (v - 0.5) * p.originalAlpha + p.attackAlpha * (delta ? delta.data[i + c] : 0)) as [number, number, number]
  })
}

export const reference: BuiltinReference = {
  id: 'adversarial-overlay',
  // Exact arithmetic up to float32 rounding (measured max 6e-8).
  tolerance: { mean: 1e-6, max: 1e-5 },
  compute: (img, p, externals) => adversarialOverlay(img, { attackAlpha: p.attackAlpha, originalAlpha: p.originalAlpha }, externals),
  externals: { [ADVERSARIAL_TEXTURE]: (width, height) => adversarialPattern(width, height) },
}
