import type { RgbaImage } from '../objects/types'
import { SceneInputError, formatBytes } from './errors'
import { readBlobImageHeader } from './imageHeader'
import { resolveLimits, type LoadLimits } from './limits'

export interface DecodeImageOptions {
  /** file name for error messages; defaults to the File's name */
  name?: string
  limits?: Partial<LoadLimits>
}

/**
 * Decodes a user texture (PNG/JPEG/WebP) to RGBA8, row 0 at the top. Browser only: it
 * needs createImageBitmap and a 2D canvas. Checks bytes, format and pixel size first.
 */
export async function decodeImage(file: Blob & { name?: string }, opts: DecodeImageOptions = {}): Promise<RgbaImage> {
  const name = opts.name ?? file.name ?? 'texture'
  const limits = resolveLimits(opts.limits)
  const fail = (detail: string, cause?: unknown) => new SceneInputError('texture', name, detail, { cause })

  if (file.size > limits.maxFileBytes) {
    throw new SceneInputError('too-large', name, `${name} is ${formatBytes(file.size)}; the limit is ${formatBytes(limits.maxFileBytes)}`)
  }
  if (file.size === 0) throw fail('the image file is empty')
  const header = await readBlobImageHeader(file)
  if (!header) throw fail('this is not a PNG, JPEG or WebP image')
  const format = header.format.toUpperCase()
  // no size, no decoding: the size check is what bounds the decoder's memory
  if (header.width === undefined || header.height === undefined) throw fail(`the ${format} header does not say the image size; the file is damaged or truncated`)
  checkSide(header.width, header.height, limits.maxTextureSide, name)
  if (typeof createImageBitmap !== 'function') {
    throw fail('decoding images needs a browser (createImageBitmap is not available here)')
  }

  let bitmap: ImageBitmap
  try {
    // 'none': keep the file's bytes; premultiplying would lose colour under low alpha
    bitmap = await createImageBitmap(file, { premultiplyAlpha: 'none', colorSpaceConversion: 'none' })
  } catch (e) {
    throw fail(`the ${format} data is corrupt or truncated; the browser could not decode it`, e)
  }
  try {
    return imageToRgba(bitmap, name, limits.maxTextureSide)
  } finally {
    bitmap.close()
  }
}

/** Rejects images with a side above the limit (no-op when the size is unknown). */
export function checkSide(width: number | undefined, height: number | undefined, maxSide: number, name: string): void {
  if (width === undefined || height === undefined) return
  if (width === 0 || height === 0) throw new SceneInputError('texture', name, `the image is ${width}×${height} pixels, which is empty`)
  if (width > maxSide || height > maxSide) {
    throw new SceneInputError('texture', name, `the image is ${width}×${height} pixels; the limit is ${maxSide} pixels per side`)
  }
}

type DrawableImage = CanvasImageSource & { width: number; height: number }

/** Reads back any drawable image (ImageBitmap, <img>, canvas) as RGBA8 pixels. */
export function imageToRgba(image: DrawableImage, name: string, maxSide: number): RgbaImage {
  const { width, height } = image
  checkSide(width, height, maxSide, name)
  const canvas =
    typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(width, height) : Object.assign(document.createElement('canvas'), { width, height })
  const ctx = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null
  if (!ctx) throw new SceneInputError('texture', name, 'no 2D canvas is available to read the image')
  ctx.drawImage(image, 0, 0)
  const pixels = ctx.getImageData(0, 0, width, height)
  return { width, height, data: pixels.data }
}

/**
 * Turns a user alpha texture into a mask with r = g = b = a = coverage (255 = opaque), so
 * consumers can read any channel. Images with transparency use their alpha channel;
 * opaque ones (the usual black/white mask) use their luminance.
 */
export function toAlphaMask(image: RgbaImage): RgbaImage {
  const src = image.data
  let hasAlpha = false
  for (let i = 3; i < src.length; i += 4) if (src[i] < 255) { hasAlpha = true; break }
  const data = new Uint8ClampedArray(src.length)
  for (let i = 0; i < src.length; i += 4) {
    const m = hasAlpha ? src[i + 3] : 0.2126 * src[i] + 0.7152 * src[i + 1] + 0.0722 * src[i + 2]
    data[i] = data[i + 1] = data[i + 2] = data[i + 3] = m
  }
  return { width: image.width, height: image.height, data }
}
