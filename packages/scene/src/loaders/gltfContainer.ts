import { SceneInputError, type SceneInputErrorCode } from './errors'
import type { Steps } from './slices'
import { decodeText } from './text'

/**
 * The glTF container and its structure, checked before anything is read from it: every field
 * we use has its type checked where it is read, every index is checked against its list, and
 * every accessor against its bufferView and buffer (component type, type, count, normalized,
 * byte offset, stride, alignment), so no hostile value reaches an array or a typed-array view
 * unchecked. Messages name the glTF object, e.g. "accessor 3 needs 1212 bytes of bufferView 1 …".
 */

export type Json = Record<string, unknown>

const GLB_MAGIC = 0x46546c67 // 'glTF' little-endian
const CHUNK_JSON = 0x4e4f534a
const CHUNK_BIN = 0x004e4942
/** Required extensions we cannot honour (compressed data, KTX2 textures). */
const UNSUPPORTED_EXTENSIONS = ['KHR_draco_mesh_compression', 'EXT_meshopt_compression', 'KHR_meshopt_compression', 'KHR_texture_basisu']

export const COMPONENT_BYTES: Readonly<Record<number, number>> = { 5120: 1, 5121: 1, 5122: 2, 5123: 2, 5125: 4, 5126: 4 }
export const COMPONENT_NAMES: Readonly<Record<number, string>> = { 5120: 'BYTE', 5121: 'UNSIGNED_BYTE', 5122: 'SHORT', 5123: 'UNSIGNED_SHORT', 5125: 'UNSIGNED_INT', 5126: 'FLOAT' }
const TYPE_SHAPES: Readonly<Record<string, [columns: number, rows: number]>> = { SCALAR: [1, 1], VEC2: [1, 2], VEC3: [1, 3], VEC4: [1, 4], MAT2: [2, 2], MAT3: [3, 3], MAT4: [4, 4] }

const COLLECTIONS = {
  accessors: 'accessor',
  bufferViews: 'bufferView',
  buffers: 'buffer',
  images: 'image',
  materials: 'material',
  meshes: 'mesh',
  nodes: 'node',
  scenes: 'scene',
  textures: 'texture',
} as const
export type Collection = keyof typeof COLLECTIONS

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)
/** A field of a parsed JSON object, never one inherited from Object.prototype. */
export const own = (o: Json, key: string): unknown => (Object.hasOwn(o, key) ? o[key] : undefined)

/** A JSON value as a message shows it: short, and never by walking a (possibly very deep) structure. */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v)
  if (v === undefined) return 'missing'
  return Array.isArray(v) ? 'a list' : 'an object'
}

export function isGlb(head: Uint8Array): boolean {
  return head.length >= 4 && new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true) === GLB_MAGIC
}

/** An accessor whose structure and bounds have been checked. */
export interface AccessorInfo {
  index: number
  componentType: number
  type: string
  /** components per element (3 for VEC3) */
  components: number
  count: number
  normalized: boolean
  sparse: boolean
  /** element i starts at byteOffset + i·stride in `bytes` (its bufferView); null: no bufferView (all zeros) */
  view: { bytes: Uint8Array; byteOffset: number; stride: number } | null
}

/**
 * A parsed .gltf / .glb: its JSON and its buffers, with checked accessors to the parts of
 * the structure the loader reads. Construct with `readGltfFile`.
 */
export class GltfDocument {
  private readonly lists = new Map<Collection, Json[]>()
  private readonly buffers = new Map<number, Uint8Array>()
  private readonly accessors = new Map<number, AccessorInfo>()
  private readonly views = new Map<number, { bytes: Uint8Array; byteStride?: number }>()

  constructor(
    readonly json: Json,
    /** the GLB binary chunk, if any */
    readonly bin: Uint8Array | null,
    readonly name: string,
  ) {}

  fail(detail: string, code: SceneInputErrorCode = 'parse'): SceneInputError {
    return new SceneInputError(code, this.name, detail)
  }

