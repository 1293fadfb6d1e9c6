import { describe, expect, test } from 'vitest'
import { decodeImage, toAlphaMask } from './decodeImage'
import { readImageHeader } from './imageHeader'
import { jpegHeaderBytes } from './testFixtures'

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? Array.from(p, (c) => c.charCodeAt(0)) : p)))
const be32 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]
const png = (w: number, h: number) => bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a], be32(13), 'IHDR', be32(w), be32(h), [8, 6, 0, 0, 0])

describe('readImageHeader', () => {
  test('PNG size from IHDR', () => {
    expect(readImageHeader(png(640, 480))).toEqual({ format: 'png', width: 640, height: 480 })
  })

  test('JPEG size from the first SOF, skipping APP segments', () => {
    const app0 = [0xff, 0xe0, 0, 6, 1, 2, 3, 4]
    const sof2 = [0xff, 0xc2, 0, 11, 8, 0x01, 0x2c, 0x02, 0x58, 3] // height 300, width 600
    expect(readImageHeader(bytes([0xff, 0xd8], app0, sof2, [0, 0, 0]))).toEqual({ format: 'jpeg', width: 600, height: 300 })
  })

  test('WebP lossy, lossless and extended', () => {
    const riff = (chunk: string, body: number[]) => bytes('RIFF', [0, 0, 0, 0], 'WEBP', chunk, [0, 0, 0, 0], body)
    expect(readImageHeader(riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01]))).toMatchObject({ width: 640, height: 480 })
    const bits = (640 - 1) | ((480 - 1) << 14)
    expect(readImageHeader(riff('VP8L', [0x2f, bits & 255, (bits >>> 8) & 255, (bits >>> 16) & 255, bits >>> 24]))).toMatchObject({ width: 640, height: 480 })
    expect(readImageHeader(riff('VP8X', [0, 0, 0, 0, 0x7f, 0x02, 0, 0xdf, 0x01, 0]))).toMatchObject({ width: 640, height: 480 })
  })

  test('anything else is not an image', () => {
    expect(readImageHeader(bytes('GIF89a', [1, 0, 1, 0]))).toBeNull()
    expect(readImageHeader(new Uint8Array(0))).toBeNull()
  })
})

describe('decodeImage checks before decoding', () => {
  test('an oversized PNG is refused from its header (no decoder needed)', async () => {
    const file = new File([png(8192, 100)], 'huge.png')
    await expect(decodeImage(file)).rejects.toMatchObject({
      code: 'texture',
      message: 'huge.png: the image is 8192×100 pixels; the limit is 4096 pixels per side',
    })
  })

  test('a JPEG whose size lies behind 300 KB of metadata is refused for its real size, not called corrupt', async () => {
    const file = new File([jpegHeaderBytes(30000, 30000, 300 * 1024)], 'huge.jpg')
    expect(readImageHeader(new Uint8Array(await file.slice(0, 256 * 1024).arrayBuffer()))).toEqual({ format: 'jpeg' }) // not in the head
    await expect(decodeImage(file)).rejects.toMatchObject({
      code: 'texture',
      message: 'huge.jpg: the image is 30000×30000 pixels; the limit is 4096 pixels per side',
    })
  })

  test('an image whose header does not give its size is refused before decoding', async () => {
    const cut = jpegHeaderBytes(640, 480, 100).slice(0, 50)
    await expect(decodeImage(new File([cut], 'cut.jpg'))).rejects.toMatchObject({
      code: 'texture',
      message: 'cut.jpg: the JPEG header does not say the image size; the file is damaged or truncated',
    })
  })

  test('non-image bytes are a texture error', async () => {
    await expect(decodeImage(new File(['hello'], 'notes.png'))).rejects.toMatchObject({ code: 'texture', message: expect.stringContaining('not a PNG, JPEG or WebP') })
  })
})

test('toAlphaMask uses alpha when present, luminance otherwise', () => {
  const withAlpha = toAlphaMask({ width: 2, height: 1, data: new Uint8ClampedArray([0, 0, 0, 255, 255, 255, 255, 10]) })
  expect(Array.from(withAlpha.data)).toEqual([255, 255, 255, 255, 10, 10, 10, 10])
  const opaque = toAlphaMask({ width: 2, height: 1, data: new Uint8ClampedArray([0, 0, 0, 255, 255, 255, 255, 255]) })
  expect(Array.from(opaque.data)).toEqual([0, 0, 0, 0, 255, 255, 255, 255])
})
