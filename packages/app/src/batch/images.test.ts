import { describe, expect, test } from 'vitest'
import { BATCH_LIMITS, BatchInputError, batchFiles, decodeBatchFile, folderOf, inputFrame, screenFiles, type BatchFile } from './images'

const file = (path: string, content: BlobPart = 'x', type = '') => ({ file: new File([content], path.split('/').pop()!, { type }), path })
/** A file that says it is `size` bytes (nothing that large is allocated). */
const sized = (path: string, size: number): BatchFile => {
  const f = new File(['x'], path.split('/').pop()!)
  Object.defineProperty(f, 'size', { value: size })
  return { file: f, path }
}
/** The first bytes of a PNG of the given size (signature and IHDR). */
const pngHeader = (width: number, height: number) => {
  const bytes = new Uint8Array(33)
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
  new DataView(bytes.buffer).setUint32(16, width)
  new DataView(bytes.buffer).setUint32(20, height)
  return bytes
}

describe('screening a folder before reading it', () => {
  test('keeps images in path order; skips other files, empty ones and those over the byte limit, with the reason', () => {
    const { images, skipped } = screenFiles([
      file('pets/dog/b.JPG'),
      file('pets/notes.txt', 'hello', 'text/plain'),
      file('pets/cat/a.png'),
      file('pets/empty.png', ''),
      sized('pets/cat/huge.webp', 40 * 1024 * 1024),
      file('pets/cat/noext', 'x', 'image/webp'),
    ])
    expect(images.map((f) => f.path)).toEqual(['pets/cat/a.png', 'pets/cat/noext', 'pets/dog/b.JPG'])
    expect(skipped).toEqual([
      { name: 'pets/cat/huge.webp', reason: '40 MB, over the 32 MB an image may have' },
      { name: 'pets/empty.png', reason: 'the file is empty' },
      { name: 'pets/notes.txt', reason: 'not a PNG, JPEG or WebP image' },
    ])
  })

  test('refuses a folder with too many images or files, or none, naming it', () => {
    const many = Array.from({ length: BATCH_LIMITS.images + 1 }, (_, i) => sized(`holiday/${i}.jpg`, 10))
    expect(() => screenFiles(many)).toThrow(new BatchInputError('The folder holiday has 5,001 images; a batch evaluates at most 5,000: choose a smaller folder or split it.'))
    expect(() => screenFiles(many.slice(1))).not.toThrow()
    const files = Array.from({ length: BATCH_LIMITS.files + 1 }, (_, i) => sized(`home/${i}.txt`, 10))
    expect(() => screenFiles(files)).toThrow('The folder home has 20,001 files; a batch reads at most 20,000: choose a smaller folder.')
    expect(() => screenFiles([file('docs/a.txt'), file('docs/b.pdf')])).toThrow('The folder docs has no PNG, JPEG or WebP image (2 other files).')
    expect(() => screenFiles([file('a.txt')])).toThrow('The selection has no PNG, JPEG or WebP image (1 other file).')
  })

  test('paths: the relative path a folder pick gives, else the name; the folder when all share one', () => {
    const picked = new File(['x'], 'a.png')
    Object.defineProperty(picked, 'webkitRelativePath', { value: 'zoo/dog/a.png' })
    const files = batchFiles([picked, new File(['x'], 'b.png')])
    expect(files.map((f) => f.path)).toEqual(['zoo/dog/a.png', 'b.png'])
    expect(folderOf(files)).toBeNull()
    expect(folderOf(files.slice(0, 1))).toBe('zoo')
  })
})

describe('decoding within the limits', () => {
  test('a file that is no image, or whose header is over the pixel limit, is refused before decoding', async () => {
    await expect(decodeBatchFile(file('x/fake.png', 'not an image at all'))).rejects.toThrow(/^this is not a PNG, JPEG or WebP image$/)
    await expect(decodeBatchFile(file('x/wide.png', pngHeader(5000, 10)))).rejects.toThrow(/^the image is 5000×10 pixels; the limit is 4096 pixels per side$/)
  })

  test('decoded images are checked and fitted', async () => {
    const data = new Uint8ClampedArray(2 * 2 * 4).fill(255)
    expect(Array.from(await inputFrame({ name: 'white', width: 2, height: 2, data }, 1, 1))).toEqual([1, 1, 1, 1])
    await expect(inputFrame({ name: 'bad', width: 3, height: 2, data }, 1, 1)).rejects.toThrow('the pixels are not 3×2 RGBA')
    await expect(inputFrame({ name: 'big', width: 5000, height: 1, data: new Uint8ClampedArray(5000 * 4) }, 1, 1)).rejects.toThrow('the image is 5000×1 pixels; the limit is 4096 pixels per side')
  })
})