  /** A top-level list (`accessors`, `nodes`, …), each entry checked to be an object; [] when absent. */
  list(key: Collection): Json[] {
    let list = this.lists.get(key)
    if (!list) {
      const value = own(this.json, key)
      if (value === undefined) list = []
      else {
        if (!Array.isArray(value)) throw this.fail(`"${key}" is ${show(value)}; it should be a list`)
        for (let i = 0; i < value.length; i++) {
          if (!isObject(value[i])) throw this.fail(`${COLLECTIONS[key]} ${i} is ${show(value[i])}; it should be an object`)
        }
        list = value as Json[]
      }
      this.lists.set(key, list)
    }
    return list
  }

  /** `owner`'s `field`, an index into the list `key`, checked. */
  ref(owner: string, field: string, value: unknown, key: Collection): number {
    const kind = COLLECTIONS[key]
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw this.fail(`${owner}: ${field} is ${show(value)}; it should be the number of ${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind}`)
    }
    const n = this.list(key).length
    if (value >= n) throw this.fail(`${owner}: ${field} refers to ${kind} ${value}, but the file has ${n === 0 ? 'none' : `only ${n}`}`)
    return value
  }

  /** A whole number ≥ `min`, or `fallback` when the field is absent. */
  uint(owner: string, field: string, value: unknown, min = 0, fallback?: number): number {
    if (value === undefined && fallback !== undefined) return fallback
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      throw this.fail(`${owner}: ${field} is ${show(value)}; it should be a whole number${min > 0 ? ` of at least ${min}` : ''}`)
    }
    return value
  }

  /** Exactly `length` numbers that stay finite in float32, or `fallback` when absent. */
  numbers(owner: string, field: string, value: unknown, length: number, fallback?: number[]): number[] {
    if (value === undefined && fallback) return fallback
    if (!Array.isArray(value) || value.length !== length || !value.every((x) => typeof x === 'number' && Number.isFinite(Math.fround(x)))) {
      throw this.fail(`${owner}: ${field} is ${show(value)}; it should be a list of ${length} finite numbers`)
    }
    return value as number[]
  }

  /** A field that must be a list of indices into `key` (absent: []). */
  refs(owner: string, field: string, value: unknown, key: Collection): number[] {
    if (value === undefined) return []
    if (!Array.isArray(value)) throw this.fail(`${owner}: ${field} is ${show(value)}; it should be a list`)
    return value.map((v, i) => this.ref(owner, `${field}[${i}]`, v, key))
  }

  /** An optional object field. */
  object(owner: string, field: string, value: unknown): Json | undefined {
    if (value === undefined) return undefined
    if (!isObject(value)) throw this.fail(`${owner}: ${field} is ${show(value)}; it should be an object`)
    return value
  }

  /** The bytes of buffer `b` (a data: URI decoded, or the GLB binary chunk), at least its byteLength. */
  buffer(b: number): Uint8Array {
    return cached(this.buffers, b, () => this.readBuffer(b))
  }

  private readBuffer(b: number): Uint8Array {
    let bytes: Uint8Array | undefined
    const def = this.list('buffers')[b]
    const owner = `buffer ${b}`
    const byteLength = this.uint(owner, 'byteLength', own(def, 'byteLength'), 1)
    const uri = own(def, 'uri')
    if (uri === undefined) {
      if (b !== 0 || !this.bin) throw this.fail(`${owner} has no uri and ${this.bin ? 'only buffer 0 can be' : 'the file has no'} GLB binary chunk`)
      bytes = this.bin
    } else {
      bytes = (typeof uri === 'string' && decodeDataUri(uri)) || undefined
      if (!bytes) throw this.fail(`${owner}: its data: URI is not valid base64`)
    }
    if (bytes.length < byteLength) throw this.fail(`${owner} says it has ${byteLength} bytes, but its data has ${bytes.length}`)
    return bytes
  }

  /** bufferView `v`, checked to lie inside its buffer: its bytes, and its byteStride if it has one. */
  bufferView(v: number): { bytes: Uint8Array; byteStride?: number } {
    return cached(this.views, v, () => this.readBufferView(v))
  }

  private readBufferView(v: number): { bytes: Uint8Array; byteStride?: number } {
    const def = this.list('bufferViews')[v]
    const owner = `bufferView ${v}`
    const b = this.ref(owner, 'buffer', own(def, 'buffer'), 'buffers')
    const byteOffset = this.uint(owner, 'byteOffset', own(def, 'byteOffset'), 0, 0)
    const byteLength = this.uint(owner, 'byteLength', own(def, 'byteLength'), 1)
    const declared = this.uint(`buffer ${b}`, 'byteLength', own(this.list('buffers')[b], 'byteLength'), 1)
    if (byteOffset + byteLength > declared) throw this.fail(`${owner} ends at byte ${byteOffset + byteLength}, but buffer ${b} has ${declared} bytes`)
    const bytes = this.buffer(b).subarray(byteOffset, byteOffset + byteLength)
    const strideField = own(def, 'byteStride')
    if (strideField === undefined) return { bytes }
    const byteStride = this.uint(owner, 'byteStride', strideField, 4)
    if (byteStride > 252 || byteStride % 4 !== 0) throw this.fail(`${owner}: byteStride ${byteStride} should be a multiple of 4 from 4 to 252`)
    return { bytes, byteStride }
  }

  /**
   * Accessor `a`, checked: component type, type, count, normalized, byte offset (a multiple
   * of the component size), and that its last element ends inside its bufferView, whose
   * range lies inside its buffer.
   */
  accessor(a: number): AccessorInfo {
    return cached(this.accessors, a, () => this.readAccessor(a))
  }

  private readAccessor(a: number): AccessorInfo {
    const def = this.list('accessors')[a]
    const owner = `accessor ${a}`
    const componentType = own(def, 'componentType')
    const componentBytes = typeof componentType === 'number' ? COMPONENT_BYTES[componentType] : undefined
    if (!componentBytes) throw this.fail(`${owner}: componentType is ${show(componentType)}, which is not a glTF component type`)
    const type = own(def, 'type')
    const shape = typeof type === 'string' && Object.hasOwn(TYPE_SHAPES, type) ? TYPE_SHAPES[type] : undefined
    if (!shape) throw this.fail(`${owner}: type is ${show(type)}, which is not a glTF accessor type`)
    const count = this.uint(owner, 'count', own(def, 'count'), 1)
    const normalized = own(def, 'normalized') ?? false
    if (typeof normalized !== 'boolean') throw this.fail(`${owner}: normalized is ${show(normalized)}; it should be true or false`)
    if (normalized && componentBytes === 4) throw this.fail(`${owner} is normalized, but only 8- and 16-bit integer components can be`)
    const byteOffset = this.uint(owner, 'byteOffset', own(def, 'byteOffset'), 0, 0)
    if (byteOffset % componentBytes !== 0) throw this.fail(`${owner}: byteOffset ${byteOffset} is not a multiple of its component size (${componentBytes} bytes)`)
    const [columns, rows] = shape
    // matrix columns of 1- and 2-byte components are padded to 4 bytes
    const elementBytes = columns > 1 ? columns * (Math.ceil((rows * componentBytes) / 4) * 4) : rows * componentBytes
    const info: AccessorInfo = { index: a, componentType: componentType as number, type: type as string, components: columns * rows, count, normalized, sparse: own(def, 'sparse') !== undefined, view: null }
    const viewField = own(def, 'bufferView')
    if (viewField !== undefined) {
      const v = this.ref(owner, 'bufferView', viewField, 'bufferViews')
      const view = this.bufferView(v)
      const viewOwner = `bufferView ${v}`
      let stride = elementBytes
      if (view.byteStride !== undefined) {
        stride = view.byteStride
        if (stride < elementBytes) throw this.fail(`${owner} has ${elementBytes}-byte elements, but ${viewOwner} has byteStride ${stride}`)
      }
      const end = byteOffset + stride * (count - 1) + elementBytes
      if (end > view.bytes.length) {
        const apart = stride !== elementBytes ? `, ${stride} bytes apart` : ''
        throw this.fail(`${owner} needs ${end} bytes of ${viewOwner} (byteOffset ${byteOffset} + ${count} elements of ${elementBytes} bytes${apart}), but it has ${view.bytes.length}`)
      }
      info.view = { bytes: view.bytes, byteOffset, stride }
    }
    return info
  }

  /** Checks every accessor, used or not. */
  checkAccessors(): void {
    for (let a = 0; a < this.list('accessors').length; a++) this.accessor(a)
  }
}

