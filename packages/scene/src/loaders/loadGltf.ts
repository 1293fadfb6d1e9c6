import { Matrix3, Vector3 } from 'three'
import type { RgbaImage } from '../objects/types'
import { decodeImage } from './decodeImage'
import { SceneInputError, formatBytes } from './errors'
import { BYTE, ELEMENTS_PER_STEP, FLOAT, INTEGERS, SHORT, UNSIGNED_BYTE, UNSIGNED_INT, UNSIGNED_SHORT, expectAccessor, readFloats, readIndices } from './gltfAccessors'
import { decodeDataUri, own, readGltfFile, show, type AccessorInfo, type GltfDocument } from './gltfContainer'
import { instanceMatrices, placeMeshes } from './gltfNodes'
import { resolveLimits, type LoadLimits } from './limits'
import { firstNonFinite, smoothNormalSteps, solidImage, sphericalUvs, writeUnit, type IndexedMesh } from './meshUtils'
import { runInSlices, type Steps } from './slices'

export interface GltfParseOptions {
  /** file name for error messages */
  name?: string
  limits?: Partial<LoadLimits>
}

export interface GltfMesh extends IndexedMesh {
  /** base-colour texture (or solid base colour) of the first material; null if it has neither */
  texture: RgbaImage | null
}


export { MAX_GLTF_NODE_DEPTH } from './gltfNodes'

/**
 * Parses a .glb / .gltf (embedded data only) into one indexed mesh in world space, plus the
 * first material's base-colour texture (decoding it needs a browser). Everything is read by our
 * own checked reader, not three's GLTFLoader: the node graph must be a forest (no cycles, one
 * parent per node, bounded depth), accessors must lie inside their buffers, indices inside
 * their primitive's vertices, and the vertex and triangle limits hold before any data is read.
 */
export async function parseGltf(data: ArrayBuffer, opts: GltfParseOptions = {}): Promise<GltfMesh> {
  const name = opts.name ?? 'model.glb'
  const limits = resolveLimits(opts.limits)
  if (data.byteLength > limits.maxFileBytes) {
    throw new SceneInputError('too-large', name, `${name} is ${formatBytes(data.byteLength)}; the limit is ${formatBytes(limits.maxFileBytes)}`)
  }
  const doc = await runInSlices(readGltfFile(data, name))
  const { mesh, material } = await runInSlices(readScene(doc, limits))
  const texture = material === undefined ? null : await baseColor(doc, material, limits)
  return { ...mesh, texture }
}

interface Primitive {
  where: string
  mode: number
  position: AccessorInfo
  normal?: AccessorInfo
  uv?: AccessorInfo
  indices?: AccessorInfo
  material?: number
  triangles: number
}

