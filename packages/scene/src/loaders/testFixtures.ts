/** OBJ sources and checks shared by the loader tests, unit and browser (not part of the public API). */
import { expect } from 'vitest'
import { SceneInputError } from './errors'

/** Awaits `p`, which must reject with a SceneInputError, and returns that error. */
export async function rejection(p: Promise<unknown>): Promise<SceneInputError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(SceneInputError)
    return e as SceneInputError
  }
  throw new Error('the promise resolved')
}

/** An axis-aligned box from (x0,y0,z0) to (x0+sx, y0+sy, z0+sz) as 8 `v` lines and 6 outward quads. */
export function boxObj(sx = 4, sy = 2, sz = 1, [x0, y0, z0] = [10, 20, 30], withNormals = false): string {
  const v: string[] = []
  for (const z of [0, sz]) for (const y of [0, sy]) for (const x of [0, sx]) v.push(`v ${x0 + x} ${y0 + y} ${z0 + z}`)
  // corner index = 1 + x + 2y + 4z; each quad counter-clockwise seen from outside
  const quads = [
    [1, 3, 4, 2, 'vn 0 0 -1'], // z = 0
    [5, 6, 8, 7, 'vn 0 0 1'], // z = max
    [1, 2, 6, 5, 'vn 0 -1 0'], // y = 0
    [3, 7, 8, 4, 'vn 0 1 0'], // y = max
    [1, 5, 7, 3, 'vn -1 0 0'], // x = 0
    [2, 4, 8, 6, 'vn 1 0 0'], // x = max
  ] as const
  const lines = ['# a box', 'o box', ...v]
  quads.forEach((q, i) => {
    if (withNormals) lines.push(q[4])
    lines.push('f ' + q.slice(0, 4).map((c) => (withNormals ? `${c}//${i + 1}` : `${c}`)).join(' '))
  })
  return lines.join('\n') + '\n'
}

/** A glTF as its JSON and its one binary buffer, to serialise as .gltf (data: URI) or .glb. */
export interface GltfParts {
  json: Record<string, any>
  bin: Uint8Array
}

/**
 * A unit box in glTF: 8 vertices (POSITION, NORMAL, TEXCOORD_0 as float accessors 0–2) and 12
 * triangles (UNSIGNED_SHORT indices, accessor 3) in one buffer; node 0 (translated by 10 in x)
 * holds node 1 with mesh 0 (scaled by 2); material 0 has a red base colour. With `texture`, the
 * material's base colour is that image instead (bufferView 4, image 0, texture 0).
 */
export function boxGltf(texture?: Uint8Array): GltfParts {
  const positions: number[] = []
  for (const z of [0, 1]) for (const y of [0, 1]) for (const x of [0, 1]) positions.push(x, y, z)
  const normals = positions.map((c) => (c - 0.5) / Math.sqrt(0.75))
  const uvs = positions.flatMap((c, i) => (i % 3 === 2 ? [] : [c]))
  // corner index = x + 2y + 4z; each face two counter-clockwise triangles seen from outside
  const quads = [[0, 2, 3, 1], [4, 5, 7, 6], [0, 1, 5, 4], [2, 6, 7, 3], [0, 4, 6, 2], [1, 3, 7, 5]]
  const indices = quads.flatMap(([a, b, c, d]) => [a, b, c, a, c, d])
  const parts = [new Float32Array(positions), new Float32Array(normals), new Float32Array(uvs), new Uint16Array(indices)]
  const chunks: Uint8Array[] = parts.map((p) => new Uint8Array(p.buffer))
  if (texture) chunks.push(texture)
  const views: { buffer: number; byteOffset: number; byteLength: number }[] = []
  let length = 0
  for (const chunk of chunks) {
    views.push({ buffer: 0, byteOffset: length, byteLength: chunk.length })
    length += Math.ceil(chunk.length / 4) * 4
  }
  const bin = new Uint8Array(length)
  chunks.forEach((chunk, i) => bin.set(chunk, views[i].byteOffset))
  const json: Record<string, any> = {
    asset: { version: '2.0' },
    scene: 0,
    scenes: [{ nodes: [0] }],
    nodes: [{ translation: [10, 0, 0], children: [1] }, { mesh: 0, scale: [2, 2, 2] }],
    meshes: [{ primitives: [{ attributes: { POSITION: 0, NORMAL: 1, TEXCOORD_0: 2 }, indices: 3, material: 0, mode: 4 }] }],
    materials: [{ pbrMetallicRoughness: { baseColorFactor: [1, 0, 0, 1] } }],
    accessors: [
      { bufferView: 0, componentType: 5126, count: 8, type: 'VEC3', min: [0, 0, 0], max: [1, 1, 1] },
      { bufferView: 1, componentType: 5126, count: 8, type: 'VEC3' },
      { bufferView: 2, componentType: 5126, count: 8, type: 'VEC2' },
      { bufferView: 3, componentType: 5123, count: 36, type: 'SCALAR' },
    ],
    bufferViews: views,
    buffers: [{ byteLength: length }],
  }
  if (texture) {
    json.materials[0].pbrMetallicRoughness = { baseColorTexture: { index: 0 } }
    json.textures = [{ source: 0 }]
    json.images = [{ bufferView: 4, mimeType: 'image/png' }]
  }
  return { json, bin }
}