function cached<T>(map: Map<number, T>, key: number, make: () => T): T {
  let value = map.get(key)
  if (value === undefined) map.set(key, (value = make()))
  return value
}

/** The bytes of a data: URI (base64 only), or null. */
export function decodeDataUri(uri: string): Uint8Array | null {
  const comma = uri.indexOf(',')
  if (comma < 0 || !/;base64$/i.test(uri.slice(0, comma))) return null
  let binary: string
  try {
    binary = atob(uri.slice(comma + 1))
  } catch {
    return null
  }
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

/**
 * Extracts the JSON (and the binary chunk) of a .glb or .gltf, checking the GLB container
 * first (a truncated GLB is named as such), then the top-level fields every glTF needs:
 * version 2, no external files, no required extension we cannot honour, some meshes.
 */
export function* readGltfFile(data: ArrayBuffer, name: string): Steps<GltfDocument> {
  const bytes = new Uint8Array(data)
  let text: string
  let bin: Uint8Array | null = null
  if (isGlb(bytes)) {
    const view = new DataView(data)
    const truncated = (what: string, need: number) =>
      new SceneInputError('parse', name, `the file is truncated: ${what} needs ${need} bytes but the file has ${data.byteLength}`)
    if (data.byteLength < 20) throw truncated('the GLB header', 20)
    const version = view.getUint32(4, true)
    if (version !== 2) throw new SceneInputError('unsupported-format', name, `this is a GLB version ${version} file; only glTF 2.0 is supported`)
    const length = view.getUint32(8, true)
    if (length > data.byteLength) throw truncated('its header says it', length)
    const jsonLength = view.getUint32(12, true)
    if (view.getUint32(16, true) !== CHUNK_JSON) throw new SceneInputError('parse', name, 'the first GLB chunk is not JSON')
    if (20 + jsonLength > length) throw truncated('the JSON chunk', 20 + jsonLength)
    const binAt = 20 + jsonLength
    if (binAt + 8 <= length) {
      const binLength = view.getUint32(binAt, true)
      if (binAt + 8 + binLength > length) throw truncated('the binary chunk', binAt + 8 + binLength)
      if (view.getUint32(binAt + 4, true) === CHUNK_BIN) bin = bytes.subarray(binAt + 8, binAt + 8 + binLength)
    }
    text = new TextDecoder().decode(bytes.subarray(20, 20 + jsonLength))
  } else {
    text = yield* decodeText(bytes, name)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new SceneInputError('parse', name, `the glTF JSON is invalid (${(e as Error).message})`, { cause: e })
  }
  if (!isObject(json)) throw new SceneInputError('parse', name, 'the glTF JSON is not an object')
  const doc = new GltfDocument(json, bin, name)
  checkTopLevel(doc)
  return doc
}

function checkTopLevel(doc: GltfDocument): void {
  const asset = doc.object('the file', 'asset', own(doc.json, 'asset'))
  const version = asset ? own(asset, 'version') : undefined
  if (typeof version !== 'string' || !/^2\./.test(version)) {
    throw doc.fail(`glTF version ${typeof version === 'string' ? version.slice(0, 40) : version === undefined ? '(missing)' : show(version)} is not supported; only glTF 2.0 is`, 'unsupported-format')
  }
  for (const [kind, key] of [['buffer', 'buffers'], ['image', 'images']] as const) {
    doc.list(key).forEach((item, i) => {
      const uri = own(item, 'uri')
      if (uri === undefined) return
      if (typeof uri !== 'string') throw doc.fail(`${kind} ${i}: uri is ${show(uri)}; it should be a text`)
      if (!uri.startsWith('data:')) {
        const shown = uri.length > 60 ? uri.slice(0, 60) + '…' : uri
        throw doc.fail(`the ${kind} '${shown}' is a separate file; upload a .glb, or a .gltf with everything embedded`, 'unsupported-format')
      }
    })
  }
  const required = own(doc.json, 'extensionsRequired') ?? []
  if (!Array.isArray(required) || !required.every((e) => typeof e === 'string')) {
    throw doc.fail(`extensionsRequired is ${show(required)}; it should be a list of names`)
  }
  const unsupported = required.filter((e) => UNSUPPORTED_EXTENSIONS.includes(e))
  if (unsupported.length > 0) {
    throw doc.fail(`the file needs ${unsupported.join(', ')}, which is not supported; export it without compression`, 'unsupported-format')
  }
  if (doc.list('meshes').length === 0) throw doc.fail('the file contains no meshes', 'no-geometry')
}
