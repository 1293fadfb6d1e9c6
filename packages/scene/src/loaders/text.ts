import { SceneInputError } from './errors'
import type { Steps } from './slices'

const CHUNK = 1 << 20

/**
 * Decodes an uploaded text file (OBJ, glTF JSON): UTF-8, or UTF-16 with a byte-order mark.
 * UTF-32 and BOM-less UTF-16 are refused with a message that says so (the binary check of the
 * parsers would otherwise call them binary files). Decodes in 1 MB chunks, yielding between.
 */
export function* decodeText(bytes: Uint8Array, name: string): Steps<string> {
  const at = (i: number) => bytes[i] ?? -1
  if ((at(0) === 0xff && at(1) === 0xfe && at(2) === 0 && at(3) === 0) || (at(0) === 0 && at(1) === 0 && at(2) === 0xfe && at(3) === 0xff)) {
    throw new SceneInputError('unsupported-format', name, `${name} is UTF-32 text; save it as UTF-8`)
  }
  let label = 'utf-8'
  if (at(0) === 0xff && at(1) === 0xfe) label = 'utf-16le'
  else if (at(0) === 0xfe && at(1) === 0xff) label = 'utf-16be'
  else {
    const unmarked = unmarkedUtf16(bytes)
    if (unmarked) throw new SceneInputError('unsupported-format', name, `${name} looks like ${unmarked} text without a byte-order mark; save it as UTF-8`)
  }
  // not fatal: stray Latin-1 in comments is harmless; the BOM (if any) is dropped
  const decoder = new TextDecoder(label)
  const parts: string[] = []
  for (let i = 0; i < bytes.length; i += CHUNK) {
    parts.push(decoder.decode(bytes.subarray(i, i + CHUNK), { stream: true }))
    yield
  }
  parts.push(decoder.decode())
  return parts.join('')
}

/** 'UTF-16LE' / 'UTF-16BE' when the head is ASCII text stored in 16-bit units without a BOM. */
function unmarkedUtf16(bytes: Uint8Array): string | null {
  const n = Math.min(bytes.length, 1024) >> 1
  if (n < 2) return null
  let zeroEven = 0
  let zeroOdd = 0
  for (let i = 0; i < n; i++) {
    if (bytes[2 * i] === 0) zeroEven++
    if (bytes[2 * i + 1] === 0) zeroOdd++
  }
  if (zeroOdd >= 0.9 * n && zeroEven === 0) return 'UTF-16LE'
  if (zeroEven >= 0.9 * n && zeroOdd === 0) return 'UTF-16BE'
  return null
}
