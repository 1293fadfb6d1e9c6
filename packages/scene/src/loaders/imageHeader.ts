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

/** How many leading bytes to hand to `readImageHeader` (JPEG metadata can push SOF back). */
export const IMAGE_HEADER_BYTES = 256 * 1024

export function readImageHeader(bytes: Uint8Array): ImageHeader | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const ascii = (at: number, len: number) => String.fromCharCode(...bytes.subarray(at, at + len))
  const has = (n: number) => bytes.length >= n

  if (has(8) && bytes[0] === 0x89 && ascii(1, 3) === 'PNG' && bytes[4] === 0x0d && bytes[5] === 0x0a) {
    if (has(24) && ascii(12, 4) === 'IHDR') return { format: 'png', width: view.getUint32(16), height: view.getUint32(20) }
    return { format: 'png' }
  }
  if (has(3) && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { format: 'jpeg', ...jpegSize(bytes, view) }
  if (has(12) && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') return { format: 'webp', ...webpSize(bytes, view, ascii) }
  return null
}

/** Walks the JPEG marker segments up to the first start-of-frame, which holds the size. */
function jpegSize(bytes: Uint8Array, view: DataView): { width?: number; height?: number } {
  let i = 2
  while (i + 9 <= bytes.length) {
    if (bytes[i] !== 0xff) return {}
    const marker = bytes[i + 1]
    if (marker === 0xff) { i++; continue } // fill byte
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) { i += 2; continue } // no length
    // SOF0..SOF15, except DHT (c4), JPG (c8) and DAC (cc), which share the range
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: view.getUint16(i + 5), width: view.getUint16(i + 7) }
    }
    if (marker === 0xda || marker === 0xd9) return {} // scan data or end before any frame header
    i += 2 + view.getUint16(i + 2)
  }
  return {}
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