function* readScene(doc: GltfDocument, limits: LoadLimits): Steps<{ mesh: IndexedMesh; material: number | undefined }> {
  doc.checkAccessors()
  let trianglePrimitives = 0
  const meshes = doc.list('meshes').map((_, m) => {
    const { primitives, triangleModes } = meshPrimitives(doc, m)
    trianglePrimitives += triangleModes
    return primitives
  })
  if (trianglePrimitives === 0) throw doc.fail('the file has only lines or points, no triangles', 'no-geometry')
  const placements = placeMeshes(doc)

  // The limits hold before a byte of vertex data is read (a mesh placed n times counts n times).
  let vertexTotal = 0
  let triangleTotal = 0
  for (const { mesh, instancing } of placements) {
    for (const p of meshes[mesh]) {
      vertexTotal += p.position.count * (instancing?.count ?? 1)
      triangleTotal += p.triangles * (instancing?.count ?? 1)
    }
  }
  if (vertexTotal > limits.maxVertices) throw doc.fail(`the scene has ${vertexTotal} vertices; the limit is ${limits.maxVertices}`, 'too-many-vertices')
  if (triangleTotal > limits.maxTriangles) throw doc.fail(`the scene has ${triangleTotal} triangles; the limit is ${limits.maxTriangles}`, 'too-many-triangles')
  if (vertexTotal === 0 || triangleTotal === 0) throw doc.fail('the file contains no triangles', 'no-geometry')

  const positions = new Float32Array(vertexTotal * 3)
  const normals = new Float32Array(vertexTotal * 3)
  const uvs = new Float32Array(vertexTotal * 2)
  const indices = new Uint32Array(triangleTotal * 3)
  const hasNormal = new Uint8Array(vertexTotal)
  const hasUv = new Uint8Array(vertexTotal)
  const p = new Vector3()
  const normalMatrix = new Matrix3()
  const data = new Map<Primitive, { position: Float32Array; normal?: Float32Array; uv?: Float32Array; indices?: Uint32Array }>()
  let material: number | undefined
  let first = true
  let base = 0
  let at = 0
  for (const placement of placements) {
    if (meshes[placement.mesh].length === 0) continue
    const matrices = placement.instancing ? yield* instanceMatrices(doc, placement) : [placement.matrix]
    for (const prim of meshes[placement.mesh]) {
      if (first) material = prim.material
      first = false
      let read = data.get(prim)
      if (!read) {
        const position = yield* readFloats(prim.position)
        const normal = prim.normal && (yield* readFloats(prim.normal))
        const uv = prim.uv && (yield* readFloats(prim.uv))
        const bad = uv ? firstNonFinite(uv) : -1
        if (bad >= 0) throw doc.fail(`accessor ${prim.uv!.index} (TEXCOORD_0 of ${prim.where}) has a value that is not a finite number`, 'invalid-geometry')
        read = { position, normal, uv, indices: prim.indices && (yield* readIndices(doc, prim.indices, `the indices of ${prim.where}`, prim.position.count)) }
        data.set(prim, read)
      }
      const count = prim.position.count
      for (const matrix of matrices) {
        normalMatrix.getNormalMatrix(matrix)
        for (let i = 0; i < count; i++) {
          const v = base + i
          p.fromArray(read.position, i * 3).applyMatrix4(matrix).toArray(positions, v * 3)
          if (read.normal) {
            p.fromArray(read.normal, i * 3).applyMatrix3(normalMatrix)
            writeUnit(normals, v * 3, p.x, p.y, p.z)
            hasNormal[v] = 1
          }
          if (read.uv) {
            uvs[v * 2] = read.uv[i * 2]
            uvs[v * 2 + 1] = read.uv[i * 2 + 1] // glTF UVs are already image space
            hasUv[v] = 1
          }
          if ((i & (ELEMENTS_PER_STEP - 1)) === ELEMENTS_PER_STEP - 1) yield
        }
        at = writeTriangles(indices, at, prim, read.indices, base, matrix.determinant() < 0)
        base += count
        yield
      }
    }
  }
  const bad = firstNonFinite(positions)
  if (bad >= 0) throw doc.fail(`vertex ${Math.floor(bad / 3)} has a coordinate that is not a finite number`, 'invalid-geometry')
  if (hasUv.includes(0)) sphericalUvs(positions, (v) => hasUv[v] === 0, uvs)
  if (hasNormal.includes(0)) {
    const smooth = yield* smoothNormalSteps(positions, indices)
    for (let v = 0; v < vertexTotal; v++) if (!hasNormal[v]) normals.set(smooth.subarray(v * 3, v * 3 + 3), v * 3)
  }
  return { mesh: { positions, normals, uvs, indices }, material }
}

/** Triangle lists, strips and fans as lists; a mirroring transform swaps two corners so faces stay outward. */
function writeTriangles(out: Uint32Array, at: number, prim: Primitive, index: Uint32Array | undefined, base: number, mirrored: boolean): number {
  const corner = (i: number) => base + (index ? index[i] : i)
  const push = (a: number, b: number, c: number) => {
    out[at++] = corner(a)
    out[at++] = corner(mirrored ? c : b)
    out[at++] = corner(mirrored ? b : c)
  }
  for (let t = 0; t < prim.triangles; t++) {
    if (prim.mode === 4) push(3 * t, 3 * t + 1, 3 * t + 2)
    else if (prim.mode === 5) t % 2 === 0 ? push(t, t + 1, t + 2) : push(t + 2, t + 1, t)
    else push(0, t + 1, t + 2)
  }
  return at
}

