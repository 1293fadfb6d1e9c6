import { COMPONENT_BYTES, COMPONENT_NAMES, type AccessorInfo, type GltfDocument } from './gltfContainer'
import type { Steps } from './slices'

/** glTF component types (WebGL enums) */
export const FLOAT = 5126
export const [BYTE, UNSIGNED_BYTE, SHORT, UNSIGNED_SHORT, UNSIGNED_INT] = [5120, 5121, 5122, 5123, 5125]
export const INTEGERS = [BYTE, UNSIGNED_BYTE, SHORT, UNSIGNED_SHORT]
/** Elements read between turns given back to the page */
export const ELEMENTS_PER_STEP = 1 << 16

/** Checks one accessor's use: its type and component type, and that it is not sparse. */
export function expectAccessor(doc: GltfDocument, info: AccessorInfo, use: string, types: string[], components: number[]): AccessorInfo {
  const named = `accessor ${info.index} (${use})`
  if (!types.includes(info.type)) throw doc.fail(`${named} is ${info.type}; it should be ${types.join(' or ')}`)
  if (!components.includes(info.componentType)) {
    throw doc.fail(`${named} has ${COMPONENT_NAMES[info.componentType]} components; it should have ${components.map((c) => COMPONENT_NAMES[c]).join(' or ')}`)
  }
  if (info.sparse) throw doc.fail(`${named} is sparse, which is not supported; export the file without sparse accessors`, 'unsupported-format')
  return info
}

/** Reads any component type as float32 (normalized integers mapped to [0, 1] or [-1, 1]). */
export function* readFloats(info: AccessorInfo): Steps<Float32Array> {
  const n = info.components
  const out = new Float32Array(info.count * n)
  if (!info.view) return out // no bufferView: all zeros
  const { bytes, byteOffset, stride } = info.view
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const size = COMPONENT_BYTES[info.componentType]
  const get = componentReader(view, info.componentType, info.normalized)
  for (let e = 0, at = byteOffset; e < info.count; e++, at += stride) {
    for (let k = 0; k < n; k++) out[e * n + k] = get(at + k * size)
    if ((e & (ELEMENTS_PER_STEP - 1)) === ELEMENTS_PER_STEP - 1) yield
  }
  return out
}

export function* readIndices(doc: GltfDocument, info: AccessorInfo, use: string, vertices: number): Steps<Uint32Array> {
  const out = new Uint32Array(info.count)
  if (!info.view) return out
  const { bytes, byteOffset, stride } = info.view
  const get = componentReader(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), info.componentType, false)
  for (let e = 0, at = byteOffset; e < info.count; e++, at += stride) {
    const v = get(at)
    if (v >= vertices) throw doc.fail(`accessor ${info.index} (${use}) refers to vertex ${v}, but the primitive has only ${vertices} vertices (0 to ${vertices - 1})`, 'invalid-geometry')
    out[e] = v
    if ((e & (ELEMENTS_PER_STEP - 1)) === ELEMENTS_PER_STEP - 1) yield
  }
  return out
}

function componentReader(view: DataView, componentType: number, normalized: boolean): (at: number) => number {
  switch (componentType) {
    case BYTE:
      return normalized ? (at) => Math.max(view.getInt8(at) / 127, -1) : (at) => view.getInt8(at)
    case UNSIGNED_BYTE:
      return normalized ? (at) => view.getUint8(at) / 255 : (at) => view.getUint8(at)
    case SHORT:
      return normalized ? (at) => Math.max(view.getInt16(at, true) / 32767, -1) : (at) => view.getInt16(at, true)
    case UNSIGNED_SHORT:
      return normalized ? (at) => view.getUint16(at, true) / 65535 : (at) => view.getUint16(at, true)
    case UNSIGNED_INT:
      return (at) => view.getUint32(at, true)
    default:
      return (at) => view.getFloat32(at, true)
  }
}
