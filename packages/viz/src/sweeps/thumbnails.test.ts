import { describe, expect, it } from 'vitest'
import { maxAbsWeight, weightedThumbnail } from './thumbnails'

// two pixels: an orange one, opaque, and a dark blue one, half transparent
const image = { width: 2, height: 1, data: new Uint8ClampedArray([200, 100, 0, 255, 10, 20, 30, 128]) }
const pixels = (rgba: Uint8ClampedArray) => [Array.from(rgba.subarray(0, 4)), Array.from(rgba.subarray(4, 8))]

describe('weightedThumbnail', () => {
  it('shows the image as it is at the largest weight', () => {
    expect(pixels(weightedThumbnail(image, 4, 4))).toEqual([
      [200, 100, 0, 255],
      [10, 20, 30, 128],
    ])
  })

  it('fades to white (the page) at weight 0, and in proportion between', () => {
    expect(pixels(weightedThumbnail(image, 0, 4))).toEqual([
      [255, 255, 255, 255],
      [255, 255, 255, 128],
    ])
    // a quarter: 255 + (200 − 255) / 4 = 241.25 → 241, 255 − 155/4 = 216.25 → 216, 255 − 255/4 = 191.25 → 191
    expect(pixels(weightedThumbnail(image, 1, 4))).toEqual([
      [241, 216, 191, 255],
      [194, 196, 199, 128],
    ])
  })

  it('inverts the colours of a negative weight, and fades the inverted image the same way', () => {
    expect(pixels(weightedThumbnail(image, -4, 4))).toEqual([
      [55, 155, 255, 255],
      [245, 235, 225, 128],
    ])
    // half of −max: halfway from the inverse to white, 0.5 rounding up (155 + 100/2 = 205, 55 + 200/2 = 155)
    expect(pixels(weightedThumbnail(image, -2, 4))).toEqual([
      [155, 205, 255, 255],
      [250, 245, 240, 128],
    ])
  })

  it('clamps weights beyond the maximum and shows nothing for NaN or an all-zero set', () => {
    expect(pixels(weightedThumbnail(image, 9, 4))[0]).toEqual([200, 100, 0, 255])
    expect(pixels(weightedThumbnail(image, Number.NaN, 4))[0]).toEqual([255, 255, 255, 255])
    expect(pixels(weightedThumbnail(image, 0, 0))[0]).toEqual([255, 255, 255, 255])
  })

  it('leaves its input alone', () => {
    weightedThumbnail(image, -1, 1)
    expect(Array.from(image.data)).toEqual([200, 100, 0, 255, 10, 20, 30, 128])
  })

  it('finds the largest magnitude of a set of weights', () => {
    expect(maxAbsWeight([0.5, -3, 2])).toBe(3)
    expect(maxAbsWeight([])).toBe(0)
  })
})
