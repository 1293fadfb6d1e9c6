import { LoadingManager, Matrix3, Matrix4, Vector3, type BufferAttribute, type InstancedMesh, type Material, type Mesh, type Object3D, type Texture } from 'three'
import { GLTFLoader, type GLTF } from 'three/examples/jsm/loaders/GLTFLoader.js'
import type { RgbaImage } from '../objects/types'
import { imageToRgba } from './decodeImage'
import { SceneInputError } from './errors'
import { checkGltfJson, readGltfJson, type GltfJson } from './gltfContainer'
import { resolveLimits, type LoadLimits } from './limits'
import { computeSmoothNormals, firstNonFinite, solidImage, sphericalUvs, writeUnit, type IndexedMesh } from './meshUtils'

export interface GltfParseOptions {
  /** file name for error messages */
  name?: string
  limits?: Partial<LoadLimits>
}

export interface GltfMesh extends IndexedMesh {
  /** base-colour texture (or solid base colour) of the first material; null if it has neither */
  texture: RgbaImage | null
}

/**
 * Parses a .glb / .gltf (embedded data only) into one indexed mesh in world space, plus the
 * first material's base-colour texture. Browser only when the file has textures.
 */
export async function parseGltf(data: ArrayBuffer, opts: GltfParseOptions = {}): Promise<GltfMesh> {
  const name = opts.name ?? 'model.glb'
  const limits = resolveLimits(opts.limits)
  const json = readGltfJson(data, name)
  checkGltfJson(json, name, limits)

  // A private manager: the default one is global and the app may show progress from it.
  const loader = new GLTFLoader(new LoadingManager())
  let gltf: GLTF
  try {
    gltf = await loader.parseAsync(data, '')
  } catch (e) {
    throw new SceneInputError('parse', name, `the glTF could not be parsed (${e instanceof Error ? e.message : String(e)})`, { cause: e })
  }
  try {
    const meshes = collectMeshes(gltf.scene)
    const mesh = mergeMeshes(meshes, name, limits.maxVertices)
    const texture = meshes.length > 0 ? baseColor(gltf, json, firstMaterial(meshes[0].mesh), name, limits.maxTextureSide) : null
    return { ...mesh, texture }
  } finally {
    disposeScene(gltf.scene)
  }
}

interface Placed {
  mesh: Mesh
  /** object-to-world matrix (node transforms times instance matrix) */
  matrix: Matrix4
}

function collectMeshes(scene: Object3D): Placed[] {
  scene.updateMatrixWorld(true)
  const placed: Placed[] = []
  scene.traverse((object) => {
    const mesh = object as Mesh
    if (!mesh.isMesh || !mesh.geometry.getAttribute('position')) return
    const instanced = object as InstancedMesh
    if (instanced.isInstancedMesh) {
      for (let i = 0; i < instanced.count; i++) {
        const m = new Matrix4()
        instanced.getMatrixAt(i, m)
        placed.push({ mesh, matrix: m.premultiply(mesh.matrixWorld) })
      }
    } else {
      placed.push({ mesh, matrix: mesh.matrixWorld.clone() })
    }
  })
  return placed
}

