import { decodeImage, formatBytes, isSceneInputError } from '@perturber/scene/loaders'
import { fitImage, type RgbaPixels } from './resample'

/**
 * What one batch may hold, so that a folder picked by mistake (a home directory, a photo
 * library) is refused at once instead of exhausting memory:
 * - `images`: images evaluated per run (each setting and model infers every one);
 * - `files`: files a dropped or picked folder may hold, images or not (walking a drop stops there);
 * - `depth`: folder levels walked in a drop;
 * - `imageBytes`: one image file's size, checked before reading it;
 * - `imageSide`: an image's longer side in pixels, read from its header before decoding (so at
 *   most 16.8 megapixels, 64 MB decoded; one image is decoded at a time).
 * Files over a per-image limit are skipped, not fatal; a folder over `images` or `files` is refused.
 */
export const BATCH_LIMITS = Object.freeze({
  images: 5_000,
  files: 20_000,
  depth: 16,
  imageBytes: 32 * 1024 * 1024,
  imageSide: 4096,
})

/** A user's file and its path in the picked or dropped folder (`pets/dog/001.jpg`), which may carry its label. */
export interface BatchFile {
  file: File
  path: string
}

/**
 * An image already decoded (e.g. a render of the scene or a zoo split): RGBA, row 0 at the top,
 * bytes or floats in [0, 1]. `label` is a class name, matched to each model's classes as a file
 * name would be.
 */
export interface BatchImage extends RgbaPixels {
  name: string
  label?: string
}

/**
 * An image rendered when the batch reaches it (e.g. a view of the scene, `sceneViews`): one image
 * in memory at a time. A render that throws is skipped with its message as the reason.
 */
export interface BatchRender {
  name: string
  label?: string
  render(): RgbaPixels | Promise<RgbaPixels>
}

export type BatchInput = BatchFile | BatchImage | BatchRender

/** A file left out of the batch, and why, in the user's terms. */
export interface SkippedFile {
  name: string
  reason: string
}

/** A whole folder refused (too many files, no images); the message names it. */
export class BatchInputError extends Error {
  override readonly name = 'BatchInputError'
}

export const isBatchFile = (input: BatchInput): input is BatchFile => 'file' in input

const IMAGE_EXTENSIONS = /\.(png|jpe?g|webp)$/i
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/webp'])

/** Files as a batch takes them, named by their path in the folder (`webkitRelativePath`) or else their name. */
export function batchFiles(files: Iterable<File>): BatchFile[] {
  return Array.from(files, (file) => ({ file, path: file.webkitRelativePath || file.name }))
}

/** The top folder of the files' paths (what the user picked or dropped), or null for loose files. */
export function folderOf(files: readonly BatchFile[]): string | null {
  const tops = new Set(files.map((f) => (f.path.includes('/') ? f.path.split('/')[0] : '')))
  const [top] = tops
  return tops.size === 1 && top ? top : null
}

/**
 * Sorts out what a picked or dropped set of files can evaluate, before anything is read: PNG,
 * JPEG and WebP files (by extension or type) within the byte limit, in path order (the order
 * browsers list a folder in varies); everything else is skipped with the reason. Throws a
 * {@link BatchInputError} naming the folder when it has more files or images than
 * {@link BATCH_LIMITS} allows, or no image at all.
 */
export function screenFiles(files: readonly BatchFile[]): { images: BatchFile[]; skipped: SkippedFile[] } {
  const where = folderOf(files)
  const source = where ? `The folder ${where}` : 'The selection'
  if (files.length > BATCH_LIMITS.files) throw new BatchInputError(`${source} has ${files.length.toLocaleString('en-US')} files; a batch reads at most ${BATCH_LIMITS.files.toLocaleString('en-US')}: choose a smaller folder.`)
  const images: BatchFile[] = []
  const skipped: SkippedFile[] = []
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (!IMAGE_EXTENSIONS.test(f.path) && !IMAGE_TYPES.has(f.file.type)) skipped.push({ name: f.path, reason: 'not a PNG, JPEG or WebP image' })
    else if (f.file.size === 0) skipped.push({ name: f.path, reason: 'the file is empty' })
    else if (f.file.size > BATCH_LIMITS.imageBytes) skipped.push({ name: f.path, reason: `${formatBytes(f.file.size)}, over the ${formatBytes(BATCH_LIMITS.imageBytes)} an image may have` })
    else images.push(f)
  }
  if (images.length > BATCH_LIMITS.images) throw new BatchInputError(`${source} has ${images.length.toLocaleString('en-US')} images; a batch evaluates at most ${BATCH_LIMITS.images.toLocaleString('en-US')}: choose a smaller folder or split it.`)
  if (images.length === 0) throw new BatchInputError(`${source} has no PNG, JPEG or WebP image${files.length ? ` (${files.length} other file${files.length === 1 ? '' : 's'})` : ''}.`)
  return { images, skipped }
}

/**
 * Decodes a batch file within {@link BATCH_LIMITS} (the scene's bounded decoder: format and pixel
 * size from the header first). Rejects with the reason, without the file name, for the skipped list.
 */
export async function decodeBatchFile(input: BatchFile): Promise<RgbaPixels> {
  try {
    return await decodeImage(input.file, { name: input.path, limits: { maxFileBytes: BATCH_LIMITS.imageBytes, maxTextureSide: BATCH_LIMITS.imageSide } })
  } catch (e) {
    throw new Error(isSceneInputError(e) ? e.detail : e instanceof Error ? e.message : String(e))
  }
}

/** The name a batch input goes by in the results. */
export const inputName = (input: BatchInput): string => (isBatchFile(input) ? input.path : input.name)

/**
 * An input as the frame the perturbations and models take: `width`×`height` RGBA floats, row 0 at
 * the top, fitted by centre crop and antialiased resize (see `fitImage`); an image already that
 * size comes through exactly.
 */
export async function inputFrame(input: BatchInput, width: number, height: number): Promise<Float32Array> {
  const image = isBatchFile(input) ? await decodeBatchFile(input) : checkedImage('render' in input ? await input.render() : input)
  return fitImage(image, width, height)
}

function checkedImage(image: RgbaPixels): RgbaPixels {
  const { width, height, data } = image
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) || data.length !== width * height * 4) throw new Error(`the pixels are not ${width}×${height} RGBA`)
  if (width > BATCH_LIMITS.imageSide || height > BATCH_LIMITS.imageSide) throw new Error(`the image is ${width}×${height} pixels; the limit is ${BATCH_LIMITS.imageSide} pixels per side`)
  return image
}