/** A mesh's primitives, checked; those drawn as triangles and having positions are returned. */
function meshPrimitives(doc: GltfDocument, m: number): { primitives: Primitive[]; triangleModes: number } {
  const list = own(doc.list('meshes')[m], 'primitives')
  if (!Array.isArray(list)) throw doc.fail(`mesh ${m}: primitives is ${show(list)}; it should be a list`)
  const primitives: Primitive[] = []
  let triangleModes = 0
  list.forEach((def: unknown, k) => {
    const where = `mesh ${m} primitive ${k}`
    const prim = doc.object(where, 'the primitive', def)
    if (!prim) throw doc.fail(`${where} is missing`)
    const mode = doc.uint(where, 'mode', own(prim, 'mode'), 0, 4)
    if (mode > 6) throw doc.fail(`${where}: mode ${mode} is not a glTF primitive mode (0 to 6)`)
    const attributes = doc.object(where, 'attributes', own(prim, 'attributes'))
    if (!attributes) throw doc.fail(`${where} has no attributes`)
    const accessor = (field: string, value: unknown) => (value === undefined ? undefined : doc.accessor(doc.ref(where, field, value, 'accessors')))
    const position = accessor('POSITION', own(attributes, 'POSITION'))
    const normal = accessor('NORMAL', own(attributes, 'NORMAL'))
    const uv = accessor('TEXCOORD_0', own(attributes, 'TEXCOORD_0'))
    const indices = accessor('indices', own(prim, 'indices'))
    const materialField = own(prim, 'material')
    const material = materialField === undefined ? undefined : doc.ref(where, 'material', materialField, 'materials')
    if (mode < 4) return // points and lines: not a surface
    triangleModes++
    if (!position) return
    expectAccessor(doc, position, `POSITION of ${where}`, ['VEC3'], [FLOAT, ...INTEGERS])
    const sameCount = (info: AccessorInfo, attribute: string) => {
      if (info.count !== position.count) {
        throw doc.fail(`accessor ${info.index} (${attribute} of ${where}) has ${info.count} elements, but POSITION (accessor ${position.index}) has ${position.count}`)
      }
      return info
    }
    if (normal) sameCount(expectAccessor(doc, normal, `NORMAL of ${where}`, ['VEC3'], [FLOAT, BYTE, SHORT]), 'NORMAL')
    if (uv) sameCount(expectAccessor(doc, uv, `TEXCOORD_0 of ${where}`, ['VEC2'], [FLOAT, ...INTEGERS]), 'TEXCOORD_0')
    if (indices) {
      expectAccessor(doc, indices, `the indices of ${where}`, ['SCALAR'], [UNSIGNED_BYTE, UNSIGNED_SHORT, UNSIGNED_INT])
      if (indices.normalized) throw doc.fail(`accessor ${indices.index} (the indices of ${where}) is normalized; indices cannot be`)
    }
    const n = indices ? indices.count : position.count
    const triangles = mode === 4 ? Math.floor(n / 3) : Math.max(0, n - 2)
    primitives.push({ where, mode, position, normal, uv, indices, material, triangles })
  })
  return { primitives, triangleModes }
}

/** The material's base-colour texture as pixels; failing that its base colour as a solid image. */
async function baseColor(doc: GltfDocument, m: number, limits: LoadLimits): Promise<RgbaImage | null> {
  const owner = `material ${m}`
  const pbr = doc.object(owner, 'pbrMetallicRoughness', own(doc.list('materials')[m], 'pbrMetallicRoughness'))
  if (!pbr) return null
  const info = doc.object(owner, 'baseColorTexture', own(pbr, 'baseColorTexture'))
  if (info) {
    const bytes = textureBytes(doc, doc.ref(owner, 'baseColorTexture index', own(info, 'index'), 'textures'))
    return decodeImage(new Blob([bytes.slice()]), { name: `${doc.name} (embedded texture)`, limits })
  }
  const factorField = own(pbr, 'baseColorFactor')
  if (factorField === undefined) return null
  const factor = doc.numbers(owner, 'baseColorFactor', factorField, 4).map((c) => Math.min(1, Math.max(0, c)))
  // baseColorFactor is linear; RgbaImage holds sRGB bytes like any decoded picture.
  const srgb = (c: number) => 255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055)
  return solidImage([srgb(factor[0]), srgb(factor[1]), srgb(factor[2]), 255 * factor[3]])
}

/** The encoded image of texture `t` (its WebP source if it has one), from a bufferView or a data: URI. */
function textureBytes(doc: GltfDocument, t: number): Uint8Array {
  const texture = doc.list('textures')[t]
  const owner = `texture ${t}`
  const extensions = doc.object(owner, 'extensions', own(texture, 'extensions'))
  const webp = extensions && doc.object(owner, 'EXT_texture_webp', own(extensions, 'EXT_texture_webp'))
  const source = (webp && own(webp, 'source')) ?? own(texture, 'source')
  if (source === undefined) throw doc.fail(`${owner} has no image source (a KTX2 texture is not supported)`, 'texture')
  const i = doc.ref(owner, 'source', source, 'images')
  const image = doc.list('images')[i]
  const view = own(image, 'bufferView')
  if (view !== undefined) return doc.bufferView(doc.ref(`image ${i}`, 'bufferView', view, 'bufferViews')).bytes
  const uri = own(image, 'uri')
  if (typeof uri !== 'string') throw doc.fail(`image ${i} has neither a bufferView nor a uri`, 'texture')
  const bytes = decodeDataUri(uri)
  if (!bytes) throw doc.fail(`image ${i}: its data: URI is not valid base64`, 'texture')
  return bytes
}