/** Concatenates all meshes, keeping each one's own indexing, so vertex order is stable. */
function mergeMeshes(placed: Placed[], name: string, maxVertices: number): IndexedMesh {
  let vertexTotal = 0
  let indexTotal = 0
  for (const { mesh } of placed) {
    const count = mesh.geometry.getAttribute('position').count
    vertexTotal += count
    indexTotal += mesh.geometry.index ? mesh.geometry.index.count : count
  }
  if (vertexTotal === 0 || indexTotal < 3) throw new SceneInputError('no-geometry', name, 'the file contains no triangles')
  if (vertexTotal > maxVertices) {
    throw new SceneInputError('too-many-vertices', name, `the scene has ${vertexTotal} vertices (with repeated meshes); the limit is ${maxVertices}`)
  }
  const positions = new Float32Array(vertexTotal * 3)
  const normals = new Float32Array(vertexTotal * 3)
  const uvs = new Float32Array(vertexTotal * 2)
  const indices = new Uint32Array(indexTotal - (indexTotal % 3))
  const hasNormal = new Uint8Array(vertexTotal)
  const hasUv = new Uint8Array(vertexTotal)
  const p = new Vector3()
  const normalMatrix = new Matrix3()
  let base = 0
  let at = 0
  for (const { mesh, matrix } of placed) {
    const geometry = mesh.geometry
    const position = geometry.getAttribute('position') as BufferAttribute
    const normal = geometry.getAttribute('normal') as BufferAttribute | undefined
    const uv = geometry.getAttribute('uv') as BufferAttribute | undefined
    normalMatrix.getNormalMatrix(matrix)
    for (let i = 0; i < position.count; i++) {
      const v = base + i
      p.fromBufferAttribute(position, i).applyMatrix4(matrix).toArray(positions, v * 3)
      if (normal) {
        p.fromBufferAttribute(normal, i).applyMatrix3(normalMatrix)
        writeUnit(normals, v * 3, p.x, p.y, p.z)
        hasNormal[v] = 1
      }
      if (uv) {
        uvs[v * 2] = uv.getX(i)
        uvs[v * 2 + 1] = uv.getY(i) // glTF UVs are already image space
        hasUv[v] = 1
      }
    }
    // A mirroring transform turns the triangles inside out; swap two corners to undo that.
    const mirrored = matrix.determinant() < 0
    const count = geometry.index ? geometry.index.count : position.count
    for (let t = 0; t + 2 < count; t += 3) {
      const corner = (k: number) => base + (geometry.index ? geometry.index.getX(t + k) : t + k)
      indices[at++] = corner(0)
      indices[at++] = corner(mirrored ? 2 : 1)
      indices[at++] = corner(mirrored ? 1 : 2)
    }
    base += position.count
  }
  const bad = firstNonFinite(positions)
  if (bad >= 0) throw new SceneInputError('invalid-geometry', name, `vertex ${Math.floor(bad / 3)} has a coordinate that is not a finite number`)
  if (hasUv.includes(0)) sphericalUvs(positions, (v) => hasUv[v] === 0, uvs)
  if (hasNormal.includes(0)) {
    const smooth = computeSmoothNormals(positions, indices)
    for (let v = 0; v < vertexTotal; v++) if (!hasNormal[v]) normals.set(smooth.subarray(v * 3, v * 3 + 3), v * 3)
  }
  return { positions, normals, uvs, indices }
}

function firstMaterial(mesh: Mesh): Material | undefined {
  return Array.isArray(mesh.material) ? mesh.material[0] : mesh.material
}

/** The material's base-colour map as pixels; failing that its base colour as a solid image. */
function baseColor(gltf: GLTF, json: GltfJson, material: Material | undefined, name: string, maxSide: number): RgbaImage | null {
  if (!material) return null
  const index = gltf.parser.associations.get(material)?.materials
  const def = index === undefined ? undefined : json.materials?.[index]?.pbrMetallicRoughness
  const map = (material as Material & { map?: Texture | null }).map
  if (map?.image) return imageToRgba(map.image as ImageBitmap, `${name} (embedded texture)`, maxSide)
  // GLTFLoader only logs a broken image and leaves map null; the user should hear about it.
  if (def?.baseColorTexture !== undefined) throw new SceneInputError('texture', name, 'the embedded base-colour texture could not be decoded')
  const factor = def?.baseColorFactor
  if (!factor) return null
  // baseColorFactor is linear; RgbaImage holds sRGB bytes like any decoded picture.
  const srgb = (c: number) => 255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055)
  return solidImage([srgb(factor[0]), srgb(factor[1]), srgb(factor[2]), 255 * (factor[3] ?? 1)])
}

/** Frees what GLTFLoader allocated: nothing from a parsed file outlives the call. */
function disposeScene(scene: Object3D): void {
  scene.traverse((object) => {
    const mesh = object as Mesh
    if (!mesh.isMesh) return
    mesh.geometry.dispose()
    for (const material of Array.isArray(mesh.material) ? mesh.material : [mesh.material]) {
      for (const value of Object.values(material)) {
        const texture = value as Texture | null
        if (texture?.isTexture) {
          ;(texture.image as ImageBitmap | undefined)?.close?.()
          texture.dispose()
        }
      }
      material.dispose()
    }
  })
}
