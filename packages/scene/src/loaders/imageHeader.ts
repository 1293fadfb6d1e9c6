/**
 * Reads format and pixel size from the first bytes of a PNG, JPEG or WebP file, so an
 * oversized image (a "decompression bomb") is rejected before the browser decodes it.
 */
export interface ImageHeader {
  format: 'png' | 'jpeg' | 'webp'
  /** undefined when the size is not in the bytes given (e.g. a JPEG with huge metadata) */
  width?: number
  height?: number
}

/** How many leading bytes `readBlobImageHeader` reads first (PNG and WebP need 30). */
export const IMAGE_HEADER_BYTES = 64 * 1024
/** How much more of a JPEG it reads at a time while walking metadata towards the frame header. */
const JPEG_READ_BYTES = 1 << 20

export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const ascii = (at: number, len: number) => String.fromCharCode(...bytes.subarray(at, at + len))
  const has = (n: number) => bytes.length >= n

  if (has(8) && bytes[0] === 0x89 && ascii(1, 3) === 'PNG' && bytes[4] === 0x0d && bytes[5] === 0x0a) {
    if (has(24) && ascii(12, 4) === 'IHDR') return { format: 'png', width: view.getUint32(16), height: view.getUint32(20) }
    return { format: 'png' }
  }
  if (isJpeg(bytes)) {
    const size = scanJpeg(bytes, 0, bytes.length, 2)
    return { format: 'jpeg', ...(size && 'width' in size ? size : {}) }
  }
  if (has(12) && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') return { format: 'webp', ...webpSize(bytes, view, ascii) }
  return null
}

/**
 * `readImageHeader` for a file: reads its head and, for a JPEG whose frame header lies beyond
 * it (big EXIF or ICC metadata), walks on through the file a megabyte at a time, so the size
 * check sees the real size however far back it is. Linear in the file's size.
 */
export async function readBlobImageHeader(blob: Blob): Promise<ImageHeader | null> {
  const head = await readRange(blob, 0, IMAGE_HEADER_BYTES)
  const header = readImageHeader(head)
  if (header?.format !== 'jpeg' || header.width !== undefined) return header
  let scan = scanJpeg(head, 0, blob.size, 2)
  while (scan && 'resumeAt' in scan) {
    const at = scan.resumeAt
    scan = scanJpeg(await readRange(blob, at, at + JPEG_READ_BYTES), at, blob.size, 0)
  }
  return scan ? { format: 'jpeg', ...scan } : header
}

const readRange = async (blob: Blob, from: number, to: number) => new Uint8Array(await blob.slice(from, to).arrayBuffer())

const isJpeg = (bytes: Uint8Array) => bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff

/**
 * Walks the JPEG marker segments in `bytes` (the file's bytes from offset `base` on; the file
 * has `total` bytes) up to the first start-of-frame, which holds the size. `resumeAt`: the walk
 * needs the bytes from that offset on; null: no frame header before the image data or the end.
 */
function scanJpeg(bytes: Uint8Array, base: number, total: number, start: number): { width: number; height: number } | { resumeAt: number } | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let i = start
  for (;;) {
    if (i + 9 > bytes.length) return base + i + 9 <= total ? { resumeAt: base + i } : null
    if (bytes[i] !== 0xff) return null
    const marker = bytes[i + 1]
    if (marker === 0xff) { i++; continue } // fill byte
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { i += 2; continue } // no length
    // SOF0..SOF15, except DHT (c4), JPG (c8) and DAC (cc), which share the range
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.getUint16(i + 5), width: view.getUint16(i + 7) }
    }
    if (marker === 0xda || marker === 0xd9) return null // scan data or end before any frame header
    const length = view.getUint16(i + 2)
    if (length < 2) return null
    i += 2 + length
  }
}

function webpSize(bytes: Uint8Array, view: DataView, ascii: (at: number, len: number) => string): { width?: number; height?: number } {
  const chunk = ascii(12, 4)
  if (chunk === 'VP8 ' && bytes.length >= 30) {
    return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff }
  }
  if (chunk === 'VP8L' && bytes.length >= 25) {
    const bits = view.getUint32(21, true) // 14 bits width-1, 14 bits height-1
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 }
  }
  if (chunk === 'VP8X' && bytes.length >= 30) {
    const u24 = (at: number) => bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16)
    return { width: u24(24) + 1, height: u24(27) + 1 }
  }
  return {}
}
