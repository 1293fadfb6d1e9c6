import { EXRLoader } from 'three/examples/jsm/loaders/EXRLoader.js'
import { FloatType } from 'three'
import park from '@pmndrs/assets/hdri/park.exr'
import city from '@pmndrs/assets/hdri/city.exr'
import { createImage, type ImageF32 } from '../../reference'

const sources = { park, city } as const
export type PhotoName = keyof typeof sources

/**
 * Real photographs for the tests: a crop of the CC0 park / city HDRIs shipped in
 * @pmndrs/assets, tone-mapped (Reinhard) to display values and box-resampled to `size`.
 */
export async function loadPhoto(name: PhotoName, size = 224): Promise<ImageF32> {
  const loader = new EXRLoader().setDataType(FloatType)
  const buffer = await (await fetch(sources[name])).arrayBuffer()
  const exr = loader.parse(buffer) as unknown as { width: number; height: number; data: Float32Array }
  const { width, height, data } = exr
  // A square crop from the band just above the horizon, where the scenery is.
  const side = Math.floor(height * 0.75)
  const x0 = Math.floor(width * 0.3)
  const y0Top = Math.floor(height * 0.15)
  const out = createImage(size, size)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0]
      let n = 0
      const sx0 = Math.floor((x * side) / size)
      const sx1 = Math.max(sx0 + 1, Math.floor(((x + 1) * side) / size))
      const sy0 = Math.floor((y * side) / size)
      const sy1 = Math.max(sy0 + 1, Math.floor(((y + 1) * side) / size))
      for (let sy = sy0; sy < sy1; sy++) {
        // EXR rows are stored bottom-up by three's loader
        const row = height - 1 - (y0Top + sy)
        for (let sx = sx0; sx < sx1; sx++) {
          const i = (row * width + x0 + sx) * 4
          for (let c = 0; c < 3; c++) acc[c] += data[i + c]
          n++
        }
      }
      const o = (y * size + x) * 4
      for (let c = 0; c < 3; c++) {
        const v = Math.max(0, (acc[c] / n) * 1.5)
        out.data[o + c] = Math.pow(v / (1 + v), 1 / 2.2)
      }
      out.data[o + 3] = 1
    }
  }
  return out
}
