import { SceneInputError } from './errors'
import type { LoadLimits } from './limits'

/** The parts of the glTF JSON we inspect before handing the file to three's GLTFLoader. */
export interface GltfJson {
  asset?: { version?: string }
  buffers?: { uri?: string }[]
  images?: { uri?: string; bufferView?: number }[]
  accessors?: { count?: number }[]
  meshes?: { primitives?: { attributes?: Record<string, number>; mode?: number }[] }[]
  materials?: { pbrMetallicRoughness?: { baseColorFactor?: number[]; baseColorTexture?: unknown } }[]
  extensionsRequired?: string[]
}

const GLB_MAGIC = 0x46546c67 // 'glTF' little-endian
const CHUNK_JSON = 0x4e4f534a
/** Required extensions GLTFLoader cannot handle without extra decoders we do not ship. */
const UNSUPPORTED_EXTENSIONS = ['KHR_draco_mesh_compression', 'EXT_meshopt_compression', 'KHR_meshopt_compression', 'KHR_texture_basisu']
const TRIANGLE_MODES = [undefined, 4, 5, 6] // TRIANGLES, TRIANGLE_STRIP, TRIANGLE_FAN

export function isGlb(head: Uint8Array): boolean {
  return head.length >= 4 && new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true) === GLB_MAGIC
}

/**
 * Extracts the JSON of a .glb or .gltf, checking the GLB container first: GLTFLoader reads
 * a truncated GLB past its end and fails with an unhelpful RangeError, if at all.
 */
export function readGltfJson(data: ArrayBuffer, name: string): GltfJson {
  const bytes = new Uint8Array(data)
  let text: string
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
    if (binAt + 8 <= length && binAt + 8 + view.getUint32(binAt, true) > length) {
      throw truncated('the binary chunk', binAt + 8 + view.getUint32(binAt, true))
    }
    text = new TextDecoder().decode(bytes.subarray(20, 20 + jsonLength))
  } else {
    text = new TextDecoder().decode(bytes)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new SceneInputError('parse', name, `the glTF JSON is invalid (${(e as Error).message})`, { cause: e })
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new SceneInputError('parse', name, 'the glTF JSON is not an object')
  return json as GltfJson
}

/**
 * Rejects what GLTFLoader would load badly or not at all: other glTF versions, external
 * files (a lone upload has none, and fetching them would reach the network), compressed
 * data, files without triangles, and more vertices than the limit (checked before decoding).
 */
export function checkGltfJson(json: GltfJson, name: string, limits: LoadLimits): void {
  const version = json.asset?.version
  if (typeof version !== 'string' || !version.startsWith('2')) {
    throw new SceneInputError('unsupported-format', name, `glTF version ${version ?? '(missing)'} is not supported; only glTF 2.0 is`)
  }
  for (const [kind, list] of [['buffer', json.buffers], ['image', json.images]] as const) {
    for (const item of list ?? []) {
      if (item.uri !== undefined && !item.uri.startsWith('data:')) {
        throw new SceneInputError('unsupported-format', name, `the ${kind} '${item.uri}' is a separate file; upload a .glb, or a .gltf with everything embedded`)
      }
    }
  }
  const unsupported = (json.extensionsRequired ?? []).filter((e) => UNSUPPORTED_EXTENSIONS.includes(e))
  if (unsupported.length > 0) {
    throw new SceneInputError('unsupported-format', name, `the file needs ${unsupported.join(', ')}, which is not supported; export it without compression`)
  }
  let vertices = 0
  let trianglePrimitives = 0
  for (const mesh of json.meshes ?? []) {
    for (const primitive of mesh.primitives ?? []) {
      if (!TRIANGLE_MODES.includes(primitive.mode)) continue
      trianglePrimitives++
      const position = primitive.attributes?.POSITION
      vertices += position === undefined ? 0 : json.accessors?.[position]?.count ?? 0
    }
  }
  if (!json.meshes?.length) throw new SceneInputError('no-geometry', name, 'the file contains no meshes')
  if (trianglePrimitives === 0) throw new SceneInputError('no-geometry', name, 'the file has only lines or points, no triangles')
  if (vertices > limits.maxVertices) {
    throw new SceneInputError('too-many-vertices', name, `the file has ${vertices} vertices; the limit is ${limits.maxVertices}`)
  }
}