/** The parts as a .gltf (the buffer as a base64 data: URI) or a .glb (the buffer as its binary chunk). */
export function gltfBytes({ json, bin }: GltfParts, as: 'gltf' | 'glb'): Uint8Array<ArrayBuffer> {
  const copy = structuredClone(json)
  if (as === 'gltf') {
    let binary = ''
    for (const b of bin) binary += String.fromCharCode(b)
    if (copy.buffers?.[0]) copy.buffers[0].uri = `data:application/octet-stream;base64,${btoa(binary)}`
    return new TextEncoder().encode(JSON.stringify(copy))
  }
  const text = new TextEncoder().encode(JSON.stringify(copy))
  const jsonLength = Math.ceil(text.length / 4) * 4
  const binLength = Math.ceil(bin.length / 4) * 4
  const out = new Uint8Array(12 + 8 + jsonLength + 8 + binLength)
  const view = new DataView(out.buffer)
  view.setUint32(0, 0x46546c67, true)
  view.setUint32(4, 2, true)
  view.setUint32(8, out.length, true)
  view.setUint32(12, jsonLength, true)
  view.setUint32(16, 0x4e4f534a, true)
  out.fill(0x20, 20, 20 + jsonLength)
  out.set(text, 20)
  view.setUint32(20 + jsonLength, binLength, true)
  view.setUint32(24 + jsonLength, 0x004e4942, true)
  out.set(bin, 28 + jsonLength)
  return out
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
const crc32 = (bytes: Uint8Array) => {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 255] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
const be32 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]

/** A valid RGBA PNG (stored, uncompressed deflate), e.g. `pngBytes(2, 2, pixels)`. */
export function pngBytes(width: number, height: number, rgba: ArrayLike<number>): Uint8Array<ArrayBuffer> {
  const raw = new Uint8Array(height * (1 + width * 4))
  for (let y = 0; y < height; y++) raw.set(Array.from({ length: width * 4 }, (_, i) => rgba[y * width * 4 + i]), y * (1 + width * 4) + 1)
  const zlib: number[] = [0x78, 0x01]
  for (let at = 0; at < raw.length || at === 0; at += 65535) {
    const block = raw.subarray(at, at + 65535)
    const final = at + 65535 >= raw.length ? 1 : 0
    zlib.push(final, block.length & 255, block.length >>> 8, ~block.length & 255, (~block.length >>> 8) & 255, ...block)
    if (raw.length === 0) break
  }
  let a = 1
  let b = 0
  for (const x of raw) {
    a = (a + x) % 65521
    b = (b + a) % 65521
  }
  zlib.push(...be32(((b << 16) | a) >>> 0))
  const chunk = (type: string, data: number[]) => {
    const body = new Uint8Array([...Array.from(type, (c) => c.charCodeAt(0)), ...data])
    return [...be32(data.length), ...body, ...be32(crc32(body))]
  }
  return new Uint8Array([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
    ...chunk('IHDR', [...be32(width), ...be32(height), 8, 6, 0, 0, 0]),
    ...chunk('IDAT', zlib),
    ...chunk('IEND', []),
  ])
}

/**
 * The head of a baseline JPEG of the given size: `metadataBytes` of APP1 segments, then the
 * frame header (SOF0), a scan header and the end marker; no image data, so only headers read it.
 */
export function jpegHeaderBytes(width: number, height: number, metadataBytes = 0): Uint8Array<ArrayBuffer> {
  const parts: number[][] = [[0xff, 0xd8]]
  for (let left = metadataBytes; left > 0; left -= 65533) {
    const n = Math.min(65533, left)
    parts.push([0xff, 0xe1, (n + 2) >>> 8, (n + 2) & 255, ...new Uint8Array(n).fill(0x45)])
  }
  parts.push([0xff, 0xc0, 0, 17, 8, height >>> 8, height & 255, width >>> 8, width & 255, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1])
  parts.push([0xff, 0xda, 0, 12, 3, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0], [0xff, 0xd9])
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
