import { describe, expect, test } from 'vitest'
import { centreCrop, fitImage, resampleRgba, thumbnailOf } from './resample'

/** A w×h RGBA float image whose red channel is `red(x, y)`, green and blue 0. */
const floats = (width: number, height: number, red: (x: number, y: number) => number) => {
  const data = new Float32Array(width * height * 4)
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) (data[(y * width + x) * 4] = red(x, y)), (data[(y * width + x) * 4 + 3] = 1)
  return { width, height, data }
}
const reds = (data: Float32Array) => Array.from(data.filter((_, i) => i % 4 === 0))

describe('fitting images to the model input', () => {
  test('the centre crop is the largest centred rectangle of the target aspect', () => {
    expect(centreCrop(400, 300, 112, 112)).toEqual({ x: 50, y: 0, width: 300, height: 300 })
    expect(centreCrop(300, 400, 112, 112)).toEqual({ x: 0, y: 50, width: 300, height: 300 })
    expect(centreCrop(5, 3, 2, 2)).toEqual({ x: 1, y: 0, width: 3, height: 3 })
    expect(centreCrop(224, 224, 112, 112)).toEqual({ x: 0, y: 0, width: 224, height: 224 })
    expect(centreCrop(200, 100, 2, 1)).toEqual({ x: 0, y: 0, width: 200, height: 100 })
  })

  test('at the same size the pixels come through exactly (bytes / 255), alpha dropped to 1', () => {
    const bytes = { width: 2, height: 1, data: new Uint8ClampedArray([0, 128, 255, 7, 1, 2, 3, 0]) }
    expect(Array.from(resampleRgba(bytes, 2, 1))).toEqual([0, 128 / 255, 1, 1, 1 / 255, 2 / 255, 3 / 255, 1].map(Math.fround))
    const image = floats(3, 2, (x, y) => 0.1 * x + 0.3 * y)
    expect(Array.from(fitImage(image, 3, 2))).toEqual(Array.from(image.data))
  })

  test('shrinking averages with a stretched triangle (Pillow\'s antialiased bilinear), no aliasing', () => {
    const row = { width: 4, height: 1, data: new Uint8ClampedArray([0, 0, 0, 255, 100, 0, 0, 255, 200, 0, 0, 255, 255, 0, 0, 255]) }
    // output 0 centres on source 1.0: taps 0, 1, 2 weigh 0.75, 0.75, 0.25; output 1: taps 1, 2, 3 weigh 0.25, 0.75, 0.75
    const [a, b] = reds(resampleRgba(row, 2, 1))
    expect(a).toBeCloseTo((0.75 * 0 + 0.75 * 100 + 0.25 * 200) / 1.75 / 255, 6)
    expect(b).toBeCloseTo((0.25 * 100 + 0.75 * 200 + 0.75 * 255) / 1.75 / 255, 6)
    // a constant image stays constant at any size
    const grey = floats(7, 5, () => 0.25)
    for (const [w, h] of [[3, 4], [2, 2], [9, 11]]) expect(new Set(reds(resampleRgba(grey, w, h)))).toEqual(new Set([0.25]))
  })

  test('growing interpolates linearly between pixel centres', () => {
    expect(reds(resampleRgba(floats(2, 1, (x) => x), 4, 1))).toEqual([0, 0.25, 0.75, 1])
  })

  test('a wide image keeps its centre: the side columns are cropped away', () => {
    // 4×2: columns 0 and 3 are 1, the middle two 0.5 and 0.25
    const image = floats(4, 2, (x) => [1, 0.5, 0.25, 1][x])
    expect(reds(fitImage(image, 2, 2))).toEqual([0.5, 0.25, 0.5, 0.25])
  })

  test('thumbnails: at most `size` on the longer side, as bytes', () => {
    const t = thumbnailOf(floats(8, 4, () => 0.5), 4)
    expect([t.width, t.height]).toEqual([4, 2])
    expect(Array.from(t.data.subarray(0, 4))).toEqual([128, 0, 0, 255])
    expect(thumbnailOf(floats(2, 2, () => 1), 64).width).toBe(2)
  })
})
